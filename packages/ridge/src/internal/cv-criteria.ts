import type { DenseMatrix } from '@tlkit/tensor-core';
import { kernels } from './kernels.js';
import type { Spectrum } from './spectrum.js';

/**
 * What GCV and the evidence need, all of which follow from second moments alone (so streamed statistics serve
 * too): the eigenvalues s of XcᵀXc, the targets' sums of squares, the row count and the weights' totals.
 */
export interface MomentCriteriaInput {
  /** Eigenvalues of XcᵀXc kept by the spectrum, ascending. */
  readonly s: Float64Array;
  /** Σ_i r_ic² per output, r the centred, √w-scaled residual target. */
  readonly targetSquares: Float64Array;
  readonly rows: number;
  readonly weightSum: number;
  /** Σ log w_i, the weights' constant in the Gaussian likelihood. */
  readonly logWeightSum: number;
  readonly fitIntercept: boolean;
}

/**
 * Per-α model-selection criteria from one spectrum of the centred, weight-scaled design (see Spectrum).
 * `R` is the centred, √w-scaled residual target (n×k); `leverage0` is the intercept's share of each row's
 * leverage (w_i/Σw when the intercept is fitted, else 0). Leave-one-out needs these rows; GCV and the evidence
 * only the moments.
 */
export interface CriteriaInput extends MomentCriteriaInput {
  readonly spectrum: Spectrum;
  readonly R: DenseMatrix;
  readonly leverage0: Float64Array;
}

/** Σ_i r_ic² per output of a target matrix. */
export function columnSquares(R: DenseMatrix): Float64Array {
  const k = R.cols;
  const out = new Float64Array(k);
  for (let i = 0; i < R.rows; i++) for (let c = 0; c < k; c++) out[c] += R.data[i * k + c] ** 2;
  return out;
}

/** QᵀR (m×k), computed once for all α. */
export function projectTargets(input: Pick<CriteriaInput, 'spectrum' | 'R'>): DenseMatrix {
  return kernels().crossProduct(input.spectrum.Q, input.R);
}

function shrinkage(s: Float64Array, alpha: number): Float64Array {
  return Float64Array.from(s, (v) => (alpha === Infinity ? 0 : v / (v + alpha)));
}

/** Output columns (alphas × outputs) of the fitted values computed per matrix product: bounds memory. */
const LOO_BATCH_VALUES = 1 << 22;

/**
 * Exact leave-one-out mean squared error for every α: e_i/(1 − H_ii) for the linear smoother H (intercept
 * included), weighted by w_i; Infinity where a row has leverage 1 (an interpolating fit). The leverages of all α
 * are one product (Q∘Q)·F and the fitted values another, Q·(F ⊙ QᵀR), with F[j][a] = s_j/(s_j + α_a).
 */
export function looMseCurve(input: CriteriaInput, QtR: DenseMatrix, alphas: readonly number[]): number[] {
  const { Q, s } = input.spectrum;
  const { R, leverage0 } = input;
  const n = Q.rows;
  const m = Q.cols;
  const k = R.cols;
  const ops = kernels();
  const squares: DenseMatrix = { rows: n, cols: m, data: Q.data.map((v) => v * v) };
  const batch = Math.max(1, Math.floor(LOO_BATCH_VALUES / Math.max(n * k, 1)));
  const scores: number[] = [];
  for (let first = 0; first < alphas.length; first += batch) {
    const group = alphas.slice(first, first + batch);
    const A = group.length;
    const F = new Float64Array(m * A);
    const S = new Float64Array(m * A * k);
    group.forEach((alpha, a) => {
      const f = shrinkage(s, alpha);
      for (let j = 0; j < m; j++) {
        F[j * A + a] = f[j];
        for (let c = 0; c < k; c++) S[j * A * k + a * k + c] = f[j] * QtR.data[j * k + c];
      }
    });
    const H = ops.matmul(squares, { rows: m, cols: A, data: F }).data;
    const fitted = ops.matmul(Q, { rows: m, cols: A * k, data: S }).data;
    for (let a = 0; a < A; a++) {
      scores.push(
        looScoreOf(
          n,
          k,
          input.weightSum,
          (i) => 1 - (leverage0[i] + H[i * A + a]),
          (i, c) => R.data[i * k + c] - fitted[i * A * k + a * k + c],
        ),
      );
    }
  }
  return scores;
}

/**
 * The leave-one-out mean squared error Σ_i Σ_c (e_ic/d_i)² / (Σw·k) from the residuals e and the denominators
 * d_i = 1 − H_ii; Infinity where a row with a non-zero residual has leverage 1 (d ≤ 1e-12).
 */
