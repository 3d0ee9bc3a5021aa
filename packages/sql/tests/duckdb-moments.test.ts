import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTask, taskToCsv } from '@tlkit/datasets';
import { BadDataError, parseCsv, Random, StandardScaler } from '@tlkit/tensor-core';
import { fitFromMoments, momentsQuery, readMomentsText } from '@tlkit/sql';
import { describeSource, duckdbMoments, queryRows, withDuckdb } from '@tlkit/sql/duckdb';
import { fitInMemory, modelDifference } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tlkit-sql-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A CSV file of rows whose columns have means far larger than their spread, a weight column, and the file's path. */
function wideOffsetCsv(name: string, n: number, extra: string[] = []): string {
  const rng = new Random(3);
  const lines = ['a,b,c,y,w'];
  for (let i = 0; i < n; i++) {
    const a = 1e6 + rng.normal();
    const b = -3e4 + 0.01 * rng.normal();
    const c = rng.uniform(0, 1);
    const y = 5 + 2 * (a - 1e6) - 300 * (b + 3e4) + c + 0.1 * rng.normal();
    lines.push([a, b, c, y, 0.5 + (i % 3)].map((v) => v.toPrecision(15)).join(','));
  }
  const path = join(dir, name);
  writeFileSync(path, [...lines, ...extra].join('\n') + '\n');
  return path;
}

