import type { DenseMatrix } from '../dense-matrix.js';
import { symmetricEigen } from './symmetric-eigen.js';

/**
 * f(A) = V·diag(f(λ))·Vᵀ for a symmetric matrix A (e.g. A^(1/2), A^(-1/2) for CORAL's whitening and recolouring).
 * Eigenvalues below zero (rounding of a PSD matrix) are clamped to zero before f is applied.
 */
export function symmetricMatrixFunction(A: DenseMatrix, f: (lambda: number) => number): DenseMatrix {
  const { values, vectors: V } = symmetricEigen(A);
  const n = A.rows;
  const fl = Float64Array.from(values, (v) => f(Math.max(v, 0)));
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += V.data[i * n + k] * fl[k] * V.data[j * n + k];
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return { rows: n, cols: n, data: out };
}