export function looScoreOf(
  rows: number,
  k: number,
  weightSum: number,
  denominator: (i: number) => number,
  residual: (i: number, c: number) => number,
): number {
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const denom = denominator(i);
    for (let c = 0; c < k; c++) {
      const e = residual(i, c);
      if (denom <= 1e-12) {
        if (Math.abs(e) > 0) return Infinity;
        continue;
      }
      total += (e / denom) ** 2;
    }
  }
  return total / (weightSum * k);
}

/** Residual sum of squares of the fit (√w-scaled) for every output. */
function residualSumOfSquares(input: MomentCriteriaInput, QtR: DenseMatrix, alpha: number): Float64Array {
  const { s } = input;
  const k = input.targetSquares.length;
  const rss = input.targetSquares.slice();
  // ||r − Q f Qᵀr||² = ||r||² − Σ_j (1 − (1 − f_j)²) (Qᵀr)_j²
  for (let j = 0; j < s.length; j++) {
    const f = alpha === Infinity ? 0 : s[j] / (s[j] + alpha);
    const drop = 1 - (1 - f) ** 2;
    for (let c = 0; c < k; c++) rss[c] -= drop * QtR.data[j * k + c] ** 2;
  }
  return rss.map((v) => Math.max(v, 0));
}

/** Generalised cross-validation (Golub, Heath & Wahba 1979): (RSS/Σw) / (1 − tr(H)/n)². */
export function gcvScore(input: MomentCriteriaInput, QtR: DenseMatrix, alpha: number): number {
  const n = input.rows;
  const rss = residualSumOfSquares(input, QtR, alpha);
  let trace = input.fitIntercept ? 1 : 0;
  for (const f of shrinkage(input.s, alpha)) trace += f;
  const denom = (1 - trace / n) ** 2;
  if (denom <= 1e-24) return Infinity;
  let total = 0;
  for (const v of rss) total += v;
  return total / (input.weightSum * rss.length) / denom;
}

/**
 * Log marginal likelihood of the Bayesian linear model y = b + Xw + ε, ε ~ N(0, σ²/w_i), w ~ N(w0, σ²/α·I), with
 * a flat prior on b (integrated out: n − 1 effective rows) and σ² profiled out (set to its maximiser S/N):
 *   log p = −N/2·(log(2π·S/N) + 1) − ½·Σ_j log(1 + s_j/α) + ½·Σ log w_i,
 * where S = ||r||² − Σ_j s_j/(s_j+α)·(Qᵀr)_j² is the penalised residual sum of squares. Summed over outputs.
 * See MacKay 1992 and Bishop 2006 §3.5 for the evidence of ridge; the prior mean enters only through r = y − X·w0.
 */
export function logEvidence(input: MomentCriteriaInput, QtR: DenseMatrix, alpha: number): number {
  return logEvidenceOf(input, penalisedSquares(input, QtR, alpha), alpha);
}

/** S = ||r||² − Σ_j s_j/(s_j+α)·(Qᵀr)_j² per output: the penalised residual sum of squares at α (= α·rᵀ(K + αI)⁻¹r). */
function penalisedSquares(input: MomentCriteriaInput, QtR: DenseMatrix, alpha: number): Float64Array {
  const k = input.targetSquares.length;
  const { s } = input;
  const S = input.targetSquares.slice();
  if (alpha !== Infinity) {
    for (let j = 0; j < s.length; j++) {
      const f = s[j] / (s[j] + alpha);
      for (let c = 0; c < k; c++) S[c] -= f * QtR.data[j * k + c] ** 2;
    }
  }
  return S;
}

/** The log evidence at α (see logEvidence) from the penalised residual sums of squares S of every output. */
export function logEvidenceOf(input: MomentCriteriaInput, S: Float64Array, alpha: number): number {
  const N = input.rows - (input.fitIntercept ? 1 : 0);
  if (N <= 0) return NaN;
  const { s } = input;
  let logDet = 0;
  if (alpha !== Infinity) {
    if (alpha === 0) return s.length > 0 ? -Infinity : NaN;
    for (const v of s) logDet += Math.log1p(v / alpha);
  }
  let total = 0;
  for (const v of S) {
    const Sc = Math.max(v, Number.MIN_VALUE);
    total += -0.5 * N * (Math.log((2 * Math.PI * Sc) / N) + 1) - 0.5 * logDet + 0.5 * input.logWeightSum;
  }
  return total;
}
