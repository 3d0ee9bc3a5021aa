import { cholesky, choleskySolve, type DenseMatrix } from '@tlkit/tensor-core';
import { projectBoxSum } from './box-sum-projection.js';

/** min ½xᵀKx − κᵀx subject to 0 ≤ x_i ≤ upper and low ≤ Σx ≤ high (K symmetric positive semi-definite). */
export interface BoxSumProblem {
  readonly K: DenseMatrix;
  readonly kappa: Float64Array;
  readonly upper: number;
  readonly low: number;
  readonly high: number;
}

export interface BoxSumSolution {
  readonly x: Float64Array;
  readonly objective: number;
  readonly iterations: number;
  /** ‖P(x − ∇f(x)) − x‖∞, zero exactly at a KKT point (P: projection onto the feasible set). */
  readonly residual: number;
  readonly converged: boolean;
}

export interface BoxSumOptions {
  readonly maxIterations?: number;
  /** Stop when the projected-gradient residual is below tolerance × max(1, ‖x‖∞). */
  readonly tolerance?: number;
}

function matvecSym(K: DenseMatrix, x: Float64Array, out: Float64Array): void {
  const n = K.rows;
  const k = K.data;
  for (let i = 0; i < n; i++) {
    const o = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += k[o + j] * x[j];
    out[i] = s;
  }
}

export function boxSumObjective(p: BoxSumProblem, x: Float64Array): number {
  const Kx = new Float64Array(x.length);
  matvecSym(p.K, x, Kx);
  let f = 0;
  for (let i = 0; i < x.length; i++) f += 0.5 * x[i] * Kx[i] - p.kappa[i] * x[i];
  return f;
}

/** The projected-gradient residual ‖P(x − ∇f(x)) − x‖∞. */
function boxSumResidual(p: BoxSumProblem, x: Float64Array): number {
  const n = x.length;
  const g = new Float64Array(n);
  matvecSym(p.K, x, g);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = x[i] - (g[i] - p.kappa[i]);
  const px = new Float64Array(n);
  projectBoxSum(v, p.upper, p.low, p.high, px);
  let r = 0;
  for (let i = 0; i < n; i++) r = Math.max(r, Math.abs(px[i] - x[i]));
  return r;
}

function largestEigenvalue(K: DenseMatrix): number {
  const n = K.rows;
  let v = new Float64Array(n).fill(1 / Math.sqrt(n));
  let w = new Float64Array(n);
  let lambda = 0;
  for (let it = 0; it < 100; it++) {
    matvecSym(K, v, w);
    let norm = 0;
    for (let i = 0; i < n; i++) norm += w[i] * w[i];
    norm = Math.sqrt(norm);
    if (!(norm > 0)) return 1;
    const next = norm;
    for (let i = 0; i < n; i++) w[i] /= norm;
    [v, w] = [w, v];
    if (Math.abs(next - lambda) <= 1e-10 * next) return next;
    lambda = next;
  }
  return lambda;
}

/**
 * Accelerated projected gradient (FISTA, Beck & Teboulle 2009) with backtracking on the step and adaptive restart
 * (O'Donoghue & Candès 2015), every step projected exactly onto the box-and-sum set; then one active-set Newton step
 * on the face it found (the free coordinates solved exactly, with the sum constraint's multiplier when that
 * constraint is tight), kept only when it stays feasible and lowers the objective.
 */
