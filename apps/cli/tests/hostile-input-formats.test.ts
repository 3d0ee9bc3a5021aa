import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { mlp } from '@tlkit/nn';
import { saveNetworkToDirectory } from '@tlkit/nn/node';
import { expectCleanFailure, filesUnder, tlkitInProcess as tlkit } from './harness.js';

// Issue 18's guarantees on the paths that came later: Parquet and Arrow tables, `tlkit moments` and `fit --moments`,
// `--source-model` (model.json and its weights), image folders, and bundles of format 2 ({ model, preprocessor }).
// Each bad input answers with its exit code and one line naming the file or flag, and leaves nothing behind.

let dir: string;
const at = (name: string) => join(dir, name);
let source: string;
let target: string;
const LABEL = 'Miles_per_Gallon';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tlkit-hostile-formats-'));
  expect((await tlkit('datasets', '--export', at('data'), '--name', 'cars-usa-japan')).code).toBe(0);
  source = at('data/cars-usa-japan.source.csv');
  target = at('data/cars-usa-japan.target.csv');
  expect((await tlkit('fit', '--source', source, '--label', LABEL, '--out', at('source.json'))).code).toBe(0);
  const net = mlp({ inputDim: 4, hidden: [3], output: { kind: 'classification', classes: ['a', 'b'] }, seed: 1 });
  await saveNetworkToDirectory(net, at('net'));
  net.dispose();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function fails(argv: string[], code: number, what: string | RegExp): Promise<void> {
  const before = filesUnder(dir);
  const r = await tlkit(...argv);
  expectCleanFailure(r, code, what);
  expect(filesUnder(dir)).toEqual(before);
}

function arrowBytes(columns: Record<string, Float64Array>): Uint8Array {
  return tableToIPC(tableFromArrays(columns), 'file');
}

