import { gram, matmul, outerGram, symmetricEigen, transpose, type DenseMatrix } from '@tlkit/tensor-core';
import { subtractRow } from './statistics.js';

/** The leading principal axes of rows X (d×k, orthonormal columns) and the variances along them, descending. */
export interface PrincipalAxes {
  readonly axes: DenseMatrix;
  readonly variances: Float64Array;
  /** Variance along every axis, descending (d values; zeros past the rank), for explained-variance ratios. */
  readonly allVariances: Float64Array;
}

/**
 * Principal axes of the rows of X about `mean`, from the smaller side: the eigendecomposition of the d×d sample
 * covariance when n ≥ d, else of the n×n kernel matrix Xc·Xcᵀ (the same nonzero spectrum), whose eigenvectors u
 * give the axes Xcᵀu/√λ — O(n²d) instead of O(d³) for wide data. Signs are fixed so that each axis has its
 * largest-magnitude entry positive, which makes results reproducible across platforms and paths.
 */
export function principalAxes(X: DenseMatrix, mean: Float64Array, k: number): PrincipalAxes {
  const { rows: n, cols: d } = X;
  const denom = Math.max(1, n - 1);
  if (n < d) {
    const dual = dualAxes(X, mean, k, denom);
    if (dual) return dual;
  }
  const { values, vectors } = symmetricEigen(gram(X, { center: mean }));
  const order = Array.from({ length: d }, (_, i) => d - 1 - i);
  const axes = new Float64Array(d * k);
  order.slice(0, k).forEach((src, c) => {
    for (let r = 0; r < d; r++) axes[r * k + c] = vectors.data[r * d + src];
  });
  fixSigns(axes, d, k);
  const allVariances = Float64Array.from(order, (i) => Math.max(values[i], 0) / denom);
  return { axes: { rows: d, cols: k, data: axes }, variances: allVariances.slice(0, k), allVariances };
}

/** The axes from Xc·Xcᵀ; undefined when a wanted eigenvalue is at round-off (its axis is then not defined by Xc). */
function dualAxes(X: DenseMatrix, mean: Float64Array, k: number, denom: number): PrincipalAxes | undefined {
  const { rows: n, cols: d } = X;
  const { values, vectors } = symmetricEigen(outerGram(X, { center: mean }));
  const top = Math.max(values[n - 1], 0);
  const wanted = Array.from({ length: k }, (_, c) => n - 1 - c);
  if (wanted.some((i) => i < 0 || !(values[i] > top * n * 1e-13))) return undefined;
  const U = { rows: n, cols: k, data: new Float64Array(n * k) };
  wanted.forEach((src, c) => {
    const scale = 1 / Math.sqrt(values[src]);
    for (let r = 0; r < n; r++) U.data[r * k + c] = vectors.data[r * n + src] * scale;
  });
  const Xc = subtractRow(X, mean);
  const axes = matmul(transpose(Xc), U).data;
  fixSigns(axes, d, k);
  const allVariances = new Float64Array(d);
  for (let c = 0; c < n; c++) allVariances[c] = Math.max(values[n - 1 - c], 0) / denom;
  return { axes: { rows: d, cols: k, data: axes }, variances: allVariances.slice(0, k), allVariances };
}

/** Flips each column so that its largest-magnitude entry is positive. */
function fixSigns(axes: Float64Array, d: number, k: number): void {
  for (let c = 0; c < k; c++) {
    let big = 0;
    for (let r = 0; r < d; r++) if (Math.abs(axes[r * k + c]) > Math.abs(big)) big = axes[r * k + c];
    if (big < 0) for (let r = 0; r < d; r++) axes[r * k + c] = -axes[r * k + c];
  }
}
