import {
  crossProduct,
  gram,
  outerGram,
  symmetricEigenProjections,
  toDenseMatrix,
  type DenseMatrix,
  type MatrixInput,
} from '@tlkit/tensor-core';

export interface LogMEResult {
  /** Mean over target columns of the maximised log evidence per row: higher means more transferable features. */
  readonly logme: number;
  /** The maximising prior precision α and noise precision β, per target column. */
  readonly alphas: readonly number[];
  readonly betas: readonly number[];
}

/**
 * LogME (You, Liu, Wang & Long 2021): the log marginal likelihood per row of a Bayesian linear model on frozen
 * features, y = F·w + ε, w ~ N(0, α⁻¹I), ε ~ N(0, β⁻¹I), maximised over α and β by the paper's fixed-point
 * iteration on one eigendecomposition of the smaller Gram matrix: FᵀF when n ≥ D, else FFᵀ (the same nonzero
 * spectrum). Only the eigenvalues and the targets' coordinates z = Uᵀy in the eigenbasis are needed, and they come
 * from symmetricEigenProjections without an eigenvector matrix. Classification targets are one-hot columns, each
 * scored and averaged; regression targets are used as they are.
 */
export function logME(
  features: MatrixInput,
  targets: readonly (readonly number[])[] | ArrayLike<number>,
  options: { maxIterations?: number } = {},
): LogMEResult {
  // Only read: a DenseMatrix is validated, not copied.
  const F = toDenseMatrix(features, { fn: 'logME', arg: 'features', borrow: true });
  const n = F.rows;
  const D = F.cols;
  const columns = targetColumns(targets, n);
  const Y: DenseMatrix = { rows: n, cols: columns.length, data: new Float64Array(n * columns.length) };
  columns.forEach((y, c) => y.forEach((v, r) => (Y.data[r * columns.length + c] = v)));
  // Squared singular values s_i, and z = Uᵀy with u_i = F·v_i/σ_i (primal: z_i = v_iᵀFᵀy/σ_i) or the eigenvector of FFᵀ.
  const primal = n >= D;
  const { values, projections } = primal
    ? symmetricEigenProjections(gram(F), crossProduct(F, Y))
    : symmetricEigenProjections(outerGram(F), Y);
  const m = values.length;
  const k = columns.length;
  const s = Float64Array.from(values, (v) => Math.max(v, 0));
  const alphas: number[] = [];
  const betas: number[] = [];
  let total = 0;
  columns.forEach((y, c) => {
    const z = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      if (s[i] <= 1e-12 * (s[m - 1] || 1)) continue;
      const p = projections.data[i * k + c];
      z[i] = primal ? p / Math.sqrt(s[i]) : p;
    }
    let yy = 0;
    for (const v of y) yy += v * v;
    let zz = 0;
    for (const v of z) zz += v * v;
    const residualOutside = Math.max(yy - zz, 0);
    let alpha = 1;
    let beta = 1;
    for (let it = 0; it < (options.maxIterations ?? 100); it++) {
      let gamma = 0;
      let mNorm = 0;
      let res = residualOutside;
      for (let i = 0; i < m; i++) {
        const denom = alpha + beta * s[i];
        gamma += (beta * s[i]) / denom;
        mNorm += (beta * beta * s[i] * z[i] * z[i]) / (denom * denom);
        res += ((alpha * z[i]) / denom) ** 2;
      }
      const nextAlpha = gamma / Math.max(mNorm, 1e-300);
      const nextBeta = (n - gamma) / Math.max(res, 1e-300);
      const done = Math.abs(nextAlpha - alpha) / alpha < 1e-6 && Math.abs(nextBeta - beta) / beta < 1e-6;
      alpha = nextAlpha;
      beta = nextBeta;
      if (done) break;
    }
    alphas.push(alpha);
    betas.push(beta);
    total += evidencePerRow(n, D, s, z, residualOutside, alpha, beta);
  });
  return { logme: total / columns.length, alphas, betas };
}

/** log p(y | α, β)/n for the Bayesian linear model, from the spectrum (the paper's Eq. 2, with m = posterior mean). */
function evidencePerRow(
  n: number,
  D: number,
  s: Float64Array,
  z: Float64Array,
  residualOutside: number,
  alpha: number,
  beta: number,
): number {
  let mNorm = 0;
  let res = residualOutside;
  let logDet = (D - s.length) * Math.log(alpha);
  for (let i = 0; i < s.length; i++) {
    const denom = alpha + beta * s[i];
    mNorm += (beta * beta * s[i] * z[i] * z[i]) / (denom * denom);
    res += ((alpha * z[i]) / denom) ** 2;
    logDet += Math.log(denom);
  }
  const evidence =
    (n / 2) * Math.log(beta) +
    (D / 2) * Math.log(alpha) -
    (n / 2) * Math.log(2 * Math.PI) -
    (beta / 2) * res -
    (alpha / 2) * mNorm -
    logDet / 2;
  return evidence / n;
}

function targetColumns(targets: readonly (readonly number[])[] | ArrayLike<number>, n: number): Float64Array[] {
  const rows = targets as ArrayLike<unknown>;
  if (rows.length !== n) throw new RangeError(`logME: targets have ${rows.length} rows, features have ${n}`);
  if (n > 0 && Array.isArray(rows[0])) {
    const k = (rows[0] as readonly number[]).length;
    return Array.from({ length: k }, (_, c) =>
      Float64Array.from({ length: n }, (_, r) => (targets as readonly (readonly number[])[])[r][c]),
    );
  }
  return [Float64Array.from(targets as ArrayLike<number>)];
}

/** One-hot columns (0/1, as in the paper) for class labels. */
export function oneHot(labels: readonly unknown[], classes: readonly unknown[]): number[][] {
  return labels.map((l) => classes.map((c) => (c === l ? 1 : 0)));
}
