import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { StandardScaler } from '@tlkit/tensor-core';
import { RidgeCV } from '@tlkit/ridge';
import { fitFromMoments } from '@tlkit/sql';
import { duckdbMoments } from '@tlkit/sql/duckdb';
import { modelDifference } from './helpers.js';

const FLIGHTS = join(dirname(require.resolve('vega-datasets')), '..', 'data', 'flights-3m.parquet');

/** Numeric columns of a Parquet file read whole into memory (hyparquet), as Float64Arrays. */
async function readColumns(path: string, names: string[]): Promise<Float64Array[]> {
  const bytes = readFileSync(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const parts = new Map<string, { rowStart: number; data: ArrayLike<unknown> }[]>(names.map((n) => [n, []]));
  await parquetRead({
    file,
    columns: names,
    compressors,
    onChunk: (c) => parts.get(c.columnName)?.push({ rowStart: c.rowStart, data: c.columnData }),
  });
  return names.map((n) => {
    const chunks = parts.get(n) ?? [];
    const total = chunks.reduce((s, c) => Math.max(s, c.rowStart + c.data.length), 0);
    const out = new Float64Array(total);
    for (const c of chunks) for (let i = 0; i < c.data.length; i++) out[c.rowStart + i] = Number(c.data[i]);
    return out;
  });
}

describe("vega-datasets' flights-3m.parquet (3,000,000 rows)", () => {
  it('DuckDB running the moments query gives the in-memory source model to 1e-9', async () => {
    const [delay, distance] = await readColumns(FLIGHTS, ['delay', 'distance']);
    expect(delay).toHaveLength(3_000_000);
    const X = { rows: distance.length, cols: 1, data: distance };
    const scaler = new StandardScaler().fit(X);
    const model = new RidgeCV({ cv: 'evidence' }).fit(scaler.transform(X), delay);
    const { result } = await duckdbMoments({ source: FLIGHTS, label: 'delay', ignore: ['date', 'origin', 'destination'] });
    expect([result.rowsRead, result.rows]).toEqual([3_000_000, 3_000_000]);
    const fit = fitFromMoments(result);
    expect(fit.schema.columns).toEqual(['date', 'delay', 'distance', 'origin', 'destination']);
    expect(modelDifference(fit, { scaler, model, rows: X.rows, schema: fit.schema })).toBeLessThan(1e-9);
  });
});
