import { Random, type DenseMatrix } from '@tlkit/tensor-core';

/** Rows from N(mean, Σ) with Σ = A·Aᵀ given by its factor A. */
export function gaussian(n: number, mean: readonly number[], factor: readonly (readonly number[])[], rng: Random): DenseMatrix {
  const d = mean.length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: d }, () => rng.normal());
    for (let a = 0; a < d; a++) {
      let s = mean[a];
      for (let b = 0; b < d; b++) s += factor[a][b] * z[b];
      data[i * d + a] = s;
    }
  }
  return { rows: n, cols: d, data };
}

export function means(X: DenseMatrix): Float64Array {
  const m = new Float64Array(X.cols);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) m[j] += X.data[i * X.cols + j] / X.rows;
  return m;
}

/** Distance between domain means divided by the pooled spread (root of the total variance): scale-free. */
export function normalisedMeanGap(A: DenseMatrix, B: DenseMatrix): number {
  const ma = means(A);
  const mb = means(B);
  let gap = 0;
  for (let j = 0; j < A.cols; j++) gap += (ma[j] - mb[j]) ** 2;
  let spread = 0;
  for (const [X, m] of [
    [A, ma],
    [B, mb],
  ] as const) {
    for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) spread += (X.data[i * X.cols + j] - m[j]) ** 2;
  }
  spread /= A.rows + B.rows;
  return Math.sqrt(gap / spread);
}
