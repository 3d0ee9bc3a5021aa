import { encodeTable, inferSchema, StandardScaler, type Table } from '@tlkit/tensor-core';
import { RidgeCV } from '@tlkit/ridge';
import type { MomentsFit } from '@tlkit/sql';

/** What `tlkit fit` does with the rows in memory: schema, StandardScaler.fit, RidgeCV by the evidence. */
export function fitInMemory(table: Table, label: string, options: { ignore?: string[]; weight?: string; missing?: 'drop' } = {}) {
  const ignore = [...(options.ignore ?? []), ...(options.weight ? [options.weight] : [])];
  const schema = inferSchema(table, { label, ignore, labelType: 'numeric' });
  const encoded = encodeTable(table, schema, { missing: options.missing });
  const scaler = new StandardScaler().fit(encoded.X);
  const X = scaler.transform(encoded.X);
  let sampleWeight: Float64Array | undefined;
  if (options.weight) {
    const j = table.columns.indexOf(options.weight);
    sampleWeight = Float64Array.from(encoded.rowIndex, (i) => Number(table.rows[i][j]));
  }
  const model = new RidgeCV({ cv: 'evidence' }).fit(X, encoded.y as Float64Array, { sampleWeight });
  return { schema, scaler, model, rows: X.rows };
}

export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

/** The largest relative difference between two source models over scaler, coefficients, intercept and alpha. */
export function modelDifference(a: MomentsFit | ReturnType<typeof fitInMemory>, b: MomentsFit | ReturnType<typeof fitInMemory>): number {
  const coef = (m: typeof a) => m.model.coef as Float64Array;
  return Math.max(
    maxRelDiff(a.scaler.mean, b.scaler.mean),
    maxRelDiff(a.scaler.scale, b.scaler.scale),
    maxRelDiff(coef(a), coef(b)),
    maxRelDiff([a.model.intercept as number, a.model.alpha], [b.model.intercept as number, b.model.alpha]),
  );
}
