import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { runNode, TLKIT_BIN } from './harness.js';

// End-to-end through the built `tlkit` binary: Parquet and Arrow files wherever CSV goes, and the source model from
// ridge's sufficient statistics (moments) computed by DuckDB — the query printed by `tlkit moments --sql` run by
// DuckDB, or `fit --engine duckdb` — equal to `tlkit fit` on the same rows.
let dir: string;

const tlkit = (...args: string[]) => runNode(dir, TLKIT_BIN, args, 300000);

async function duckdb(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A CSV file as an Arrow IPC file, every column numeric (Float64). */
function csvToArrow(csv: string): Uint8Array {
  const [header, ...lines] = csv.trim().split('\n');
  const names = header.split(',');
  const rows = lines.map((l) => l.split(',').map(Number));
  return tableToIPC(tableFromArrays(Object.fromEntries(names.map((n, j) => [n, Float64Array.from(rows, (r) => r[j])]))), 'file');
}

interface Bundle {
  preprocessor: { schema: unknown; scaler: { mean: number[]; scale: number[] } };
  model: { coef: number[] | number[][]; intercept: number | number[]; alpha: number };
  details: Record<string, unknown>;
}
const bundle = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Bundle;

function difference(a: Bundle, b: Bundle): number {
  const flat = (m: Bundle) => [
    ...m.preprocessor.scaler.mean,
    ...m.preprocessor.scaler.scale,
    ...[m.model.coef].flat(2),
    ...[m.model.intercept].flat(),
    m.model.alpha,
  ];
  const x = flat(a);
  const y = flat(b);
  expect(x).toHaveLength(y.length);
  return x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]) / Math.max(1, Math.abs(y[i]))), -Infinity);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tlkit-columnar-'));
  expect(tlkit('datasets', '--export', 'data', '--name', 'cars-usa-japan').code).toBe(0);
  for (const role of ['source', 'target']) {
    const csv = join(dir, `data/cars-usa-japan.${role}.csv`);
    await duckdb(`COPY (SELECT * FROM read_csv('${csv}')) TO '${join(dir, `${role}.parquet`)}' (FORMAT parquet, COMPRESSION zstd)`);
    writeFileSync(join(dir, `${role}.arrow`), csvToArrow(readFileSync(csv, 'utf8')));
  }
}, 300000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Parquet and Arrow files', () => {
  it('compare gives the same report from Parquet, Arrow and CSV files of the same rows', () => {
    const args = ['--label', 'Miles_per_Gallon', '--sizes', '5', '--repeats', '3', '--methods', 'target-only,param', '-q'];
    const means = (json: string) =>
      (JSON.parse(readFileSync(join(dir, json), 'utf8')) as { results: { mean: number }[] }).results.map((r) => r.mean);
    const csv = tlkit(
      'compare',
      '--source',
      'data/cars-usa-japan.source.csv',
      '--target',
      'data/cars-usa-japan.target.csv',
      ...args,
      '--json',
      'c.json',
    );
    expect(csv.code).toBe(0);
    expect(tlkit('compare', '--source', 'source.parquet', '--target', 'target.parquet', ...args, '--json', 'p.json').code).toBe(0);
    expect(tlkit('compare', '--source', 'source.arrow', '--target', 'target.parquet', ...args, '--json', 'a.json').code).toBe(0);
    expect(means('p.json')).toEqual(means('c.json'));
    expect(means('a.json')).toEqual(means('c.json'));
  });

  it('fit, predict and evaluate read them; a file that is not what its name says fails with one line', () => {
    expect(tlkit('fit', '--source', 'data/cars-usa-japan.source.csv', '--label', 'Miles_per_Gallon', '--out', 'csv.json').code).toBe(0);
    expect(tlkit('fit', '--source', 'source.parquet', '--label', 'Miles_per_Gallon', '--out', 'parquet.json').code).toBe(0);
    expect(difference(bundle('parquet.json'), bundle('csv.json'))).toBe(0);
    const predicted = tlkit('predict', '--model', 'parquet.json', '--input', 'target.arrow');
    expect(predicted.code).toBe(0);
    expect(predicted.stdout.split('\n')[0]).toBe(
      'Cylinders,Displacement,Horsepower,Weight_in_lbs,Acceleration,Year,Miles_per_Gallon,predicted_Miles_per_Gallon',
    );
    const evaluated = tlkit('evaluate', '--model', 'parquet.json', '--input', 'target.parquet', '--json');
    expect(evaluated.code).toBe(0);
    expect((JSON.parse(evaluated.stdout) as { rmse: number }).rmse).toBeGreaterThan(0);
    writeFileSync(join(dir, 'fake.parquet'), 'a,b\n1,2\n');
    const fake = tlkit('fit', '--source', 'fake.parquet', '--label', 'b', '--out', 'x.json');
    expect(fake.code).toBe(1);
    expect(fake.stderr).toBe('tlkit: fake.parquet: not a readable Parquet file (parquet file invalid (footer != PAR1))\n');
  });
});

