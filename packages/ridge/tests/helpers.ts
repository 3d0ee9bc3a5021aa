import { Random, zeros, type DenseMatrix } from '@tlkit/tensor-core';

export function randomMatrix(rows: number, cols: number, rng: Random, offset = 0): DenseMatrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = offset + rng.normal();
  return m;
}

export function linearTargets(X: DenseMatrix, w: readonly number[], b: number, noise: number, rng: Random): Float64Array {
  const y = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let s = b;
    for (let j = 0; j < X.cols; j++) s += X.data[i * X.cols + j] * w[j];
    y[i] = s + noise * rng.normal();
  }
  return y;
}

export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

export function vector(v: unknown): Float64Array {
  if (!(v instanceof Float64Array)) throw new Error('expected a Float64Array');
  return v;
}
