import type { DenseMatrix } from '@tlkit/tensor-core';
import { fastKernels, kernels } from './kernels.js';
import { centredCopy, type Centring } from './centering.js';
import { residentSystemFits } from './resident-system.js';
import type { RowCentring } from './wasm-kernels.js';

export type RidgeSolver = 'auto' | 'cholesky' | 'dual' | 'eigen';

/** Eigenvalues at or below this fraction of the largest count as zero (the matrix is rank-deficient there). */
export function eigenTolerance(values: Float64Array, size: number): number {
  const top = values.length > 0 ? Math.max(0, values[values.length - 1]) : 0;
  return top * Math.max(size, 1) * 1e-15;
}

/**
 * Solves min_V ||Rc − Xc·V||² + α||V||² (columns independently) for V (d×k), where Xc and Rc are X and R under
 * the centring (see Centring). Primal (Cholesky of XcᵀXc + αI) when n ≥ d, its normal equations accumulated in
 * one pass without forming Xc; dual (Cholesky of XcXcᵀ + αI) when d > n; where that matrix is not positive
 * definite (α = 0 with rank-deficient Xc) the eigen path gives the minimum-norm least-squares solution.
 */
export function solveRidge(X: DenseMatrix, R: DenseMatrix, centring: Centring, alpha: number, solver: RidgeSolver): DenseMatrix {
  const { rows: n, cols: d } = X;
  const k = R.cols;
  if (alpha === Infinity) return { rows: d, cols: k, data: new Float64Array(d * k) };
  const dual = solver === 'dual' || (solver !== 'cholesky' && d > n);
  const ops = kernels();
  if (!dual) {
    const refined = solver === 'eigen' ? undefined : refinedSolve(X, R, centring, alpha);
    if (refined) return refined;
    const { G, B } = ops.normalEquations(X, R, centring.x, centring.y);
    return solveNormalEquations(G, B, alpha, solver);
  }
  if (solver !== 'eigen') {
    const refined = refinedDualSolve(X, R, centring, alpha);
    if (refined) return refined;
  }
  const Rc = centredCopy(R, centring.y);
  const K = ops.outerGram(X, centring.x);
  if (solver !== 'eigen') {
    const dualCoef = ops.solveSpd(addToDiagonal(K, alpha), Rc);
    if (dualCoef) return centredCrossProduct(X, centring.x, dualCoef);
  }
  return centredCrossProduct(X, centring.x, spectralSolve(K, Rc, alpha));
}

/** Rows, spread over X, whose median is the shift of the one-pass normal equations. */
const SHIFT_ROWS = 65;
/**
 * The most precision (as a factor) the one-pass normal equations may lose to their shifted sums: a median shift
 * loses under 2 (a median lies within σ of the mean).
 */
const MAX_CENTRING_LOSS = 4;

/**
 * Each column's median over SHIFT_ROWS rows spread evenly over M: the shift of the one-pass normal equations. Its sums
 * of squares lose a factor 1 + (mean − shift)²/σ² of precision to the centring, and a median lies within σ of the
 * mean (within about that for a sample's), outlying rows or not; non-finite values (reported by the value test) give 0.
 */
function medianShift(M: DenseMatrix): Float64Array {
  const { rows: n, cols: d, data } = M;
  const m = Math.min(n, SHIFT_ROWS);
  const rows = Array.from({ length: m }, (_, t) => (m === 1 ? 0 : Math.round((t * (n - 1)) / (m - 1))));
  const column = new Float64Array(m);
  const shift = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    rows.forEach((i, t) => (column[t] = data[i * d + j]));
    column.sort();
    const middle = m % 2 === 1 ? column[(m - 1) / 2] : (column[m / 2 - 1] + column[m / 2]) / 2;
    shift[j] = Number.isFinite(middle) ? middle : 0;
  }
  return shift;
}

/**
 * The ridge solution V for an intercept-fitting, unweighted problem whose X values are not checked yet, with the
 * means of X and R: the normal equations and the value test in one pass (RidgeKernels.shiftedNormalEquations), then
 * the usual solve. `reject` reports a failed value test (it throws the input check's error). Undefined where this
 * path is not the one solveRidge would take (dual, the fp32-refined wide solve) or the kernels lack it: the caller
 * then checks X and solves as usual.
 */