describe('the source model from moments', () => {
  it('fit --engine duckdb on Parquet and CSV gives the bundle tlkit fit writes, to 1e-9', () => {
    expect(tlkit('fit', '--source', 'data/cars-usa-japan.source.csv', '--label', 'Miles_per_Gallon', '--out', 'memory.json').code).toBe(0);
    for (const source of ['source.parquet', 'data/cars-usa-japan.source.csv']) {
      const r = tlkit('fit', '--engine', 'duckdb', '--source', source, '--label', 'Miles_per_Gallon', '--out', 'engine.json');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^fitted regression ridge on 245 rows of .* from their moments \(computed by duckdb\)/);
      expect(bundle('engine.json').preprocessor.schema).toEqual(bundle('memory.json').preprocessor.schema);
      expect(difference(bundle('engine.json'), bundle('memory.json'))).toBeLessThan(1e-9);
    }
  });

  it('moments --sql printed, run by DuckDB, exported as CSV and JSON, then fit --moments: the same bundle', async () => {
    const printed = tlkit(
      'moments',
      '--sql',
      '--source',
      join(dir, 'source.parquet'),
      '--label',
      'Miles_per_Gallon',
      '--out',
      'moments.sql',
    );
    expect(printed.code).toBe(0);
    const query = readFileSync(join(dir, 'moments.sql'), 'utf8').replace(/;\s*$/, '');
    await duckdb(`COPY (${query}) TO '${join(dir, 'moments.csv')}' (HEADER)`);
    await duckdb(`COPY (${query}) TO '${join(dir, 'moments.json')}'`);
    for (const file of ['moments.csv', 'moments.json']) {
      const r = tlkit('fit', '--moments', file, '--out', 'from-moments.json');
      expect(r.code).toBe(0);
      expect(difference(bundle('from-moments.json'), bundle('memory.json'))).toBeLessThan(1e-9);
    }
    // The model predicts the target file as the in-memory one does.
    const a = tlkit('predict', '--model', 'from-moments.json', '--input', 'target.parquet').stdout.split('\n');
    const b = tlkit('predict', '--model', 'memory.json', '--input', 'target.parquet').stdout.split('\n');
    const last = (line: string) => Number(line.split(',').pop());
    for (let i = 1; i < a.length - 1; i++) expect(Math.abs(last(a[i]) - last(b[i]))).toBeLessThan(1e-9 * Math.abs(last(b[i])));
    // Run here without --sql, the result is the same one-row JSON.
    expect(tlkit('moments', '--source', 'source.parquet', '--label', 'Miles_per_Gallon', '--out', 'here.json').code).toBe(0);
    expect(tlkit('fit', '--moments', 'here.json', '--out', 'here-model.json').code).toBe(0);
    expect(difference(bundle('here-model.json'), bundle('memory.json'))).toBeLessThan(1e-9);
  });

  it('prints Spark SQL for a named table, and says plainly what it cannot do', () => {
    const spark = tlkit(
      'moments',
      '--sql',
      '--dialect',
      'spark',
      '--table',
      'lake.cars',
      '--features',
      'Weight_in_lbs,Year',
      '--label',
      'Miles_per_Gallon',
    );
    expect(spark.code).toBe(0);
    expect(spark.stdout).toContain('FROM lake.cars');
    expect(spark.stdout).toContain(
      'SUM((CAST(`Weight_in_lbs` AS DOUBLE) - m.shift_x1) * (CAST(`Year` AS DOUBLE) - m.shift_x2)) AS sum_x1_x2',
    );
    const noFeatures = tlkit('moments', '--sql', '--table', 'lake.cars', '--label', 'y');
    expect([noFeatures.code, noFeatures.stderr]).toEqual([
      2,
      'tlkit: --table needs --features COLUMNS (the query cannot see the table from here)\n',
    ]);
    writeFileSync(join(dir, 'text.csv'), 'x,name,y\n1,a,2\n2,b,3\n3,c,5\n');
    const text = tlkit('fit', '--engine', 'duckdb', '--source', 'text.csv', '--label', 'y', '--out', 't.json');
    expect(text.code).toBe(1);
    expect(text.stderr).toBe(
      'tlkit: text.csv: column "name" (VARCHAR) is not numeric; the moments query sums numbers only (--ignore name, or fit without --engine)\n',
    );
    writeFileSync(join(dir, 'gaps.csv'), 'x,y\n1,2\n2,\n3,5\n4,4\n');
    const gaps = tlkit('fit', '--engine', 'duckdb', '--source', 'gaps.csv', '--label', 'y', '--out', 'g.json');
    expect(gaps.stderr).toBe(
      'tlkit: gaps.csv: 1 of 4 rows have a missing, NaN or infinite value in "x", "y"; --drop-missing leaves them out\n',
    );
    expect(tlkit('fit', '--engine', 'duckdb', '--source', 'gaps.csv', '--label', 'y', '--out', 'g.json', '--drop-missing').code).toBe(0);
    expect(bundle('g.json').details).toMatchObject({ rows: 3, rowsLeftOut: 1 });
    expect(tlkit('fit', '--moments', 'moments.csv', '--source', 'x.csv', '--out', 'x.json').stderr).toBe(
      'tlkit: --moments FILE replaces --source and --engine\n',
    );
    expect(tlkit('fit', '--out', 'x.json').stderr).toBe('tlkit: fit needs --source FILE and --label COLUMN (or --moments FILE)\n');
  });
});
