import type { DenseMatrix } from '@tlkit/tensor-core';
import { centredCopy, type Centring } from './centering.js';
import {
  columnSquares,
  logEvidence,
  logEvidenceOf,
  looMseCurve,
  looScoreOf,
  projectTargets,
  type CriteriaInput,
  type MomentCriteriaInput,
} from './cv-criteria.js';
import { kernels } from './kernels.js';
import { centredCrossProduct, eigenTolerance } from './solve.js';
import { computeSpectrum, spectralCoefficients } from './spectrum.js';

/** Exact leave-one-out over an alpha grid from one decomposition of the centred design. */
export interface LeaveOneOut {
  /** The moments' view (eigenvalues s of XcᵀXc above round-off and the targets' sums): the auto grid and evidence. */
  readonly input: MomentCriteriaInput;
  /** The leave-one-out mean squared error of every alpha. */
  scores(alphas: readonly number[]): number[];
  /** The coefficients V (d×k) at alpha from the same decomposition, or undefined where a factorisation must solve. */
  coefficients(alpha: number): DenseMatrix | undefined;
  logEvidence(alpha: number): number;
}

/** Σ log w_i, the weights' constant of the Gaussian likelihood (0 without weights). */
export function logWeights(centred: Centring, sampleWeight: Float64Array | undefined): number {
  let total = 0;
  if (sampleWeight) for (const r of centred.sqrtWeights) total += Math.log(r * r);
  return total;
}

function momentFields(
  R: DenseMatrix,
  Rc: DenseMatrix,
  centred: Centring,
  fitIntercept: boolean,
  sampleWeight: Float64Array | undefined,
): Omit<MomentCriteriaInput, 's'> {
  return {
    targetSquares: columnSquares(Rc),
    rows: R.rows,
    weightSum: centred.weightSum,
    logWeightSum: logWeights(centred, sampleWeight),
    fitIntercept,
  };
}

/**
 * Leave-one-out for X (n×d) and the residual targets R under their centring: from the kernel side without
 * eigenvectors where n ≤ d and Xc has rank n − 1 (n without an intercept) (kernelLeaveOneOut), else from the thin SVD of Xc.
 */
export function leaveOneOut(
  X: DenseMatrix,
  R: DenseMatrix,
  centred: Centring,
  fitIntercept: boolean,
  sampleWeight: Float64Array | undefined,
): LeaveOneOut {
  const Rc = centredCopy(R, centred.y);
  const base = momentFields(R, Rc, centred, fitIntercept, sampleWeight);
  return (
    (X.rows <= X.cols ? kernelLeaveOneOut(X, Rc, centred, fitIntercept, base) : undefined) ??
    spectralLeaveOneOut(X, Rc, centred, fitIntercept, base)
  );
}

/**
 * From Xc = Q·diag(√s)·Pᵀ: the leverages and fitted values of every alpha are products with Q (looMseCurve), and
 * the coefficients P·diag(√s/(s+α))·QᵀRc, unless a direction was dropped at round-off.
 */
export function spectralLeaveOneOut(
  X: DenseMatrix,
  Rc: DenseMatrix,
  centred: Centring,
  fitIntercept: boolean,
  base: Omit<MomentCriteriaInput, 's'>,
): LeaveOneOut {
  const n = X.rows;
  const leverage0 = new Float64Array(n);
  if (fitIntercept) for (let i = 0; i < n; i++) leverage0[i] = centred.sqrtWeights[i] ** 2 / centred.weightSum;
  const spectrum = computeSpectrum(X, centred.x);
  const input: CriteriaInput = { ...base, spectrum, s: spectrum.s, R: Rc, leverage0 };
  const QtR = projectTargets(input);
  const rank = Math.min(n - (fitIntercept ? 1 : 0), X.cols);
  return {
    input,
    scores: (alphas) => looMseCurve(input, QtR, alphas),
    coefficients: (alpha) => (spectrum.s.length >= rank ? spectralCoefficients(X, centred.x, spectrum, QtR, alpha) : undefined),
    logEvidence: (alpha) => logEvidence(input, QtR, alpha),
  };
}

/** Output values (alphas × outputs × rows) scored per call of the resolvent: bounds memory. */
const KERNEL_BATCH_VALUES = 1 << 22;

