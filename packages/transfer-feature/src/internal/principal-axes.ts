import { symmetricEigen, type DenseMatrix } from '@tlkit/tensor-core';
import { covariance } from './statistics.js';

/** The leading principal axes of rows X (d×k, orthonormal columns) and the variances along them, descending. */
export interface PrincipalAxes {
  readonly axes: DenseMatrix;
  readonly variances: Float64Array;
  /** Variance along every axis, descending (for explained-variance ratios). */
  readonly allVariances: Float64Array;
}

/**
 * Principal axes from the eigendecomposition of the sample covariance. Signs are fixed so that each axis has its
 * largest-magnitude entry positive, which makes results reproducible across platforms.
 */
export function principalAxes(X: DenseMatrix, mean: Float64Array, k: number): PrincipalAxes {
  const d = X.cols;
  const { values, vectors } = symmetricEigen(covariance(X, mean));
  const order = Array.from({ length: d }, (_, i) => d - 1 - i);
  const axes = new Float64Array(d * k);
  order.slice(0, k).forEach((src, c) => {
    let big = 0;
    for (let r = 0; r < d; r++) if (Math.abs(vectors.data[r * d + src]) > Math.abs(big)) big = vectors.data[r * d + src];
    const sign = big < 0 ? -1 : 1;
    for (let r = 0; r < d; r++) axes[r * k + c] = sign * vectors.data[r * d + src];
  });
  const allVariances = Float64Array.from(order, (i) => Math.max(values[i], 0));
  return { axes: { rows: d, cols: k, data: axes }, variances: allVariances.slice(0, k), allVariances };
}
