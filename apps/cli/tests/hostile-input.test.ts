import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expectCleanFailure, filesUnder, spawnTlkit, tlkitInProcess as tlkit } from './harness.js';

// The corpus of hostile and careless input of issue 18, run against the CLI in this process: each case answers with
// its exit code and exactly one line on stderr naming the file or flag, no stack trace, and leaves no file behind.

let dir: string;
const at = (name: string) => join(dir, name);
let source: string;
let target: string;
const LABEL = 'Miles_per_Gallon';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tlkit-hostile-'));
  expect((await tlkit('datasets', '--export', at('data'), '--name', 'cars-usa-japan')).code).toBe(0);
  source = at('data/cars-usa-japan.source.csv');
  target = at('data/cars-usa-japan.target.csv');
  expect((await tlkit('fit', '--source', source, '--label', LABEL, '--out', at('source.json'))).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a failing command and checks that nothing new appeared in the folder. */
async function fails(argv: string[], code: number, what: string | RegExp): Promise<void> {
  const before = filesUnder(dir);
  const r = await tlkit(...argv);
  expectCleanFailure(r, code, what);
  expect(filesUnder(dir)).toEqual(before);
}

describe('an output that is one of the command’s inputs is refused before anything is read or written', () => {
  it('fit --out equal to --source (also as ./path, a symbolic link or a hard link) leaves the CSV as it was', async () => {
    const csv = at('own.csv');
    writeFileSync(csv, readFileSync(source));
    const before = readFileSync(csv, 'utf8');
    await fails(['fit', '--source', csv, '--label', LABEL, '--out', csv], 2, `--out ${csv} is the same file as --source`);
    await fails(['fit', '--source', csv, '--label', LABEL, '--out', join(dir, '.', 'own.csv')], 2, 'is the same file as --source');
    symlinkSync(csv, at('own-link.csv'));
    await fails(['fit', '--source', csv, '--label', LABEL, '--out', at('own-link.csv')], 2, 'is the same file as --source');
    expect(readFileSync(csv, 'utf8')).toBe(before);
    linkSync(csv, at('own-hard.csv'));
    await fails(['fit', '--source', csv, '--label', LABEL, '--out', at('own-hard.csv')], 2, 'is the same file as --source');
    expect(readFileSync(csv, 'utf8')).toBe(before);
    for (const f of ['own-link.csv', 'own-hard.csv', 'own.csv']) rmSync(at(f));
  });

  it('predict --out equal to --model, transfer --out equal to --model or --target, compare --json equal to --report', async () => {
    const model = readFileSync(at('source.json'), 'utf8');
    await fails(['predict', '--model', at('source.json'), '--input', target, '--out', at('source.json')], 2, '--out');
    await fails(['predict', '--model', at('source.json'), '--input', target, '--out', target], 2, 'is the same file as --input');
    await fails(
      ['transfer', '--model', at('source.json'), '--target', target, '--out', at('source.json')],
      2,
      'is the same file as --model',
    );
    await fails(['transfer', '--model', at('source.json'), '--target', target, '--out', target], 2, 'is the same file as --target');
    await fails(
      ['compare', '--source', source, '--target', target, '--label', LABEL, '--json', at('r.out'), '--report', at('r.out')],
      2,
      '--report and --json name the same file',
    );
    await fails(['compare', '--source', source, '--target', target, '--label', LABEL, '--json', source], 2, 'is the same file as --source');
    expect(readFileSync(at('source.json'), 'utf8')).toBe(model);
  });

  it('outputs that cannot be written are named before the work starts (empty, below a file, a folder, a missing folder)', async () => {
    const base = ['fit', '--source', source, '--label', LABEL, '--out'];
    await fails([...base, ''], 2, '--out is empty');
    await fails([...base, join(source, 'model.json')], 2, `--out ${join(source, 'model.json')}: ${source} is a file, not a folder`);
    await fails([...base, at('data')], 2, `--out ${at('data')}: is a folder; give a file name`);
    await fails([...base, at('nope/model.json')], 2, `folder ${at('nope')} does not exist`);
    await fails(['compare', '--dataset', 'cars-usa-japan', '--report', ''], 2, '--report is empty');
  });
});

describe('temporary files', () => {
  it('a temporary left by a process killed with kill -9 is removed by the next write of the same file', async () => {
    const stale = at(`.pred.csv.tmp-${2 ** 22 + 1}-1700000000000`);
    writeFileSync(stale, 'x'.repeat(2 ** 20));
    const r = await tlkit('predict', '--model', at('source.json'), '--input', target, '--out', at('pred.csv'));
    expect(r.code).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(filesUnder(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    rmSync(at('pred.csv'));
  });

  it('SIGINT and SIGTERM stop the real binary (its draw workers too) with 130 / 143, one line, and nothing written', async () => {
    for (const [signal, code] of [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const) {
      const work = at(`signal-${signal}`);
      mkdirSync(work);
      const child = spawnTlkit(work, [
        'compare',
        '--dataset',
        'cars-usa-japan',
        '--repeats',
        '500',
        '--workers',
        '2',
        '--json',
        'r.json',
        '--report',
        'r.html',
        '-q',
      ]);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      child.kill(signal);
      const r = await child.done;
      expect(r.code).toBe(code);
      expect(r.stderr.trim().split('\n')).toEqual([`tlkit: stopped by ${signal}`]);
      expect(filesUnder(work)).toEqual([]);
    }
  });
});

describe('unclear messages made clear', () => {
  it('gzip, UTF-16, binary and semicolon-separated files get a hint naming the file', async () => {
    const csv = readFileSync(source, 'utf8');
    writeFileSync(at('gz.csv'), gzipSync(csv));
    writeFileSync(at('utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]));
    writeFileSync(at('bin.csv'), Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 1, 2, 3, 0, 0, 0]));
    writeFileSync(at('semi.csv'), csv.replaceAll(',', ';'));
    writeFileSync(at('semi-decimal.csv'), 'a;b;y\n1,5;2;3\n2;3,5;4\n');
    const fit = (file: string) => ['fit', '--source', at(file), '--label', LABEL, '--out', at('never.json')];
    await fails(fit('gz.csv'), 1, `${at('gz.csv')}: is gzip-compressed; decompress it first`);
    await fails(fit('utf16.csv'), 1, `${at('utf16.csv')}: is UTF-16 text; save it as UTF-8`);
    await fails(fit('bin.csv'), 1, `${at('bin.csv')}: holds binary data (NUL bytes), not CSV text`);
    await fails(fit('semi.csv'), 1, /semi\.csv: has one column, ".*"; is it separated by semicolons\? tlkit reads comma-separated files/);
    await fails(
      fit('semi-decimal.csv'),
      1,
      /semi-decimal\.csv line 2: row has 2 fields, the header has 1 \(is the file separated by semicolons\?/,
    );
    for (const f of ['gz.csv', 'utf16.csv', 'bin.csv', 'semi.csv', 'semi-decimal.csv']) rmSync(at(f));
  });

  it('terminal escape sequences from a CSV header or a bundle label never reach the terminal raw', async () => {
    const evil = '\u001b]0;owned\u0007\u001b[2J';
    writeFileSync(at('evil.csv'), `a,b${evil},y\n1,2,3\n`);
    const r = await tlkit('fit', '--source', at('evil.csv'), '--label', `y${evil}`, '--out', at('never.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr).toContain('header column 2 ("b\\u001b]0;owned\\u0007\\u001b[2J") holds a line break or another control character');
    const bundle = JSON.parse(readFileSync(at('source.json'), 'utf8')) as { preprocessor: { schema: { label: { name: string } } } };
    bundle.preprocessor.schema.label.name = `mpg${evil}`;
    writeFileSync(at('evil.json'), JSON.stringify({ ...bundle, method: `ridge\u202e` }));
    const inspected = await tlkit('inspect', at('evil.json'));
    expect(inspected.code).toBe(0);
    for (const c of ['\u001b', '\u0007', '\u202e']) expect(inspected.stdout).not.toContain(c);
    expect(inspected.stdout).toContain('mpg\\x1b]0;owned');
    rmSync(at('evil.csv'));
    rmSync(at('evil.json'));
  });

  it('commander’s own errors are one line too', async () => {
    await fails(['compare', '--frobnicate'], 2, "unknown option '--frobnicate' (run with --help for usage)");
    await fails(['fit', '--source', source, '--label', LABEL], 2, "required option '--out <file>' not specified");
  });
});

/** A numeric CSV: `rows` rows of a, b and y = 2a − b, with `edit` applied to each row's cells. */
function numericCsv(rows: number, edit?: (i: number, cells: string[]) => void): string {
  const lines = ['a,b,y'];
  for (let i = 0; i < rows; i++) {
    const cells = [String((i * 7) % 13), String((i * 5) % 11), ''];
    cells[2] = String(2 * Number(cells[0]) - Number(cells[1]) + ((i * 3) % 7) / 10);
    edit?.(i, cells);
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

describe('silent wrong answers are now clear errors or right answers', () => {
  it('a stray text cell in a numeric column is the same error in fit, fit --stream and compare (file, line, column, cell)', async () => {
    writeFileSync(
      at('typo.csv'),
      numericCsv(120, (i, c) => i === 40 && (c[1] = 'abc')),
    );
    writeFileSync(
      at('huge.csv'),
      numericCsv(120, (i, c) => i === 9 && (c[0] = '1e400')),
    );
    const message = `${at('typo.csv')} line 42, column "b": "abc" is not a number, but 119 of the column's 120 values are numbers (fix the cell, or use --categorical b`;
    await fails(['fit', '--source', at('typo.csv'), '--label', 'y', '--out', at('m.json')], 1, message);
    await fails(['fit', '--source', at('typo.csv'), '--label', 'y', '--out', at('m.json'), '--stream'], 1, message);
    await fails(['compare', '--source', at('typo.csv'), '--target', at('typo.csv'), '--label', 'y'], 1, message);
    await fails(
      ['fit', '--source', at('huge.csv'), '--label', 'y', '--out', at('m.json')],
      1,
      `${at('huge.csv')} line 11, column "a": "1e400" is beyond the range of fp64 numbers`,
    );
    const forced = await tlkit('fit', '--source', at('typo.csv'), '--label', 'y', '--out', at('m.json'), '--categorical', 'b');
    expect(forced.code).toBe(0);
    for (const f of ['typo.csv', 'huge.csv', 'm.json']) rmSync(at(f));
  });

  it('a date column is refused naming --dates and --ignore; read as days with --dates; dropped with a warning on request', async () => {
    writeFileSync(
      at('weather.csv'),
      numericCsv(80, (i, c) => (c[0] = new Date(Date.UTC(2012, 0, 1 + i)).toISOString().slice(0, 10))),
    );
    const fit = ['fit', '--source', at('weather.csv'), '--label', 'y', '--out', at('w.json')];
    await fails(
      fit,
      1,
      `${at('weather.csv')}: column "a" has 80 distinct values in 80 rows (dates), too many to one-hot encode; parse it as dates with --dates a, or leave it out with --ignore a`,
    );
    const dated = await tlkit(...fit, '--dates');
    expect(dated.code).toBe(0);
    const bundle = JSON.parse(readFileSync(at('w.json'), 'utf8')) as {
      preprocessor: { schema: { features: { name: string; type: string }[] } };
    };
    expect(bundle.preprocessor.schema.features[0]).toEqual({ name: 'a', type: 'date' });
    const dropped = await tlkit(...fit, '--drop-high-cardinality');
    expect(dropped.code).toBe(0);
    expect(dropped.stderr).toBe(
      `tlkit: warning: ${at('weather.csv')}: left out column "a" has 80 distinct values in 80 rows (too many to one-hot encode)\n`,
    );
    const columns = await tlkit('columns', at('weather.csv'), '--label', 'y');
    expect(columns.stdout).toMatch(/a\s+date\s+80\s+0\s+dates: refused unless --dates or --ignore/);
    rmSync(at('weather.csv'));
    rmSync(at('w.json'));
  });

  it('features near 1e200 fit and predict; labels near 1e300 fit (the scaled identity) and are scored finitely by evaluate', async () => {
    writeFileSync(
      at('wide.csv'),
      numericCsv(60, (_, c) => (c[1] = `${c[1]}e200`)),
    );
    expect((await tlkit('fit', '--source', at('wide.csv'), '--label', 'y', '--task', 'regression', '--out', at('wide.json'))).code).toBe(0);
    const scale = (JSON.parse(readFileSync(at('wide.json'), 'utf8')) as { preprocessor: { scaler: { scale: (number | null)[] } } })
      .preprocessor.scaler.scale;
    expect(scale[1]).toBeGreaterThan(1e199);
    const predicted = await tlkit('predict', '--model', at('wide.json'), '--input', at('wide.csv'));
    expect(predicted.code).toBe(0);
    expect(predicted.stdout).not.toMatch(/Infinity|NaN/);
    writeFileSync(
      at('bigy.csv'),
      numericCsv(60, (_, c) => (c[2] = `${c[2]}e300`)),
    );
    // bigy.csv is plain.csv with every label × 1e300: its model's metrics are plain's, the errors × 1e300.
    expect((await tlkit('fit', '--source', at('bigy.csv'), '--label', 'y', '--task', 'regression', '--out', at('bigy.json'))).code).toBe(0);
    writeFileSync(at('plain.csv'), numericCsv(60));
    expect((await tlkit('fit', '--source', at('plain.csv'), '--label', 'y', '--task', 'regression', '--out', at('plain.json'))).code).toBe(
      0,
    );
    const metricsOf = async (model: string, input: string) => {
      const r = await tlkit('evaluate', '--model', at(model), '--input', at(input), '--json');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as { rmse: number; r2: number };
    };
    const big = await metricsOf('bigy.json', 'bigy.csv');
    const plain = await metricsOf('plain.json', 'plain.csv');
    expect(big.rmse / 1e300).toBeCloseTo(plain.rmse, 10);
    expect(big.r2).toBeCloseTo(plain.r2, 10);
    const crossed = await metricsOf('plain.json', 'bigy.csv');
    expect(Number.isFinite(crossed.rmse) && crossed.rmse > 1e299).toBe(true);
    for (const f of ['wide.csv', 'wide.json', 'bigy.csv', 'bigy.json', 'plain.csv', 'plain.json']) rmSync(at(f));
  });
});

describe('crashes and hangs of fit --stream and compare', () => {
  const stream = (file: string) => ['fit', '--source', file, '--label', 'y', '--out', at('s.json'), '--stream'];

  it('a header-only file, a first row or a header over 1 MB, a pipe, /dev/zero, 10,000 columns', async () => {
    writeFileSync(at('header.csv'), 'a,b,y\n');
    await fails(stream(at('header.csv')), 1, `${at('header.csv')}: has a header but no data rows`);
    const long = '9'.repeat(1_200_000);
    writeFileSync(at('longrow.csv'), `a,b,y\n${long},1,2\n3,4,5\n`);
    const r = await tlkit(...stream(at('longrow.csv')));
    expect(r.stderr).not.toMatch(/Cannot read/);
    const names = Array.from({ length: 120_000 }, (_, j) => `c${j}`);
    writeFileSync(at('longheader.csv'), `${names.join(',')},y\n${names.map(() => '1').join(',')},2\n`);
    await fails(stream(at('longheader.csv')), 1, 'the header has 120001 columns, more than the 100000 read');
    await fails(stream('/dev/zero'), 1, '/dev/zero: is not a regular file (a pipe or a device?); --stream reads the file twice');
    await fails(['fit', '--source', '/dev/zero', '--label', 'y', '--out', at('s.json')], 1, '/dev/zero: holds binary data');
    const wide = Array.from({ length: 10_000 }, (_, j) => `f${j}`);
    const wideRows = Array.from({ length: 60 }, (_, i) => `${wide.map((_, j) => (i * j) % 7).join(',')},${i}`);
    writeFileSync(at('wide.csv'), `${wide.join(',')},y\n${wideRows.join('\n')}\n`);
    await fails(
      stream(at('wide.csv')),
      1,
      'has 10000 feature columns; --stream keeps a 10000×10000 matrix of moments and handles at most 2048',
    );
    for (const f of ['header.csv', 'longrow.csv', 'longheader.csv', 'wide.csv']) rmSync(at(f));
  });

  it('a named pipe is refused by --stream, and read with a bound otherwise', async () => {
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [at('pipe.csv')]);
    await fails(stream(at('pipe.csv')), 1, 'is not a regular file (a pipe or a device?)');
    rmSync(at('pipe.csv'));
  });

  it('--repeats, --seed, --sizes and --workers past their bounds, --methods empty, --per-class on regression', async () => {
    const compare = ['compare', '--dataset', 'cars-usa-japan'];
    await fails(
      [...compare, '--repeats', '99999999999999999999'],
      2,
      '--repeats must be a whole number from 2 to 10,000, got "99999999999999999999"',
    );
    await fails([...compare, '--seed', '99999999999999999999'], 2, '--seed must be a whole number from 0 to 9,007,199,254,740,991');
    await fails([...compare, '--sizes', '5,99999999999'], 2, '--sizes must be a whole number from 0 to 1,000,000');
    await fails([...compare, '--workers', '0'], 2, '--workers must be a whole number from 1 to 64, got "0"');
    await fails([...compare, '--workers', '65'], 2, '--workers must be a whole number from 1 to 64, got "65"');
    await fails([...compare, '--workers', 'all'], 2, '--workers must be a whole number from 1 to 64, got "all"');
    await fails([...compare, '--methods', ''], 2, '--methods is empty; give comma-separated method names, or "all"');
    await fails([...compare, '--per-class', '--task', 'regression'], 2, '--per-class applies to classification');
    await fails([...compare, '--per-class', '--repeats', '2'], 2, '--per-class applies to classification; this task is regression');
    await fails(['datasets', '--name', 'nope', '--export', at('x')], 2, '--name: unknown task "nope"');
    await fails(['datasets', '--name', 'cars-usa-japan'], 2, '--name picks the task to export; use it with --export FOLDER');
  });
});

describe('edited bundles and messages that name the file', () => {
  const edit = (patch: (b: Record<string, unknown>) => void) => {
    const b = JSON.parse(readFileSync(at('source.json'), 'utf8')) as Record<string, unknown>;
    patch(b);
    writeFileSync(at('edited.json'), JSON.stringify(b));
    return at('edited.json');
  };
  type Schema = { features: { name: unknown; categories?: unknown }[] };
  type Pre = { schema: Schema; scaler: { scale: number[] } };

  it('"model": null, a numeric feature name, categories as a string, formatVersion "1" and -1', async () => {
    await fails(['inspect', edit((b) => (b.model = null))], 1, `${at('edited.json')}: the model bundle is corrupt (no model)`);
    await fails(['inspect', edit((b) => ((b.preprocessor as Pre).schema.features[0].name = 7))], 1, 'schema feature 0 has no name');
    await fails(
      [
        'predict',
        '--model',
        edit((b) => ((b.preprocessor as Pre).schema.features[0] = { name: 'Cylinders', type: 'categorical', categories: 'abc' } as never)),
        '--input',
        target,
      ],
      1,
      'categories are not a list of texts',
    );
    await fails(
      ['inspect', edit((b) => (b.formatVersion = '1'))],
      1,
      `${at('edited.json')}: tlkit-model formatVersion "1" is not a version`,
    );
    await fails(['inspect', edit((b) => (b.formatVersion = -1))], 1, 'tlkit-model formatVersion -1 is not a version');
    await fails(['inspect', edit((b) => (b.formatVersion = 3))], 1, 'tlkit-model formatVersion 3 is newer than this library reads (2)');
    await fails(['inspect', edit((b) => (b.formatVersion = 1))], 1, 'model format version 1 was written by an older tlkit; fit it again');
    await fails(
      ['predict', '--model', edit((b) => ((b.preprocessor as Pre).scaler.scale[0] = 0)), '--input', target],
      1,
      'scale of column 0 is 0',
    );
    rmSync(at('edited.json'));
  });

  it('a one-class label, a quoted line break in a header, rows to predict with an empty label cell', async () => {
    writeFileSync(at('oneclass.csv'), 'a,b,y\n1,2,x\n3,4,x\n5,6,x\n');
    await fails(
      ['fit', '--source', at('oneclass.csv'), '--label', 'y', '--out', at('o.json')],
      1,
      `${at('oneclass.csv')}: RidgeClassifierCV.fit: y has 1 class`,
    );
    writeFileSync(at('quoted.csv'), '"a\nb",c,y\n1,2,3\n');
    await fails(
      ['fit', '--source', at('quoted.csv'), '--label', 'y', '--out', at('o.json')],
      1,
      `${at('quoted.csv')} line 1: header column 1 ("a\\nb") holds a line break`,
    );
    const lines = readFileSync(target, 'utf8').trim().split('\n');
    writeFileSync(at('nolabel.csv'), [lines[0], ...lines.slice(1, 4).map((l) => l.replace(/,[^,]*$/, ','))].join('\n'));
    const predicted = await tlkit('predict', '--model', at('source.json'), '--input', at('nolabel.csv'));
    expect(predicted.code).toBe(0);
    expect(predicted.stdout.trim().split('\n')).toHaveLength(4);
    for (const f of ['oneclass.csv', 'quoted.csv', 'nolabel.csv']) rmSync(at(f));
  });
});