/**
 * Leave-one-out from the n×n kernel K = XcXcᵀ without its eigenvectors. The intercept's direction u = √w/‖√w‖
 * (K·u = 0) is lifted to the eigenvalue σ (as scikit-learn does): K' = K + σ·u·uᵀ is positive definite where Xc has
 * rank n − 1 (n without an intercept), and for α > 0
 *   1 − H_ii − w_i/Σw = α·((K' + αI)⁻¹_ii − u_i²/(σ + α)),   e = Rc − H·Rc = α·(K' + αI)⁻¹·Rc
 * (u·uᵀRc = 0), so each alpha needs the diagonal of a shifted inverse and one solve: tensor-core's
 * symmetricResolvent, O(n²) per alpha after one tridiagonalisation, where the eigenvectors cost two more n³ terms.
 * Undefined where K' has an eigenvalue at round-off (the SVD path then drops that direction).
 */
export function kernelLeaveOneOut(
  X: DenseMatrix,
  Rc: DenseMatrix,
  centred: Centring,
  fitIntercept: boolean,
  base: Omit<MomentCriteriaInput, 's'>,
): LeaveOneOut | undefined {
  const n = X.rows;
  const k = Rc.cols;
  const ops = kernels();
  const K = ops.outerGram(X, centred.x);
  let trace = 0;
  for (let i = 0; i < n; i++) trace += K.data[i * n + i];
  const u = new Float64Array(n);
  const sigma = fitIntercept ? trace / Math.max(n - 1, 1) : 0;
  if (fitIntercept) {
    const norm = Math.sqrt(centred.weightSum);
    for (let i = 0; i < n; i++) u[i] = centred.sqrtWeights[i] / norm;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) K.data[i * n + j] += sigma * u[i] * u[j];
  }
  const resolvent = ops.resolvent(K);
  const s = withoutLift(resolvent.values, fitIntercept ? sigma : undefined);
  const tol = eigenTolerance(s, n);
  if (s.length === 0 || !(s[0] > tol)) return undefined;
  const input: MomentCriteriaInput = { ...base, s };
  const lifted = (alpha: number): number => (fitIntercept ? 1 / (sigma + alpha) : 0);
  const solve = (alphas: readonly number[]) => resolvent.inverses(Rc, alphas);
  const scores = (alphas: readonly number[]): number[] => {
    const out = new Array<number>(alphas.length);
    const finite: number[] = [];
    alphas.forEach((alpha, a) => {
      if (alpha === Infinity) {
        // No fit: e = Rc, H = 0.
        out[a] = looScoreOf(
          n,
          k,
          base.weightSum,
          (i) => 1 - u[i] * u[i],
          (i, c) => Rc.data[i * k + c],
        );
      } else if (alpha === 0) {
        // Full row rank: every row is interpolated (leverage 1).
        out[a] = Rc.data.every((v) => v === 0) ? 0 : Infinity;
      } else finite.push(a);
    });
    const batch = Math.max(1, Math.floor(KERNEL_BATCH_VALUES / Math.max(n * k, 1)));
    for (let first = 0; first < finite.length; first += batch) {
      const group = finite.slice(first, first + batch);
      const A = group.length;
      const { diagonals, solutions } = solve(group.map((a) => alphas[a]));
      group.forEach((index, a) => {
        const alpha = alphas[index];
        const lift = lifted(alpha);
        out[index] = looScoreOf(
          n,
          k,
          base.weightSum,
          (i) => alpha * (diagonals.data[a * n + i] - u[i] * u[i] * lift),
          (i, c) => alpha * solutions.data[i * A * k + a * k + c],
        );
      });
    }
    return out;
  };
  return {
    input,
    scores,
    coefficients(alpha) {
      if (alpha === Infinity) return { rows: X.cols, cols: k, data: new Float64Array(X.cols * k) };
      if (!(alpha > 0)) return undefined;
      return centredCrossProduct(X, centred.x, solve([alpha]).solutions);
    },
    logEvidence(alpha) {
      if (!(alpha > 0) || alpha === Infinity) return logEvidenceOf(input, base.targetSquares, alpha);
      const { solutions } = solve([alpha]);
      const S = new Float64Array(k);
      for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) S[c] += alpha * Rc.data[i * k + c] * solutions.data[i * k + c];
      return logEvidenceOf(input, S, alpha);
    },
  };
}

/** The eigenvalues without the one the intercept's lift put at σ (the nearest to it), ascending. */
function withoutLift(values: Float64Array, sigma: number | undefined): Float64Array {
  if (sigma === undefined) return values;
  let nearest = 0;
  values.forEach((v, j) => {
    if (Math.abs(v - sigma) < Math.abs(values[nearest] - sigma)) nearest = j;
  });
  return Float64Array.from(values.filter((_, j) => j !== nearest));
}