export function solveUncheckedCentred(
  X: DenseMatrix,
  R: DenseMatrix,
  alpha: number,
  solver: RidgeSolver,
  max: number,
  reject: () => void,
): { V: DenseMatrix; xMean: Float64Array; yMean: Float64Array } | undefined {
  const ops = kernels();
  const { rows: n, cols: d } = X;
  // Only for the kernels' own normal equations: kernels that replace those (useKernels) get them called.
  if (!ops.shiftedNormalEquations || ops.normalEquations !== fastKernels.normalEquations) return undefined;
  if (solver === 'dual' || n < d || refinesPrimal(n, d, R.cols, alpha, solver)) return undefined;
  const equations = ops.shiftedNormalEquations(X, R, medianShift(X), medianShift(R), max);
  if (equations === undefined) return undefined;
  if (equations === 'bad') {
    reject();
    return undefined;
  }
  // A shift far from a column's mean (rows laid out so that the sampled ones are all alike) costs the centred sums
  // precision: past MAX_CENTRING_LOSS of it, the two-pass path serves instead (X's values have passed the test).
  if (equations.centringLoss > MAX_CENTRING_LOSS) return undefined;
  return { V: solveNormalEquations(equations.G, equations.B, alpha, solver), xMean: equations.xMean, yMean: equations.yMean };
}

/**
 * From this many features on, the fp32 Gram and factor (twice the multiply-adds per instruction) pay for copying X
 * into wasm memory and the refinement's passes over it. Measured against the fp64 one-pass normal equations, one
 * thread / two: 1.15× / 1.1× quicker fits at d = 384, 1.5–1.8× at d = 512–1000 (n = 2000…20,000); even at d = 320,
 * slower at d = 200–256 with 100,000 rows, where the Gram is cheap next to the passes.
 */
const REFINE_MIN_FEATURES = 384;
/**
 * Where X is too large to hold in wasm memory, the refinement streams its rows through the kernels for each product
 * instead: that pays only from this many features on (at d = 384–512 and 100,000 rows it is 1.3–1.5× slower than the
 * fp64 one pass).
 */
const STREAMED_REFINE_MIN_FEATURES = 1024;

/**
 * True where solveRidge takes the fp32-refined primal solve (refinedSolve) for n rows, d features, k outputs. Not
 * with α = 0: a rank-deficient XcᵀXc is then singular, an fp32 factor of it takes round-off for pivots, and the
 * refinement would converge to some least-squares solution rather than the minimum-norm one the fp64 path gives.
 */
function refinesPrimal(n: number, d: number, k: number, alpha: number, solver: RidgeSolver): boolean {
  if (solver === 'eigen' || solver === 'dual' || alpha === 0 || n < d || k > d / 8 || d < REFINE_MIN_FEATURES) return false;
  return d >= STREAMED_REFINE_MIN_FEATURES || residentSystemFits(n, d);
}
/** Refinement steps before giving up on the fp32 factor. */
const REFINE_STEPS = 10;

/**
 * The primal solve from an fp32 Gram matrix with fp64 iterative refinement: V ← V + (G₃₂ + αI)⁻¹·(XcᵀRc − XcᵀXc·V −
 * αV), the products with the exact centred X in fp64 (two passes over the rows, O(ndk) each), until the correction
 * is at round-off. It converges when cond(XcᵀXc + αI)·1e-6 < 1, by about that factor a step; when it stalls above
 * round-off (the conditioning says fp32 is too coarse) or the factor fails, undefined: the fp64 path serves.
 */
function refinedSolve(X: DenseMatrix, R: DenseMatrix, centring: Centring, alpha: number): DenseMatrix | undefined {
  const ops = kernels();
  const { rows: n, cols: d } = X;
  if (!ops.approximateSystem || !refinesPrimal(n, d, R.cols, alpha, 'auto')) return undefined;
  const system = ops.approximateSystem(X, centring.x, alpha);
  // A system that streams the rows (no resident Xc: the memory could not be had) pays only for wide X.
  if (!system || (!system.gramTimes && d < STREAMED_REFINE_MIN_FEATURES)) return undefined;
  // A system holding Xc in the kernels' memory forms the products there (valid until another kernel call).
  const Rc = centredCopy(R, centring.y);
  const B = system.crossTimes ? system.crossTimes(Rc) : centredCrossProduct(X, centring.x, Rc);
  const gramTimes = system.gramTimes ?? ((V: DenseMatrix) => centredCrossProduct(X, centring.x, ops.matmul(X, V, centring.x)));
  return refine(system.solve, gramTimes, B, alpha, d);
}

/** From this many rows on, the dual solve takes the fp32 XcXcᵀ with refinement (measured: 1.6–1.9× quicker fits at n = 128…1000, no gain at 64). */
const DUAL_REFINE_MIN_ROWS = 128;

/**
 * The dual twin of refinedSolve: A from an fp32 XcXcᵀ with fp64 iterative refinement against the exact
 * Xc·(Xcᵀ·A) (two passes over the rows a step), then V = Xcᵀ·A. Undefined where it does not serve: the fp64
 * dual path then does.
 */
function refinedDualSolve(X: DenseMatrix, R: DenseMatrix, centring: Centring, alpha: number): DenseMatrix | undefined {
  const ops = kernels();
  const n = X.rows;
  if (!ops.approximateDualSystem || n < DUAL_REFINE_MIN_ROWS || R.cols > n / 8) return undefined;
  const system = ops.approximateDualSystem(X, centring.x, alpha);
  if (!system) return undefined;
  const A = refine(system.solve, system.kernelTimes, centredCopy(R, centring.y), alpha, n);
  return A && system.crossTimes(A);
}

