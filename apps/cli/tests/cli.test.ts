import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setDrawWorkerScript } from '../src/draw-worker-script.js';
import { DRAW_WORKER, tlkitIn } from './harness.js';

// The commands as a user runs them, in this process (startup.test.ts and progress.test.ts spawn the built binary; the
// slow suite runs whole workflows through it).
let dir: string;

const tlkit = (...args: string[]) => tlkitIn(dir)(...args);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tlkit-cli-'));
  const r = await tlkit('datasets', '--export', 'data', '--name', 'cars-usa-japan');
  expect(r.code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tlkit', () => {
  it('prints its version and help for every command with examples', async () => {
    expect((await tlkit('--version')).stdout.trim()).toBe('0.1.0');
    for (const command of ['compare', 'datasets', 'fit', 'transfer', 'predict', 'evaluate', 'inspect']) {
      const r = await tlkit(command, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Example/);
    }
  });

  it('lists the built-in tasks', async () => {
    const r = await tlkit('datasets');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cars-usa-japan');
    expect(r.stdout).toContain('digits-rotated');
  });

  it('gives the same report, draw for draw, whatever --workers says, and the flag does start the workers', async () => {
    // The pool itself, method by method (size 0, instance methods, auto), is checked in draw-pool.test.ts; here the
    // flag reaches it: one worker runs in this thread, two start the worker script (a missing one fails the run).
    const run = (workers: string, file: string) =>
      tlkit(
        'compare',
        '--dataset',
        'cars-usa-japan',
        '--sizes',
        '5',
        '--repeats',
        '2',
        '--seed',
        '11',
        '--methods',
        'target-only,param',
        '--workers',
        workers,
        '--json',
        file,
        '-q',
      );
    try {
      setDrawWorkerScript(pathToFileURL(join(dir, 'no-such-worker.js')));
      const missing = await run('2', 'never.json');
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/a draw worker failed: .*no-such-worker/);
      expect(existsSync(join(dir, 'never.json'))).toBe(false);
      setDrawWorkerScript(DRAW_WORKER);
      const one = await run('1', 'w1.json');
      const two = await run('2', 'w2.json');
      expect([one.code, two.code]).toEqual([0, 0]);
      expect(two.stdout).toBe(one.stdout);
    } finally {
      setDrawWorkerScript(undefined);
    }
    const read = (file: string): unknown => {
      const report = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
      delete report.seconds;
      return report;
    };
    expect(read('w2.json')).toEqual(read('w1.json'));
  });

  it('compares on a built-in task and on the same task as CSV files with the same result; writes JSON and HTML', async () => {
    const builtIn = await tlkit(
      'compare',
      '--dataset',
      'cars-usa-japan',
      '--sizes',
      '5,10',
      '--repeats',
      '3',
      '--methods',
      'target-only,source-only,param',
      '--json',
      'a.json',
      '--report',
      'a.html',
      '-q',
    );
    expect(builtIn.code).toBe(0);
    expect(builtIn.stdout).toMatch(/param\s+\d/);
    const files = await tlkit(
      'compare',
      '--source',
      'data/cars-usa-japan.source.csv',
      '--target',
      'data/cars-usa-japan.target.csv',
      '--label',
      'Miles_per_Gallon',
      '--sizes',
      '5,10',
      '--repeats',
      '3',
      '--methods',
      'target-only,source-only,param',
      '--json',
      'b.json',
      '-q',
    );
    expect(files.code).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')) as {
      task: string;
      metric: string;
      results: { method: string; size: number; mean: number; std: number; repeats: number }[];
      verdicts: unknown[];
    };
    const b = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')) as typeof a;
    expect(a.task).toBe('regression');
    expect(a.metric).toBe('rmse');
    expect(a.results).toHaveLength(8);
    expect(a.results.filter((r) => (r as { reference?: boolean }).reference).map((r) => r.method)).toEqual(['constant', 'constant']);
    for (const r of a.results) expect(Object.keys(r)).toEqual(expect.arrayContaining(['method', 'size', 'mean', 'std', 'repeats']));
    expect(Array.isArray(a.verdicts)).toBe(true);
    expect(b.results.map((r) => r.mean)).toEqual(a.results.map((r) => r.mean));
    expect(readFileSync(join(dir, 'a.html'), 'utf8')).toContain('<svg');
  });

  it('fits a numeric file read in blocks (--stream) to the same model as reading it whole; bad cells fail cleanly', async () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
    const rows = ['id,a,b,c,d,y'];
    for (let i = 0; i < 2500; i++) {
      const x = [next() * 4, next() * 2 + 100, next(), next() * 10].map((v) => v.toFixed(5));
      const y = 3 * Number(x[0]) - 0.5 * Number(x[1]) + 2 * Number(x[3]) + next();
      rows.push(`row${i},${x.join(',')},${y.toFixed(5)}`);
    }
    writeFileSync(join(dir, 'numeric.csv'), rows.join('\n') + '\n');
    expect(
      (await tlkit('fit', '--source', 'numeric.csv', '--label', 'y', '--ignore', 'id', '--task', 'regression', '--out', 'whole.json')).code,
    ).toBe(0);
    const streamed = await tlkit('fit', '--source', 'numeric.csv', '--label', 'y', '--ignore', 'id', '--out', 'streamed.json', '--stream');
    expect(streamed.code).toBe(0);
    expect(streamed.stdout).toMatch(/2500 rows of numeric.csv, read in blocks/);
    type Bundle = {
      preprocessor: { schema: unknown; scaler: { mean: number[]; scale: number[] } };
      model: { alpha: number; coef: number[][]; intercept: number[] };
    };
    const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Bundle;
    const whole = read('whole.json');
    const stream = read('streamed.json');
    expect(stream.preprocessor.schema).toEqual(whole.preprocessor.schema);
    const close = (a: number[], b: number[]) =>
      a.forEach((v, j) => expect(Math.abs(v - b[j])).toBeLessThan(1e-9 * Math.max(1, Math.abs(b[j]))));
    close(stream.preprocessor.scaler.mean, whole.preprocessor.scaler.mean);
    close(stream.preprocessor.scaler.scale, whole.preprocessor.scaler.scale);
    const flat = (b: Bundle) => [b.model.alpha, ...b.model.coef.flat(), ...b.model.intercept];
    expect(flat(stream)).toHaveLength(6);
    close(flat(stream), flat(whole));

    writeFileSync(join(dir, 'bad.csv'), [...rows.slice(0, 2000), 'row9,1,2,oops,4,5', ...rows.slice(2000)].join('\n'));
    const bad = await tlkit('fit', '--source', 'bad.csv', '--label', 'y', '--ignore', 'id', '--out', 'bad.json', '--stream');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('bad.csv line 2001, column "c": "oops" is not a number');
    expect(existsSync(join(dir, 'bad.json'))).toBe(false);
    const text = await tlkit('fit', '--source', 'numeric.csv', '--label', 'y', '--out', 'text.json', '--stream');
    expect(text.code).not.toBe(0);
    expect(text.stderr).toContain(
      'numeric.csv: column "id" has 2500 distinct values in 2500 rows (an id or free text?), too many to one-hot encode; leave it out with --ignore id',
    );
  });

  it('fits a source model, transfers it, predicts, evaluates and inspects', async () => {
    const target = readFileSync(join(dir, 'data/cars-usa-japan.target.csv'), 'utf8').trim().split('\n');
    writeFileSync(join(dir, 'few.csv'), [target[0], ...target.slice(1, 11)].join('\n') + '\n');
    writeFileSync(join(dir, 'rest.csv'), [target[0], ...target.slice(11)].join('\n') + '\n');
    writeFileSync(
      join(dir, 'unlabelled.csv'),
      target
        .slice(0, 4)
        .map((line) => line.split(',').slice(0, -1).join(','))
        .join('\n') + '\n',
    );
    expect(
      (await tlkit('fit', '--source', 'data/cars-usa-japan.source.csv', '--label', 'Miles_per_Gallon', '--out', 'source.json')).code,
    ).toBe(0);
    const transfer = await tlkit('transfer', '--model', 'source.json', '--target', 'few.csv', '--out', 'japan.json');
    expect(transfer.code).toBe(0);
    expect(transfer.stdout).toMatch(/λ/);
    const predicted = await tlkit('predict', '--model', 'japan.json', '--input', 'unlabelled.csv');
    expect(predicted.code).toBe(0);
    const lines = predicted.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/,predicted_Miles_per_Gallon$/);
    expect(lines).toHaveLength(4);
    expect(Number(lines[1].split(',').pop())).toBeGreaterThan(5);
    const evaluated = await tlkit('evaluate', '--model', 'japan.json', '--input', 'rest.csv', '--json');
    expect(evaluated.code).toBe(0);
    const metrics = JSON.parse(evaluated.stdout) as { rmse: number; rows: number };
    expect(metrics.rows).toBe(69);
    expect(metrics.rmse).toBeLessThan(8);
    const inspected = await tlkit('inspect', 'japan.json');
    expect(inspected.stdout).toMatch(/transfer model, method param/);
    expect(inspected.stdout).toMatch(/features \(6\)/);
    const feature = await tlkit(
      'transfer',
      '--model',
      'source.json',
      '--target',
      'few.csv',
      '--method',
      'feature:fa',
      '--source',
      'data/cars-usa-japan.source.csv',
      '--out',
      'fa.json',
    );
    expect(feature.code).toBe(0);
    expect((await tlkit('predict', '--model', 'fa.json', '--input', 'unlabelled.csv', '--out', 'p.csv')).code).toBe(0);
    expect(readFileSync(join(dir, 'p.csv'), 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('transfers with a method of each kind compare runs, auto included, and predicts, evaluates and inspects each bundle', async () => {
    const source = 'data/cars-usa-japan.source.csv';
    const rmse: Record<string, number> = {};
    // One of each kind here (a linear head, a feature map outside auto's set, a weighting, a boosted vote, auto); every
    // compare method, on cars and on digits, is transferred in transfer.slow.test.ts.
    for (const method of ['source-only', 'param', 'feature:tca', 'instance:ulsif', 'instance:tradaboost', 'auto']) {
      const out = `m-${method.replace(':', '-')}.json`;
      const fitted = await tlkit(
        'transfer',
        '--model',
        'source.json',
        '--target',
        'few.csv',
        '--source',
        source,
        '--method',
        method,
        '--out',
        out,
      );
      expect({ method, code: fitted.code, stderr: fitted.stderr }).toEqual({ method, code: 0, stderr: '' });
      const predicted = await tlkit('predict', '--model', out, '--input', 'unlabelled.csv');
      expect(predicted.code).toBe(0);
      expect(predicted.stdout.trim().split('\n')).toHaveLength(4);
      const metrics = JSON.parse((await tlkit('evaluate', '--model', out, '--input', 'rest.csv', '--json')).stdout) as { rmse: number };
      rmse[method] = metrics.rmse;
      expect((await tlkit('inspect', out)).stdout).toContain(`method ${method}`);
    }
    // A saved model predicts as compare measured it: the methods that do well there do well here (10 labelled cars).
    for (const method of ['source-only', 'param', 'instance:ulsif', 'auto']) expect(rmse[method]).toBeLessThan(10);
    const auto = JSON.parse(readFileSync(join(dir, 'm-auto.json'), 'utf8')) as {
      model: { kind: string; method: string; model: { candidates: { method: string; weight: number }[] }; diagnostics: { looMse: object } };
    };
    expect(auto.model.kind).toBe('FittedMethod');
    expect(auto.model.model.candidates.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 12);
    expect(Object.keys(auto.model.diagnostics.looMse)).toContain('feature:fa');
    expect((await tlkit('inspect', 'm-auto.json')).stdout).toMatch(/weights: .*\d/);
    const noSource = await tlkit('transfer', '--model', 'source.json', '--target', 'few.csv', '--method', 'pooled', '--out', 'x.json');
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toMatch(/--method pooled needs the source rows: --source FILE/);
    const unknown = await tlkit('transfer', '--model', 'source.json', '--target', 'few.csv', '--method', 'magic', '--out', 'x.json');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--method: unknown method "magic"/);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });

  it.each([
    [
      'a missing file',
      ['compare', '--source', 'nope.csv', '--target', 'data/cars-usa-japan.target.csv', '--label', 'x'],
      1,
      /nope\.csv: no such file/,
    ],
    ['an unknown flag', ['compare', '--frobnicate'], 2, /unknown option '--frobnicate'/],
    [
      'bad sizes',
      ['compare', '--dataset', 'cars-usa-japan', '--sizes', 'ten'],
      2,
      /--sizes must be a comma-separated list of whole numbers/,
    ],
    ['an unknown method', ['compare', '--dataset', 'cars-usa-japan', '--methods', 'magic'], 2, /unknown method "magic"/],
    ['an unknown dataset', ['compare', '--dataset', 'cats'], 2, /unknown task "cats"/],
    ['too few target rows', ['compare', '--dataset', 'cars-usa-japan', '--sizes', '200'], 1, /size 200 needs 200 labelled target rows/],
    [
      'a missing label column',
      ['compare', '--source', 'data/cars-usa-japan.source.csv', '--target', 'data/cars-usa-japan.target.csv', '--label', 'mpg'],
      1,
      /label column "mpg" not found/,
    ],
  ] as const)('gives one clear line and the right exit code for %s', async (_what, args, code, message) => {
    const r = await tlkit(...args);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names file, line and column for ragged and non-numeric CSV and for columns that differ; writes nothing on failure', async () => {
    writeFileSync(join(dir, 'ragged.csv'), 'a,b,y\n1,2,3\n4,5\n');
    writeFileSync(
      join(dir, 'text.csv'),
      'Cylinders,Displacement,Horsepower,Weight_in_lbs,Acceleration,Year,Miles_per_Gallon\n4,97,88,2130,14.5,1970,27\n4,abc,88,2130,14.5,1970,27\n',
    );
    writeFileSync(
      join(dir, 'other.csv'),
      'Cylinders,Displacement,Horsepower,Weight,Acceleration,Year,Miles_per_Gallon\n4,97,88,2130,14.5,1970,27\n',
    );
    const base = ['compare', '--source', 'data/cars-usa-japan.source.csv', '--label', 'Miles_per_Gallon', '--json', 'never.json'];
    const ragged = await tlkit(...base, '--target', 'ragged.csv');
    expect(ragged.code).toBe(1);
    expect(ragged.stderr).toMatch(/ragged\.csv line 3: row has 2 fields, the header has 3/);
    const text = await tlkit(...base, '--target', 'text.csv');
    expect(text.stderr).toMatch(/text\.csv line 3, column "Displacement": "abc" is not a number/);
    const other = await tlkit(...base, '--target', 'other.csv');
    expect(other.stderr).toMatch(/other\.csv: column "Weight_in_lbs" missing/);
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('rejects a corrupt or foreign model bundle and shows the stack only with --debug', async () => {
    writeFileSync(join(dir, 'corrupt.json'), '{"format": "tlkit-mod');
    writeFileSync(join(dir, 'foreign.json'), '{"modelTopology": {}}');
    const corrupt = await tlkit('inspect', 'corrupt.json');
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toMatch(/corrupt\.json: is corrupt or not a tlkit model/);
    expect((await tlkit('predict', '--model', 'foreign.json', '--input', 'few.csv')).stderr).toMatch(
      /foreign\.json: not a tlkit model bundle/,
    );
    expect((await tlkit('inspect', 'corrupt.json', '--debug')).stderr).toMatch(/\n\s+at /);
  });
});
