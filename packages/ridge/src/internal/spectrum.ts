import { takeColumns, type DenseMatrix } from '@tlkit/tensor-core';
import { centredCopy, type Centring } from './centering.js';
import { kernels } from './kernels.js';
import { centredCrossProduct, eigenTolerance } from './solve.js';
import type { RowCentring } from './wasm-kernels.js';

/**
 * Part of the thin SVD of a centred design, Xc = Q·diag(√s)·Pᵀ, keeping only directions with s > 0: what the
 * leave-one-out curve needs. The hat matrix of every α is Q·diag(s/(s+α))·Qᵀ, so each α costs O(n·m).
 */
export interface Spectrum {
  /** n×m, orthonormal columns (left singular vectors). */
  readonly Q: DenseMatrix;
  /** m squared singular values, ascending. */
  readonly s: Float64Array;
}

/** The spectrum with the right singular vectors too: the coefficients of every α are P·diag(√s/(s+α))·Qᵀ·r. */
export interface FullSpectrum extends Spectrum {
  /** d×m, orthonormal columns (right singular vectors). */
  readonly P: DenseMatrix;
}

/** What GCV, the evidence and the alpha grid need: the kept eigenvalues s and QᵀRc (m×k), without Q or P. */
export interface MomentSpectrum {
  readonly s: Float64Array;
  readonly QtR: DenseMatrix;
}

/**
 * The eigenvalues above round-off of a Gram matrix (XcᵀXc or XcXcᵀ of a design with `rows` rows), ascending,
 * and their eigenvectors as columns.
 */
function gramSpectrum(G: DenseMatrix, rows: number): { s: Float64Array; vectors: DenseMatrix } {
  const { values, vectors } = kernels().symmetricEigen(G);
  const keep = keptIndices(values, Math.max(rows, G.rows));
  // Every direction kept (keep is ascending): the eigenvector matrix as it is, not a copy.
  const all = keep.length === vectors.cols;
  return { s: Float64Array.from(keep, (j) => values[j]), vectors: all ? vectors : takeColumns(vectors, keep) };
}

function keptIndices(values: Float64Array, size: number): number[] {
  const tol = eigenTolerance(values, size);
  const keep: number[] = [];
  values.forEach((v, j) => {
    if (v > tol) keep.push(j);
  });
  return keep;
}

/**
 * s and QᵀRc from the normal equations alone: the eigenvalues of G = XcᵀXc with Pᵀ·B for B = XcᵀRc (without forming
 * P), and Qᵀr = diag(1/√s)·Pᵀ·Xcᵀr. Serves streamed moments as well as a design in memory.
 */
export function gramMomentSpectrum(G: DenseMatrix, B: DenseMatrix, rows: number): MomentSpectrum {
  const { values, projections } = kernels().eigenProjections(G, B);
  const keep = keptIndices(values, Math.max(rows, G.rows));
  const k = B.cols;
  const QtR = new Float64Array(keep.length * k);
  keep.forEach((j, q) => {
    const scale = 1 / Math.sqrt(values[j]);
    for (let c = 0; c < k; c++) QtR[q * k + c] = scale * projections.data[j * k + c];
  });
  return { s: Float64Array.from(keep, (j) => values[j]), QtR: { rows: keep.length, cols: k, data: QtR } };
}

/**
 * s and QᵀRc for X and the residual targets R under their centring, from the smaller side (as scikit-learn's
 * gcv_mode='auto'): the d×d normal equations when n ≥ d, else the n×n kernel matrix XcXcᵀ with QᵀRc directly
 * from its eigenvector projections. No eigenvector matrix is formed either way.
 */
export function computeMomentSpectrum(X: DenseMatrix, R: DenseMatrix, centring: Centring): MomentSpectrum {
  const { rows: n, cols: d } = X;
  const ops = kernels();
  if (n >= d) {
    const { G, B } = ops.normalEquations(X, R, centring.x, centring.y);
    return gramMomentSpectrum(G, B, n);
  }
  const { values, projections } = ops.eigenProjections(ops.outerGram(X, centring.x), centredCopy(R, centring.y));
  const keep = keptIndices(values, n);
  const k = R.cols;
  const QtR = new Float64Array(keep.length * k);
  keep.forEach((j, q) => QtR.set(projections.data.subarray(j * k, j * k + k), q * k));
  return { s: Float64Array.from(keep, (j) => values[j]), QtR: { rows: keep.length, cols: k, data: QtR } };
}

/**
 * Q and s of Xc, X under the row centring, from the cheaper side for Q: the eigenvectors of XcXcᵀ are Q itself
 * when n ≤ d (no product with X at all), else Q = Xc·P/√s from XcᵀXc (Xc never formed).
 */
export function computeSpectrum(X: DenseMatrix, centring?: RowCentring): Spectrum {
  const { rows: n, cols: d } = X;
  if (n > d) return computeFullSpectrum(X, centring);
  const { s, vectors: Q } = gramSpectrum(kernels().outerGram(X, centring), n);
  return { Q, s };
}

/** Q, P and s of Xc: from XcᵀXc when n ≥ d (Q = Xc·P/√s), else from XcXcᵀ (P = Xcᵀ·Q/√s). */
export function computeFullSpectrum(X: DenseMatrix, centring?: RowCentring): FullSpectrum {
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

/**
 * The ridge solution V (d×k) at α from a design's spectrum and QᵀRc, without another factorisation (as
 * scikit-learn's RidgeCV takes its coefficients from the decomposition it scored the alphas with):
 * V = P·diag(√s/(s+α))·QᵀRc where P is at hand, else Xcᵀ·Q·diag(1/(s+α))·QᵀRc: the ridge solution itself where
 * the spectrum kept every direction of Xc. (Where it dropped some at round-off, a tiny α would still give them
 * weight, and a factorisation resolves them: callers solve again there.)
 */
export function spectralCoefficients(
  X: DenseMatrix,
  centring: RowCentring | undefined,
  spectrum: Spectrum,
  QtR: DenseMatrix,
  alpha: number,
): DenseMatrix {
  const { s } = spectrum;
  const k = QtR.cols;
  const P = 'P' in spectrum ? (spectrum as FullSpectrum).P : undefined;
  const T = new Float64Array(s.length * k);
  for (let j = 0; j < s.length; j++) {
    const scale = alpha === Infinity ? 0 : (P ? Math.sqrt(s[j]) : 1) / (s[j] + alpha);
    for (let c = 0; c < k; c++) T[j * k + c] = scale * QtR.data[j * k + c];
  }
  const scaled = { rows: s.length, cols: k, data: T };
  const ops = kernels();
  return P ? ops.matmul(P, scaled) : centredCrossProduct(X, centring, ops.matmul(spectrum.Q, scaled));
}