describe('the moments query on DuckDB against the fit in memory', () => {
  it('reproduces tlkit fit on the cars data (CSV and Parquet) to 1e-9', async () => {
    const csv = join(dir, 'cars.csv');
    writeFileSync(csv, taskToCsv(loadTask('cars-usa-japan')).source);
    const parquet = join(dir, 'cars.parquet');
    await withDuckdb((c) => c.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}' (FORMAT parquet)`));
    const memory = fitInMemory(parseCsv(readFileSync(csv, 'utf8')), 'Miles_per_Gallon');
    for (const source of [csv, parquet]) {
      const { result } = await duckdbMoments({ source, label: 'Miles_per_Gallon' });
      const fit = fitFromMoments(result);
      expect(fit.rows).toBe(memory.rows);
      expect(fit.schema).toEqual(memory.schema);
      expect(modelDifference(fit, memory)).toBeLessThan(1e-9);
    }
  });

  it('keeps 1e-9 where raw sums would not: means 10⁶ times the spread, with and without weights', async () => {
    const path = wideOffsetCsv('offset.csv', 3000);
    const table = parseCsv(readFileSync(path, 'utf8'));
    // The reference: the in-memory fit on the same rows with a and b shifted by constants near their means, exactly
    // (x − s is exact in fp64 for x within a factor 2 of s). Standardising undoes any shift, so it is the same model,
    // computed without the plain in-memory fit's own rounding of the large means (about 1e-9 of the intercept here).
    const SHIFT = [1e6, -3e4];
    const shifted = { ...table, rows: table.rows.map((r) => r.map((v, j) => (j < 2 ? String(Number(v) - SHIFT[j]) : v))) };
    const unshift = (fit: ReturnType<typeof fitInMemory>) => {
      const mean = Float64Array.from(fit.scaler.mean, (m, j) => (j < 2 ? m + SHIFT[j] : m));
      const scaler = StandardScaler.fromJSON({ ...fit.scaler.toJSON(), mean: [...mean] });
      return { ...fit, scaler };
    };
    const plain = fitFromMoments((await duckdbMoments({ source: path, label: 'y', ignore: ['w'] })).result);
    expect(modelDifference(plain, unshift(fitInMemory(shifted, 'y', { ignore: ['w'] })))).toBeLessThan(1e-9);
    const weighted = fitFromMoments((await duckdbMoments({ source: path, label: 'y', weight: 'w' })).result);
    expect(modelDifference(weighted, unshift(fitInMemory(shifted, 'y', { weight: 'w' })))).toBeLessThan(1e-9);
    // The plain in-memory fit agrees to its own rounding.
    expect(modelDifference(plain, fitInMemory(table, 'y', { ignore: ['w'] }))).toBeLessThan(1e-8);
    // The reason for the shift: Σb² − n·b̄² from raw sums loses b's variance (sd 0.01 around −3·10⁴).
    const [raw] = await withDuckdb((c) =>
      queryRows(
        c,
        `SELECT fsum(b * b) - fsum(b) * fsum(b) / COUNT(*) AS raw, fsum((b - m) * (b - m)) AS centred FROM read_csv('${path}'), (SELECT AVG(b) AS m FROM read_csv('${path}'))`,
      ),
    );
    const truth = plain.scaler.scale[1] ** 2 * 3000;
    expect(Math.abs((raw.centred as number) - truth) / truth).toBeLessThan(1e-9);
    expect(Math.abs((raw.raw as number) - truth) / truth).toBeGreaterThan(1e-6);
  });

  it('gives the same model from the result exported as CSV, JSON lines and a JSON array', async () => {
    const path = wideOffsetCsv('export.csv', 500);
    const query = momentsQuery({ from: { file: path }, features: ['a', 'b', 'c'], label: 'y', weight: 'w' });
    const direct = fitFromMoments((await duckdbMoments({ source: path, label: 'y', weight: 'w' })).result);
    await withDuckdb(async (c) => {
      await c.run(`COPY (${query}) TO '${join(dir, 'm.csv')}' (HEADER)`);
      await c.run(`COPY (${query}) TO '${join(dir, 'm.json')}'`);
      await c.run(`COPY (${query}) TO '${join(dir, 'm-array.json')}' (ARRAY true)`);
    });
    for (const file of ['m.csv', 'm.json', 'm-array.json']) {
      const fit = fitFromMoments(readMomentsText(readFileSync(join(dir, file), 'utf8'), file));
      expect(modelDifference(fit, direct)).toBeLessThan(1e-12);
    }
  });

  it('counts rows with a NULL, NaN or infinite value: an error naming them, or left out on request', async () => {
    const path = wideOffsetCsv('gaps.csv', 200, ['1000000,,0.5,3,1', '1000000,-30000,nan,3,1', '1000000,-30000,0.5,inf,1']);
    const { result } = await duckdbMoments({ source: path, label: 'y', ignore: ['w'] });
    expect([result.rowsRead, result.rows]).toEqual([203, 200]);
    expect(() => fitFromMoments(result, { source: 'gaps.csv' })).toThrow(
      new BadDataError(
        'gaps.csv: 3 of 203 rows have a missing, NaN or infinite value in "a", "b", "c", "y"; --drop-missing leaves them out',
      ),
    );
    const dropped = fitFromMoments(result, { missing: 'drop' });
    const clean = parseCsv(readFileSync(path, 'utf8').split('\n').slice(0, 201).join('\n'));
    expect(modelDifference(dropped, fitInMemory(clean, 'y', { ignore: ['w'] }))).toBeLessThan(1e-9);
  });

  it('names what it cannot use: text columns, unknown columns, unreadable files, foreign results', async () => {
    const csv = join(dir, 'mixed.csv');
    writeFileSync(csv, 'x,name,y\n1,a,2\n2,b,3\n3,c,5\n');
    expect((await describeSource(csv)).map((c) => [c.name, c.numeric])).toEqual([
      ['x', true],
      ['name', false],
      ['y', true],
    ]);
    await expect(duckdbMoments({ source: csv, label: 'y' })).rejects.toThrow(
      `${csv}: column "name" (VARCHAR) is not numeric; the moments query sums numbers only (--ignore name, or fit without --engine)`,
    );
    await expect(duckdbMoments({ source: csv, label: 'z' })).rejects.toThrow(`${csv}: column "z" not found; columns are "x", "name", "y"`);
    await expect(describeSource(join(dir, 'none.parquet'))).rejects.toThrow(BadDataError);
    const ok = fitFromMoments((await duckdbMoments({ source: csv, label: 'y', ignore: ['name'] })).result);
    expect(ok.schema.columns).toEqual(['x', 'name', 'y']);
    expect(() => readMomentsText('a,b\n1,2\n', 'r.csv')).toThrow(
      'r.csv: the moments result has no column "tlkit_format" (is it the output of tlkit moments --sql?)',
    );
    expect(() => readMomentsText('', 'r.csv')).toThrow('r.csv: the moments file is empty');
    expect(() => readMomentsText('{"tlkit_format": "x"}', 'r.json')).toThrow(
      'r.json: tlkit_format is "x", this tlkit reads "tlkit-moments/1"',
    );
  });
});
