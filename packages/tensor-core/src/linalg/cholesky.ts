import type { DenseMatrix } from '../dense-matrix.js';

/**
 * The lower Cholesky factor L of a symmetric matrix (A = LLᵀ), or undefined when A is not numerically
 * positive definite (a pivot at or below `relTol` times the largest diagonal entry).
 */
export function cholesky(A: DenseMatrix, relTol = 1e-13): DenseMatrix | undefined {
  const n = A.rows;
  if (A.cols !== n) throw new RangeError(`cholesky: A must be square, got ${A.rows}×${A.cols}`);
  const L = new Float64Array(n * n);
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(A.data[i * n + i]));
  const floor = relTol * maxDiag;
  for (let j = 0; j < n; j++) {
    const oj = j * n;
    let s = A.data[oj + j];
    for (let k = 0; k < j; k++) s -= L[oj + k] * L[oj + k];
    if (!(s > floor)) return undefined;
    const ljj = Math.sqrt(s);
    L[oj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const oi = i * n;
      let t = A.data[oi + j];
      for (let k = 0; k < j; k++) t -= L[oi + k] * L[oj + k];
      L[oi + j] = t / ljj;
    }
  }
  return { rows: n, cols: n, data: L };
}

/** Solves L·X = B for lower-triangular L (forward substitution); B is n×k and is not changed. */
export function forwardSubstitute(L: DenseMatrix, B: DenseMatrix): DenseMatrix {
  const n = L.rows;
  if (B.rows !== n) throw new RangeError(`forwardSubstitute: L is ${n}×${n}, B has ${B.rows} rows`);
  const k = B.cols;
  const x = B.data.slice();
  const l = L.data;
  for (let i = 0; i < n; i++) {
    const oi = i * n;
    for (let j = 0; j < i; j++) {
      const lij = l[oi + j];
      if (lij === 0) continue;
      for (let c = 0; c < k; c++) x[i * k + c] -= lij * x[j * k + c];
    }
    const d = l[oi + i];
    for (let c = 0; c < k; c++) x[i * k + c] /= d;
  }
  return { rows: n, cols: k, data: x };
}

/** Solves Lᵀ·X = B for lower-triangular L (back substitution with the transpose); B is n×k and is not changed. */
export function backSubstituteTransposed(L: DenseMatrix, B: DenseMatrix): DenseMatrix {
  const n = L.rows;
  if (B.rows !== n) throw new RangeError(`backSubstituteTransposed: L is ${n}×${n}, B has ${B.rows} rows`);
  const k = B.cols;
  const x = B.data.slice();
  const l = L.data;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i + 1; j < n; j++) {
      const lji = l[j * n + i];
      if (lji === 0) continue;
      for (let c = 0; c < k; c++) x[i * k + c] -= lji * x[j * k + c];
    }
    const d = l[i * n + i];
    for (let c = 0; c < k; c++) x[i * k + c] /= d;
  }
  return { rows: n, cols: k, data: x };
}

/** Solves (LLᵀ)X = B for X, given the lower Cholesky factor L; B is n×k and is not changed. */
export function choleskySolve(L: DenseMatrix, B: DenseMatrix): DenseMatrix {
  if (B.rows !== L.rows) throw new RangeError(`choleskySolve: L is ${L.rows}×${L.rows}, B has ${B.rows} rows`);
  return backSubstituteTransposed(L, forwardSubstitute(L, B));
}
