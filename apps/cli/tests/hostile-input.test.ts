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

  it('SIGINT and SIGTERM stop the real binary with 130 / 143, one line, and nothing written', async () => {
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
    const bundle = JSON.parse(readFileSync(at('source.json'), 'utf8')) as { label: string; method: string };
    writeFileSync(at('evil.json'), JSON.stringify({ ...bundle, label: `mpg${evil}`, method: `ridge\u202e` }));
    const inspected = await tlkit('inspect', at('evil.json'));
    expect(inspected.code).toBe(0);
    for (const c of ['\u001b', '\u0007', '\u202e']) expect(inspected.stdout).not.toContain(c);
    expect(inspected.stdout).toContain('mpg\\x1b]0;owned');
    rmSync(at('evil.csv'));
    rmSync(at('evil.json'));
  });

  it('commander’s own errors are one line too', async () => {
    await fails(['compare', '--frobnicate'], 2, "unknown option '--frobnicate' (run with --help for usage)");
    await fails(['fit', '--source', source], 2, "required option '--label <column>' not specified");
  });
});