/**
 * Iterative refinement of (M + αI)·V = B for symmetric M given as exact products `times` (fp64) and an approximate
 * solver `solve` (about 1e-6 relative): V ← V + solve(B − M·V − αV) until the correction is at round-off. It
 * converges when cond(M + αI)·1e-6 < 1, by about that factor a step; undefined when it stalls above round-off (the
 * conditioning says the approximation is too coarse).
 */
function refine(
  solve: (B: DenseMatrix) => DenseMatrix,
  times: (V: DenseMatrix) => DenseMatrix,
  B: DenseMatrix,
  alpha: number,
  unknowns: number,
): DenseMatrix | undefined {
  const V = solve(B);
  const roundoff = Math.sqrt(unknowns) * 2 ** -53;
  let previous = Infinity;
  for (let step = 0; step < REFINE_STEPS; step++) {
    const MV = times(V);
    const residual = B.data.map((b, i) => b - MV.data[i] - alpha * V.data[i]);
    const dV = solve({ rows: B.rows, cols: B.cols, data: residual });
    let change = 0;
    let size = 0;
    for (let i = 0; i < V.data.length; i++) {
      V.data[i] += dV.data[i];
      change = Math.max(change, Math.abs(dV.data[i]));
      size = Math.max(size, Math.abs(V.data[i]));
    }
    const relative = size > 0 ? change / size : 0;
    // Done when the next correction, shrinking at this step's rate, would be below √m·u₆₄ of the solution: the
    // round-off any fp64 solve of m unknowns carries (its triangular solves alone accumulate about that).
    if (relative <= roundoff || (previous < Infinity && relative * (relative / previous) <= roundoff)) return V;
    // Stalled: at round-off (done) or far above it (too ill-conditioned for the approximate solver).
    if (relative > 0.25 * previous) return relative <= 1e-12 ? V : undefined;
    previous = relative;
  }
  return previous <= 1e-12 ? V : undefined;
}

/** Xcᵀ·B for X under a row centring, without forming Xc: Xᵀ(s∘B) − mean·Σ_i(s∘B)_i. */
export function centredCrossProduct(X: DenseMatrix, centring: RowCentring | undefined, B: DenseMatrix): DenseMatrix {
  if (!centring) return kernels().crossProduct(X, B);
  const { rows: n, cols: k } = B;
  const { mean, rowScale } = centring;
  const scaled = rowScale ? B.data.map((v, i) => v * rowScale[Math.floor(i / k)]) : B.data;
  const C = kernels().crossProduct(X, { rows: n, cols: k, data: scaled });
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) sums[c] += scaled[i * k + c];
  for (let a = 0; a < X.cols; a++) for (let c = 0; c < k; c++) C.data[a * k + c] -= mean[a] * sums[c];
  return C;
}

/** Solves (G + αI)·V = B for a Gram matrix G: Cholesky, or the eigen path where G + αI is singular. */
export function solveNormalEquations(G: DenseMatrix, B: DenseMatrix, alpha: number, solver: RidgeSolver): DenseMatrix {
  if (alpha === Infinity) return { rows: G.rows, cols: B.cols, data: new Float64Array(G.rows * B.cols) };
  if (solver !== 'eigen') {
    const V = kernels().solveSpd(addToDiagonal(G, alpha), B);
    if (V) return V;
  }
  return spectralSolve(G, B, alpha);
}

function addToDiagonal(A: DenseMatrix, alpha: number): DenseMatrix {
  const data = A.data.slice();
  for (let i = 0; i < A.rows; i++) data[i * A.cols + i] += alpha;
  return { rows: A.rows, cols: A.cols, data };
}

/** (A + αI)⁺·B through the eigendecomposition of symmetric A. */
function spectralSolve(A: DenseMatrix, B: DenseMatrix, alpha: number): DenseMatrix {
  const { values, vectors: V } = kernels().symmetricEigen(A);
  const m = A.rows;
  const k = B.cols;
  const tol = eigenTolerance(values, m);
  // T = Vᵀ B, scaled per eigenvalue, then V·T.
  const T = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const vij = V.data[i * m + j];
      for (let c = 0; c < k; c++) T[j * k + c] += vij * B.data[i * k + c];
    }
  }
  for (let j = 0; j < m; j++) {
    // With α > 0 every direction is regularised; with α = 0 null directions are dropped (minimum norm).
    const scale = alpha > 0 ? 1 / (Math.max(values[j], 0) + alpha) : values[j] > tol ? 1 / values[j] : 0;
    for (let c = 0; c < k; c++) T[j * k + c] *= scale;
  }
  const out = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const vij = V.data[i * m + j];
      for (let c = 0; c < k; c++) out[i * k + c] += vij * T[j * k + c];
    }
  }
  return { rows: m, cols: k, data: out };
}
