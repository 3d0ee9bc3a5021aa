import { cholesky, choleskySolve, type DenseMatrix } from '@tlkit/tensor-core';

export interface LogisticFit {
  /** Coefficients, one per column. */
  readonly coef: Float64Array;
  readonly intercept: number;
  readonly iterations: number;
}

/** log(1 + eᶻ) without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function linear(X: DenseMatrix, w: Float64Array, b: number, out: Float64Array): void {
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

/**
 * Binary L2-regularised logistic regression as scikit-learn defines it — min C·Σ log-loss + ½‖w‖², the intercept
 * unpenalised — by Newton's method with a backtracking line search (the problem is strictly convex in w; the
 * Hessian C·XᵀDX + diag(1,…,1,0) is solved by Cholesky).
 */
export function fitLogistic(X: DenseMatrix, y: Uint8Array, C: number, maxIterations = 100): LogisticFit {
  const n = X.rows;
  const d = X.cols;
  const p1 = d + 1;
  let w = new Float64Array(d);
  let pos = 0;
  for (const v of y) pos += v;
  // Start at the intercept-only optimum.
  let b = pos > 0 && pos < n ? Math.log(pos / (n - pos)) : 0;
  const z = new Float64Array(n);
  linear(X, w, b, z);
  let f = objective(z, y, w, C);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const g = new Float64Array(p1);
    const H = new Float64Array(p1 * p1);
    for (let i = 0; i < n; i++) {
      const pr = 1 / (1 + Math.exp(-z[i]));
      const r = C * (pr - y[i]);
      const dw = C * pr * (1 - pr);
      const o = i * d;
      for (let a = 0; a < d; a++) {
        const xa = X.data[o + a];
        g[a] += r * xa;
        const t = dw * xa;
        for (let c = a; c < d; c++) H[a * p1 + c] += t * X.data[o + c];
        H[a * p1 + d] += t;
      }
      g[d] += r;
      H[d * p1 + d] += dw;
    }
    for (let a = 0; a < d; a++) {
      g[a] += w[a];
      H[a * p1 + a] += 1;
      for (let c = a + 1; c < p1; c++) H[c * p1 + a] = H[a * p1 + c];
    }
    let gmax = 0;
    for (const v of g) gmax = Math.max(gmax, Math.abs(v));
    if (gmax <= 1e-13 * Math.max(1, C * n)) break;
    const L = cholesky({ rows: p1, cols: p1, data: H }, 1e-15);
    if (!L) break;
    const step = choleskySolve(L, { rows: p1, cols: 1, data: g }).data;
    let decrement = 0;
    for (let a = 0; a < p1; a++) decrement += g[a] * step[a];
    if (decrement <= 1e-8 * (1 + Math.abs(f))) {
      // Within Newton's quadratic region the objective can no longer resolve the step: take it whole.
      w = Float64Array.from(w, (v, a) => v - step[a]);
      b -= step[d];
      linear(X, w, b, z);
      f = objective(z, y, w, C);
      continue;
    }
    let t = 1;
    let moved = false;
    for (let back = 0; back < 50; back++) {
      const wn = Float64Array.from(w, (v, a) => v - t * step[a]);
      const bn = b - t * step[d];
      linear(X, wn, bn, z);
      const fn = objective(z, y, wn, C);
      if (fn <= f) {
        moved = fn < f;
        w = wn;
        b = bn;
        f = fn;
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