export function solveBoxSumQP(p: BoxSumProblem, options: BoxSumOptions = {}): BoxSumSolution {
  const n = p.kappa.length;
  const maxIterations = options.maxIterations ?? 10000;
  const tolerance = options.tolerance ?? 1e-9;
  const x = new Float64Array(n);
  projectBoxSum(new Float64Array(n).fill(1), p.upper, p.low, p.high, x);
  let L = Math.max(largestEigenvalue(p.K), 1e-12);
  const y = x.slice();
  const xPrev = x.slice();
  const gy = new Float64Array(n);
  const v = new Float64Array(n);
  const next = new Float64Array(n);
  const Kn = new Float64Array(n);
  // K·x, K·x_prev and K·y are kept: y is a combination of x and x_prev, so one product with K per step suffices.
  const Kx = new Float64Array(n);
  matvecSym(p.K, x, Kx);
  const KxPrev = Kx.slice();
  const Ky = Kx.slice();
  let t = 1;
  let fx = boxSumObjective(p, x);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    let fy = 0;
    for (let i = 0; i < n; i++) {
      fy += 0.5 * y[i] * Ky[i] - p.kappa[i] * y[i];
      gy[i] = Ky[i] - p.kappa[i];
    }
    // Backtracking: f(next) ≤ f(y) + ∇f(y)ᵀ(next − y) + L/2‖next − y‖².
    let fNext: number;
    for (;;) {
      for (let i = 0; i < n; i++) v[i] = y[i] - gy[i] / L;
      projectBoxSum(v, p.upper, p.low, p.high, next);
      matvecSym(p.K, next, Kn);
      fNext = 0;
      let lin = 0;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        fNext += 0.5 * next[i] * Kn[i] - p.kappa[i] * next[i];
        const dlt = next[i] - y[i];
        lin += gy[i] * dlt;
        sq += dlt * dlt;
      }
      if (fNext <= fy + lin + 0.5 * L * sq + 1e-12 * Math.abs(fy) || L > 1e300) break;
      L *= 2;
    }
    xPrev.set(x);
    KxPrev.set(Kx);
    x.set(next);
    Kx.set(Kn);
    if (fNext > fx) {
      // Restart the momentum when the objective goes up.
      t = 1;
      y.set(x);
      Ky.set(Kx);
    } else {
      const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      const beta = (t - 1) / tNext;
      for (let i = 0; i < n; i++) {
        y[i] = x[i] + beta * (x[i] - xPrev[i]);
        Ky[i] = Kx[i] + beta * (Kx[i] - KxPrev[i]);
      }
      t = tNext;
    }
    fx = fNext;
    if (iterations % 10 === 9) {
      let scale = 1;
      for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(x[i]));
      if (boxSumResidual(p, x) <= tolerance * scale) break;
    }
  }
  const polished = activeSetStep(p, x);
  if (polished) {
    const fp = boxSumObjective(p, polished);
    if (fp <= fx) {
      x.set(polished);
      fx = fp;
    }
  }
  const residual = boxSumResidual(p, x);
  let scale = 1;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(x[i]));
  return { x, objective: fx, iterations, residual, converged: residual <= tolerance * scale * 10 };
}

/** Solves the QP on the face where x lies (bound coordinates fixed, the sum held when tight); undefined if that fails. */
function activeSetStep(p: BoxSumProblem, x: Float64Array): Float64Array | undefined {
  const n = x.length;
  const free: number[] = [];
  let fixedSum = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] > 0 && x[i] < p.upper) free.push(i);
    else fixedSum += x[i];
  }
  const f = free.length;
  if (f === 0) return undefined;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  const slack = 1e-9 * Math.max(1, Math.abs(p.high));
  const tightAt = Math.abs(sum - p.high) <= slack ? p.high : Math.abs(sum - p.low) <= slack ? p.low : undefined;
  const Kff = new Float64Array(f * f);
  const r = new Float64Array(f);
  for (let a = 0; a < f; a++) {
    const i = free[a];
    let s = p.kappa[i];
    for (let j = 0; j < n; j++) if (!(x[j] > 0 && x[j] < p.upper)) s -= p.K.data[i * n + j] * x[j];
    r[a] = s;
    for (let b = 0; b < f; b++) Kff[a * f + b] = p.K.data[i * n + free[b]];
  }
  const Lf = cholesky({ rows: f, cols: f, data: Kff }, 1e-12);
  if (!Lf) return undefined;
  const sol = choleskySolve(Lf, { rows: f, cols: 2, data: Float64Array.from({ length: 2 * f }, (_, k) => (k % 2 === 0 ? r[k >> 1] : 1)) });
  const a0 = Float64Array.from({ length: f }, (_, k) => sol.data[2 * k]);
  const b0 = Float64Array.from({ length: f }, (_, k) => sol.data[2 * k + 1]);
  let nu = 0;
  if (tightAt !== undefined) {
    let sa = 0;
    let sb = 0;
    for (let k = 0; k < f; k++) {
      sa += a0[k];
      sb += b0[k];
    }
    if (!(sb > 0)) return undefined;
    nu = (sa - (tightAt - fixedSum)) / sb;
  }
  const out = x.slice();
  let total = fixedSum;
  for (let k = 0; k < f; k++) {
    const value = a0[k] - nu * b0[k];
    if (!(value >= 0 && value <= p.upper)) return undefined;
    out[free[k]] = value;
    total += value;
  }
  if (total < p.low - slack || total > p.high + slack) return undefined;
  return out;
}
