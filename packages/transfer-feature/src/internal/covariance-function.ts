import { matmul, outerGram, symmetricEigen, symmetricMatrixFunction, transpose, type DenseMatrix } from '@tlkit/tensor-core';
import { covariance, subtractRow } from './statistics.js';

/**
 * f(C + λI) for the sample covariance C of the rows of X about `mean` (f applied to eigenvalues clamped at 0),
 * from the cheaper side. With n ≥ d: the eigendecomposition of the d×d covariance. With n < d the covariance has
 * rank below n, so C = V·S·Vᵀ comes from the n×n kernel matrix Xc·Xcᵀ (its eigenvectors u give V = Xcᵀu/√(s(n−1)))
 * and f(C + λI) = V·(f(S + λ) − f(λ))·Vᵀ + f(λ)·I: O(n²d + nd²) instead of O(d³).
 */
export function covarianceFunction(X: DenseMatrix, mean: Float64Array, lambda: number, f: (l: number) => number): DenseMatrix {
  const { rows: n, cols: d } = X;
  if (n >= d) {
    const C = covariance(X, mean);
    for (let i = 0; i < d; i++) C.data[i * d + i] += lambda;
    return symmetricMatrixFunction(C, f);
  }
  const denom = Math.max(1, n - 1);
  const { values, vectors } = symmetricEigen(outerGram(X, { center: mean }));
  const top = Math.max(values[n - 1], 0);
  const kept: number[] = [];
  values.forEach((v, i) => {
    if (v > top * n * 1e-13) kept.push(i);
  });
  const r = kept.length;
  const base = f(lambda);
  const U = { rows: n, cols: r, data: new Float64Array(n * r) };
  const gain = new Float64Array(r);
  kept.forEach((src, c) => {
    const s = values[src] / denom;
    gain[c] = f(s + lambda) - base;
    const scale = 1 / Math.sqrt(values[src]);
    for (let i = 0; i < n; i++) U.data[i * r + c] = vectors.data[i * n + src] * scale;
  });
  const Xc = subtractRow(X, mean);
  const V = matmul(transpose(Xc), U);
  const W = { rows: d, cols: r, data: V.data.map((v, k) => v * gain[k % r]) };
  const out = matmul(W, transpose(V));
  for (let i = 0; i < d; i++) {
    out.data[i * d + i] += base;
    for (let j = 0; j < i; j++) out.data[i * d + j] = out.data[j * d + i] = 0.5 * (out.data[i * d + j] + out.data[j * d + i]);
  }
  return out;
}
