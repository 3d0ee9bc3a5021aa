import { symmetricEigen, takeColumns, type DenseMatrix } from '@tlkit/tensor-core';
import { kernels } from './kernels.js';
import { centredCrossProduct, eigenTolerance } from './solve.js';
import type { RowCentring } from './wasm-kernels.js';

/**
 * The thin SVD of a centred design, Xc = Q·diag(√s)·Pᵀ, keeping only directions with s > 0: from the
 * eigendecomposition of XcᵀXc when n ≥ d, or of XcXcᵀ when d > n. Every ridge quantity for every α follows from
 * it in O(n·m) per α: the hat matrix is Q·diag(s/(s+α))·Qᵀ and the coefficients P·diag(√s/(s+α))·Qᵀ·r.
 */
export interface Spectrum {
  /** n×m, orthonormal columns (left singular vectors). */
  readonly Q: DenseMatrix;
  /** d×m, orthonormal columns (right singular vectors). */
  readonly P: DenseMatrix;
  /** m squared singular values, ascending. */
  readonly s: Float64Array;
}

/**
 * The eigenvalues above round-off of a Gram matrix (XcᵀXc or XcXcᵀ of a design with `rows` rows), ascending,
 * and their eigenvectors as columns.
 */
export function gramSpectrum(G: DenseMatrix, rows: number): { s: Float64Array; vectors: DenseMatrix } {
  const { values, vectors } = symmetricEigen(G);
  const tol = eigenTolerance(values, Math.max(rows, G.rows));
  const keep: number[] = [];
  values.forEach((v, j) => {
    if (v > tol) keep.push(j);
  });
  return { s: Float64Array.from(keep, (j) => values[j]), vectors: takeColumns(vectors, keep) };
}

/** The spectrum of Xc, X under the row centring (none: X itself); in the primal case Xc is never formed. */
export function computeSpectrum(X: DenseMatrix, centring?: RowCentring): Spectrum {
  const { rows: n, cols: d } = X;
  const ops = kernels();
  const primal = n >= d;
  const noTargets = { rows: n, cols: 0, data: new Float64Array(0) };
  const { s, vectors: kept } = gramSpectrum(primal ? ops.normalEquations(X, noTargets, centring).G : ops.outerGram(X, centring), n);
  const inverseRoot = Float64Array.from(s, (v) => 1 / Math.sqrt(v));
  if (primal) return { Q: scaleColumns(ops.matmul(X, kept, centring), inverseRoot), P: kept, s };
  return { Q: kept, P: scaleColumns(centredCrossProduct(X, centring, kept), inverseRoot), s };
}

/** Scales column c of A by scale[c], in place; returns A. */
function scaleColumns(A: DenseMatrix, scale: Float64Array): DenseMatrix {
  for (let i = 0; i < A.rows; i++) for (let c = 0; c < A.cols; c++) A.data[i * A.cols + c] *= scale[c];
  return A;
}