describe('Parquet and Arrow files', () => {
  const columns = () => ({
    a: Float64Array.from({ length: 40 }, (_, i) => i % 7),
    b: Float64Array.from({ length: 40 }, (_, i) => (i * 3) % 5),
    y: Float64Array.from({ length: 40 }, (_, i) => (i % 7) - ((i * 3) % 5) / 2),
  });

  it('a truncated Arrow file and a Parquet file without its footer are one error naming the file', async () => {
    const bytes = arrowBytes(columns());
    writeFileSync(at('cut.arrow'), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await fails(['fit', '--source', at('cut.arrow'), '--label', 'y', '--out', at('o.json')], 1, `${at('cut.arrow')}: `);
    writeFileSync(at('cut.parquet'), Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(300, 7)]));
    await fails(
      ['fit', '--source', at('cut.parquet'), '--label', 'y', '--out', at('o.json')],
      1,
      `${at('cut.parquet')}: not a readable Parquet file`,
    );
    rmSync(at('cut.arrow'));
    rmSync(at('cut.parquet'));
  });

  it('Arrow bytes are read as Arrow whatever the name, once (not sniffed and read again), and fit like the CSV', async () => {
    writeFileSync(at('arrow-named.csv'), arrowBytes(columns()));
    const r = await tlkit('fit', '--source', at('arrow-named.csv'), '--label', 'y', '--task', 'regression', '--out', at('o.json'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^fitted regression ridge on 40 rows/);
    rmSync(at('arrow-named.csv'));
    rmSync(at('o.json'));
  });

  it('a header name with a line break and an output equal to a columnar input are refused', async () => {
    writeFileSync(at('bad-name.arrow'), arrowBytes({ 'a\nb': Float64Array.of(1, 2, 3), y: Float64Array.of(1, 2, 3) }));
    await fails(['fit', '--source', at('bad-name.arrow'), '--label', 'y', '--out', at('o.json')], 1, 'holds a line break');
    writeFileSync(at('t.arrow'), arrowBytes(columns()));
    const before = readFileSync(at('t.arrow'));
    await fails(['fit', '--source', at('t.arrow'), '--label', 'y', '--out', at('t.arrow')], 2, 'is the same file as --source');
    await fails(
      ['predict', '--model', at('source.json'), '--input', at('t.arrow'), '--out', at('t.arrow')],
      2,
      'is the same file as --input',
    );
    expect(readFileSync(at('t.arrow'))).toEqual(before);
    rmSync(at('bad-name.arrow'));
    rmSync(at('t.arrow'));
  });

  it('a pipe named .arrow is read once, with the bound of every input', async () => {
    execFileSync('mkfifo', [at('pipe.arrow')]);
    writeFileSync(at('data.arrow'), arrowBytes(columns()));
    // Another process writes the pipe: tlkit's read blocks this thread until a writer opens it.
    const writer = spawn('sh', ['-c', 'cat "$0" > "$1"', at('data.arrow'), at('pipe.arrow')], { stdio: 'ignore' });
    const written = new Promise((resolve) => writer.on('close', resolve));
    const r = await tlkit('fit', '--source', at('pipe.arrow'), '--label', 'y', '--task', 'regression', '--out', at('o.json'));
    await written;
    rmSync(at('data.arrow'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    rmSync(at('pipe.arrow'));
    rmSync(at('o.json'));
  });
});

describe('tlkit moments and fit --moments', () => {
  it('binary, gzip and /dev/zero moments files are one line each (never read without a bound)', async () => {
    await fails(['fit', '--moments', '/dev/zero', '--out', at('o.json')], 1, '/dev/zero: holds binary data (NUL bytes)');
    writeFileSync(at('m.csv.gz'), gzipSync('a,b\n1,2\n'));
    await fails(['fit', '--moments', at('m.csv.gz'), '--out', at('o.json')], 1, 'is gzip-compressed; decompress it first');
    rmSync(at('m.csv.gz'));
  });

  it('DuckDB is given regular files only (a pipe or a device would block it), and no output over an input', async () => {
    execFileSync('mkfifo', [at('pipe.csv')]);
    await fails(['moments', '--source', at('pipe.csv'), '--label', 'y'], 1, `${at('pipe.csv')}: is not a regular file`);
    await fails(
      ['fit', '--engine', 'duckdb', '--source', at('pipe.csv'), '--label', 'y', '--out', at('o.json')],
      1,
      'is not a regular file',
    );
    rmSync(at('pipe.csv'));
    const before = readFileSync(source, 'utf8');
    await fails(['moments', '--source', source, '--label', LABEL, '--sql', '--out', source], 2, 'is the same file as --source');
    writeFileSync(at('m.json'), '{}');
    await fails(['fit', '--moments', at('m.json'), '--out', at('m.json')], 2, 'is the same file as --moments');
    expect(readFileSync(source, 'utf8')).toBe(before);
    rmSync(at('m.json'));
  });
});

describe('--source-model: model.json and its weights', () => {
  const edited = (edit: (json: { weightsManifest: { paths: string[] }[] }) => void) => {
    mkdirSync(at('evil'), { recursive: true });
    const json = JSON.parse(readFileSync(at('net/model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
    edit(json);
    writeFileSync(at('evil/model.json'), JSON.stringify(json));
    return at('evil/model.json');
  };

  it('weight paths out of the model folder (.., absolute) are refused without revealing the outside file', async () => {
    writeFileSync(at('outside.bin'), readFileSync(at('net/weights.bin')));
    const up = edited((j) => (j.weightsManifest[0].paths = ['../outside.bin']));
    await fails(['inspect', up], 1, /names the file "\.\.\/outside\.bin" outside its own folder; refusing to read it/);
    const absolute = edited((j) => (j.weightsManifest[0].paths = ['/etc/passwd']));
    const r = await tlkit('inspect', absolute);
    expectCleanFailure(r, 1, 'outside its own folder');
    expect(r.stderr).not.toMatch(/bytes/);
    rmSync(at('evil'), { recursive: true });
    rmSync(at('outside.bin'));
  });

  it('--out that is the model folder itself, a file or a folder of other files is refused before any training', async () => {
    writeFileSync(at('images.csv'), 'p0,p1,p2,p3,shape\n0,1,0,1,a\n1,0,1,0,b\n');
    const base = ['transfer', '--source-model', at('net/model.json'), '--target', at('images.csv'), '--label', 'shape', '--out'];
    await fails([...base, at('net')], 2, `--out ${at('net')} is the same file as --source-model`);
    await fails([...base, source], 2, 'is a file; a network bundle is saved as a folder');
    mkdirSync(at('mine'));
    writeFileSync(at('mine/README.md'), 'mine');
    await fails([...base, at('mine')], 2, `--out ${at('mine')}: is a folder that holds other files (README.md)`);
    expect(readFileSync(at('mine/README.md'), 'utf8')).toBe('mine');
    rmSync(at('mine'), { recursive: true });
    rmSync(at('images.csv'));
  });

  it('a PNG declaring a huge image (a decompression bomb) is refused by its header, naming the file', async () => {
    const png = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png, 0);
    png.writeUInt32BE(13, 8);
    png.write('IHDR', 12, 'latin1');
    png.writeUInt32BE(100000, 16);
    png.writeUInt32BE(100000, 20);
    for (const c of ['a', 'b']) {
      mkdirSync(at(`imgs/${c}`), { recursive: true });
      writeFileSync(at(`imgs/${c}/x.png`), png);
    }
    await fails(
      ['compare', '--source-model', at('net/model.json'), '--target', at('imgs'), '--repeats', '2', '-q'],
      1,
      `${join(at('imgs'), 'a', 'x.png')} is not a readable PNG image: it declares 10000000000 pixels`,
    );
    rmSync(at('imgs'), { recursive: true });
  });
});

describe('edited bundles of format 2 ({ model, preprocessor })', () => {
  const edit = (patch: (b: Record<string, unknown>) => void, from = 'source.json') => {
    const b = JSON.parse(readFileSync(at(from), 'utf8')) as Record<string, unknown>;
    patch(b);
    writeFileSync(at('edited.json'), JSON.stringify(b));
    return at('edited.json');
  };
  type Pre = { kind: unknown; options: unknown; schema: { label?: unknown; features: unknown[] }; scaler: { mean: number[] } };
  const corrupt = 'the model bundle is corrupt';

  it('a missing or foreign preprocessor, its options, its label, a scaler of the wrong width, details not an object', async () => {
    await fails(
      ['inspect', edit((b) => (b.preprocessor = null))],
      1,
      `${at('edited.json')}: ${corrupt} (Preprocessor.fromJSON: expected a saved Preprocessor`,
    );
    await fails(
      ['inspect', edit((b) => ((b.preprocessor as Pre).kind = 'StandardScaler'))],
      1,
      'expected kind "Preprocessor", got "StandardScaler"',
    );
    await fails(['inspect', edit((b) => ((b.preprocessor as Pre).options = []))], 1, 'options are required');
    await fails(['inspect', edit((b) => delete (b.preprocessor as Pre).schema.label)], 1, 'the preprocessor names no label column');
    await fails(['predict', '--model', edit((b) => (b.preprocessor as Pre).scaler.mean.push(0)), '--input', target], 1, corrupt);
    await fails(['inspect', edit((b) => (b.details = [1, 2]))], 1, 'details is not an object');
    rmSync(at('edited.json'));
  });

  it('a transfer bundle whose saved method is edited (unknown method, no model, wrong version) is one line', async () => {
    expect((await tlkit('transfer', '--model', at('source.json'), '--target', target, '--out', at('t.json'))).code).toBe(0);
    type Saved = { method: unknown; model: unknown; version: unknown };
    const input = ['--input', target];
    await fails(
      ['predict', '--model', edit((b) => ((b.model as Saved).method = 'nope'), 't.json'), ...input],
      1,
      /corrupt \(.*unknown method "nope"/,
    );
    await fails(['predict', '--model', edit((b) => ((b.model as Saved).model = null), 't.json'), ...input], 1, corrupt);
    await fails(
      ['predict', '--model', edit((b) => ((b.model as Saved).version = '1'), 't.json'), ...input],
      1,
      'FittedMethod version "1" is not a version',
    );
    rmSync(at('edited.json'));
    rmSync(at('t.json'));
  });
});

describe('degenerate targets', () => {
  it('a constant target label is refused at save with one line (was "log evidence ratio -Infinity" and a null saved)', async () => {
    const lines = readFileSync(target, 'utf8').trim().split('\n');
    writeFileSync(at('const.csv'), [lines[0], ...lines.slice(1, 21).map((l) => l.replace(/,[^,]*$/, ',25'))].join('\n'));
    await fails(
      ['transfer', '--model', at('source.json'), '--target', at('const.csv'), '--out', at('c.json')],
      1,
      /c\.json: not saved: model\.diagnostics\.logEvidenceRatio is (-Infinity|NaN), not a finite number \(degenerate data: a constant label/,
    );
    rmSync(at('const.csv'));
  });
});

describe('tlkit inspect with many categories', () => {
  it('lists each categorical feature on its own line, its first 12 categories and how many more, long ones cut', async () => {
    const rows = ['city,x,y'];
    for (let i = 0; i < 300; i++) rows.push(`${i % 40 === 0 ? 'a'.repeat(80) : `town${i % 40}`},${i % 9},${(i % 9) * 2 + (i % 40) / 10}`);
    writeFileSync(at('cities.csv'), `${rows.join('\n')}\n`);
    expect((await tlkit('fit', '--source', at('cities.csv'), '--label', 'y', '--task', 'regression', '--out', at('c.json'))).code).toBe(0);
    const r = await tlkit('inspect', at('c.json'));
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('features (2):');
    expect(lines).toContain('  numeric (1):');
    expect(lines).toContain('    x');
    const city = lines.find((l) => l.startsWith('  city (categorical, 40): '));
    expect(city).toBeDefined();
    expect(city).toMatch(/ … and 28 more$/);
    expect(city).toContain(`${'a'.repeat(31)}…`);
    expect(lines.reduce((m, l) => Math.max(m, l.length), 0)).toBeLessThan(400);
    rmSync(at('cities.csv'));
    rmSync(at('c.json'));
  });
});
