import type { DenseMatrix } from '@tlkit/tensor-core';
import { RidgeRegression } from '@tlkit/ridge';

export interface LogisticFit {
  /** Coefficients, one per column. */
  readonly coef: Float64Array;
  readonly intercept: number;
  readonly iterations: number;
}

/** log(1 + eᶻ) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function linear(X: DenseMatrix, w: ArrayLike<number>, b: number, out: Float64Array): void {
  const d = X.cols;
  for (let i = 0; i < X.rows; i++) {
    let s = b;
    for (let c = 0; c < d; c++) s += X.data[i * d + c] * w[c];
    out[i] = s;
  }
}

function objective(z: Float64Array, y: Uint8Array, w: Float64Array, C: number): number {
  let loss = 0;
  for (let i = 0; i < z.length; i++) loss += softplus(z[i]) - (y[i] ? z[i] : 0);
  let pen = 0;
  for (const v of w) pen += v * v;
  return C * loss + 0.5 * pen;
}

/** The smallest IRLS weight p(1 − p): rows the model is sure of would otherwise get working responses near ±∞. */
const MIN_CURVATURE = 1e-12;

/**
 * Binary L2-regularised logistic regression as scikit-learn defines it — min C·Σ log-loss + ½‖w‖², the intercept
 * unpenalised — by Newton's method written as iteratively reweighted least squares: each step is the weighted ridge
 * regression (alpha = 1/C, weights p(1 − p), working response z + (y − p)/(p(1 − p))) that @tlkit/ridge solves
 * exactly, followed by a backtracking line search along the step. `start` warm-starts it (a path over C).
 */
export function fitLogistic(
  X: DenseMatrix,
  y: Uint8Array,
  C: number,
  options: { start?: LogisticFit; maxIterations?: number } = {},
): LogisticFit {
  const n = X.rows;
  const d = X.cols;
  const maxIterations = options.maxIterations ?? 100;
  let w = options.start ? Float64Array.from(options.start.coef) : new Float64Array(d);
  let b: number;
  if (options.start) b = options.start.intercept;
  else {
    let pos = 0;
    for (const v of y) pos += v;
    b = pos > 0 && pos < n ? Math.log(pos / (n - pos)) : 0;
  }
  const z = new Float64Array(n);
  linear(X, w, b, z);
  let f = objective(z, y, w, C);
  const curvature = new Float64Array(n);
  const work = new Float64Array(n);
  const ridge = new RidgeRegression({ alpha: 1 / C });
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const g = new Float64Array(d + 1);
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-z[i]));
      const r = C * (p - y[i]);
      for (let c = 0; c < d; c++) g[c] += r * X.data[i * d + c];
      g[d] += r;
      curvature[i] = Math.max(p * (1 - p), MIN_CURVATURE);
      work[i] = z[i] + (y[i] - p) / curvature[i];
    }
    let gmax = 0;
    for (let c = 0; c <= d; c++) gmax = Math.max(gmax, Math.abs(c < d ? g[c] + w[c] : g[c]));
    if (gmax <= 1e-13 * Math.max(1, C * n)) break;
    ridge.fit(X, work, { sampleWeight: curvature });
    const wNew = ridge.coefMatrix.data;
    const bNew = ridge.intercepts[0];
    let decrement = 0;
    for (let c = 0; c < d; c++) decrement += (g[c] + w[c]) * (w[c] - wNew[c]);
    decrement += g[d] * (b - bNew);
    if (decrement <= 1e-8 * (1 + Math.abs(f))) {
      // Within Newton's quadratic region the objective can no longer resolve the step: take it whole.
      w = Float64Array.from(wNew);
      b = bNew;
      linear(X, w, b, z);
      f = objective(z, y, w, C);
      continue;
    }
    let t = 1;
    let moved = false;
    for (let back = 0; back < 50; back++) {
      const wt = Float64Array.from(w, (v, c) => v + t * (wNew[c] - v));
      const bt = b + t * (bNew - b);
      linear(X, wt, bt, z);
      const ft = objective(z, y, wt, C);
      if (ft <= f) {
        moved = ft < f;
        w = wt;
        b = bt;
        f = ft;
        break;
      }
      t /= 2;
    }
    if (!moved) {
      linear(X, w, b, z);
      break;
    }
  }
  return { coef: w, intercept: b, iterations };
}

/** The linear score z = x·w + b of each row (the log-odds of class 1). */
export function logisticScores(X: DenseMatrix, fit: { coef: Float64Array; intercept: number }): Float64Array {
  const z = new Float64Array(X.rows);
  linear(X, fit.coef, fit.intercept, z);
  return z;
}

/** Mean log-loss of labels under the log-odds z. */
export function meanLogLoss(z: Float64Array, y: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < z.length; i++) s += softplus(z[i]) - (y[i] ? z[i] : 0);
  return s / z.length;
}
