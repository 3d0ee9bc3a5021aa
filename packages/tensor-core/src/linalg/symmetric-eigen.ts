import type { DenseMatrix } from '../dense-matrix.js';
import { fastSymmetricEigen } from './fast-symmetric-eigen.js';
import { crossProduct } from './products.js';
import { usePlain, type LinalgOptions } from './options.js';
import { tridiagonalQL } from './tridiagonal-ql.js';

/** A = V·diag(values)·Vᵀ with eigenvalues ascending and eigenvectors in the columns of `vectors`. */
export interface SymmetricEigen {
  readonly values: Float64Array;
  readonly vectors: DenseMatrix;
}

/** Eigenvalues with the projections VᵀB of a few columns B on the eigenvectors (row j for eigenvalue j). */
export interface SymmetricEigenProjections {
  readonly values: Float64Array;
  readonly projections: DenseMatrix;
}

/** Below this size the plain path is as quick. */
const FAST_MIN = 16;

function checkSquare(fn: string, A: DenseMatrix): number {
  if (A.cols !== A.rows) throw new RangeError(`${fn}: A must be square, got ${A.rows}×${A.cols}`);
  return A.rows;
}

/**
 * Eigendecomposition of a real symmetric matrix; only the lower triangle is read. The fast path (WebAssembly
 * SIMD, see fast-symmetric-eigen.ts) is a blocked Householder tridiagonalisation, divide and conquer and a blocked
 * back-transformation; the plain path (`path: 'plain'`, and wherever WebAssembly SIMD is missing) is EISPACK's
 * tred2/tql2 in plain JavaScript. Both give eigenvalues ascending.
 */
export function symmetricEigen(A: DenseMatrix, options: LinalgOptions = {}): SymmetricEigen {
  const n = checkSquare('symmetricEigen', A);
  if (!usePlain(options) && n >= FAST_MIN) {
    const fast = fastSymmetricEigen(A, { kind: 'vectors' });
    if (fast?.vectors) return { values: fast.values, vectors: fast.vectors };
  }
  return plainSymmetricEigen(A);
}

/** The eigenvalues of a symmetric matrix alone, ascending (O(n²) after the tridiagonalisation; lower triangle read). */
export function symmetricEigenvalues(A: DenseMatrix, options: LinalgOptions = {}): Float64Array {
  const n = checkSquare('symmetricEigenvalues', A);
  if (!usePlain(options) && n >= FAST_MIN) {
    const fast = fastSymmetricEigen(A, { kind: 'values' });
    if (fast) return fast.values;
  }
  return plainSymmetricEigen(A).values;
}

/**
 * The eigenvalues of a symmetric A (ascending) and VᵀB for an n×k matrix B, without forming V: the reflectors and
 * the QL rotations are applied to B itself, O(n²·k) beyond the tridiagonalisation. What a criterion that needs
 * only the spectrum and the targets' coordinates in the eigenbasis asks for (evidence, GCV, LogME).
 */
export function symmetricEigenProjections(A: DenseMatrix, B: DenseMatrix, options: LinalgOptions = {}): SymmetricEigenProjections {
  const n = checkSquare('symmetricEigenProjections', A);
  if (B.rows !== n) throw new RangeError(`symmetricEigenProjections: A is ${n}×${n}, B has ${B.rows} rows`);
  if (!usePlain(options) && n >= FAST_MIN) {
    const fast = fastSymmetricEigen(A, { kind: 'project', B });
    if (fast?.projections) return { values: fast.values, projections: fast.projections };
  }
  const { values, vectors: V } = plainSymmetricEigen(A);
  return { values, projections: crossProduct(V, B, { path: 'plain' }) };
}

/**
 * Householder reduction to tridiagonal form followed by the implicit QL algorithm (the EISPACK routines
 * tred2/tql2, as in JAMA). Work is kept on rows (`W` = Vᵀ during QL) so that rotations touch contiguous memory.
 */
function plainSymmetricEigen(A: DenseMatrix): SymmetricEigen {
  const n = A.rows;
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) V[i * n + j] = V[j * n + i] = A.data[i * n + j];
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { values: d, vectors: { rows: 0, cols: 0, data: V } };
  tridiagonalize(V, d, e, n);
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) W[j * n + i] = V[i * n + j];
  diagonalize(W, d, e, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a] - d[b]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = d[src];
    for (let k = 0; k < n; k++) vectors[k * n + dst] = W[src * n + k];
  });
  return { values, vectors: { rows: n, cols: n, data: vectors } };
}

function tridiagonalize(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
        V[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        V[j * n + i] = f;
        g = e[j] + V[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k * n + j] * d[k];
          e[k] += V[k * n + j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) V[k * n + j] -= f * e[k] + g * d[k];
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i];
    V[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k * n + i + 1] * V[k * n + j];
        for (let k = 0; k <= i; k++) V[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[(n - 1) * n + j];
    V[(n - 1) * n + j] = 0;
  }
  V[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/** Implicit QL on the tridiagonal (d, e) left by tridiagonalize (e[i] joins i−1 and i); W holds eigenvectors as rows. */
function diagonalize(W: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  tridiagonalQL(d, e, n, W, n);
}
