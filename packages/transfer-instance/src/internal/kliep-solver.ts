import { cholesky, choleskySolve, type DenseMatrix } from '@tlkit/tensor-core';
import { projectSimplex } from './simplex.js';

export interface KliepSolution {
  /** The coefficients α (α ≥ 0, bᵀα = 1). */
  readonly alpha: Float64Array;
  /** The mean log ratio over the target rows at the solution. */
  readonly objective: number;
  /** An upper bound on how far the objective is from its maximum (max_l ∇_l − 1 in the simplex coordinates). */
  readonly gap: number;
  readonly iterations: number;
}

export interface KliepSolverOptions {
  readonly maxIterations?: number;
  /** Stop when the bound on the distance to the maximum is below this (default 1e-10). */
  readonly tolerance?: number;
}

/** F(γ) = mean_j log (Ãγ)_j, or −∞ outside its domain; fills Ag with Ãγ. */
function meanLog(At: Float64Array, n: number, m: number, g: Float64Array, Ag: Float64Array): number {
  let f = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let l = 0; l < m; l++) s += At[j * m + l] * g[l];
    Ag[j] = s;
    if (!(s > 0)) return -Infinity;
    f += Math.log(s);
  }
  return f / n;
}

function gradient(At: Float64Array, n: number, m: number, Ag: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (let j = 0; j < n; j++) {
    const r = 1 / (n * Ag[j]);
    for (let l = 0; l < m; l++) out[l] += At[j * m + l] * r;
  }
}

function maxOf(v: Float64Array): number {
  let m = -Infinity;
  for (const x of v) if (x > m) m = x;
  return m;
}

/**
 * KLIEP's convex problem (Sugiyama, Suzuki, Nakajima, Kashima, von Bünau & Kawanabe 2008, Eq. 6):
 *   max_α (1/n)Σ_j log (Aα)_j  subject to  bᵀα = 1, α ≥ 0,
 * with A_jl = k(x'_j, c_l) over target rows and b_l = mean_i k(x_i, c_l) over source rows. In γ = b∘α the set is the
 * simplex, and concavity bounds the distance to the maximum: F* − F(γ) ≤ max_l ∇_l − 1 (as ∇ᵀγ = 1). A few projected
 * gradient steps (Barzilai–Borwein, Armijo) finish well-conditioned problems; the rest go to a primal log-barrier
 * interior-point method (Newton steps on the simplex, the barrier weight cut tenfold until the bound is met), which
 * also copes with the narrow kernels whose optima have many zero coefficients.
 */
export function solveKliep(A: DenseMatrix, b: Float64Array, options: KliepSolverOptions = {}): KliepSolution {
  const n = A.rows;
  const m = A.cols;
  const maxIterations = options.maxIterations ?? 10000;
  const tolerance = options.tolerance ?? 1e-10;
  const At = new Float64Array(n * m);
  for (let j = 0; j < n; j++) for (let l = 0; l < m; l++) At[j * m + l] = A.data[j * m + l] / b[l];
  const start = projectedGradient(At, n, m, Math.min(100, maxIterations), tolerance);
  let { g, f, gap } = start;
  let iterations = start.iterations;
  if (gap > tolerance && iterations < maxIterations) {
    const ip = interiorPoint(At, n, m, g, gap, maxIterations - iterations, tolerance);
    if (ip.f >= f) ({ g, f, gap } = ip);
    iterations += ip.iterations;
  }
  return { alpha: Float64Array.from(g, (x, l) => x / b[l]), objective: f, gap, iterations };
}

interface Iterate {
  g: Float64Array;
  f: number;
  gap: number;
  iterations: number;
}

function projectedGradient(At: Float64Array, n: number, m: number, maxIterations: number, tolerance: number): Iterate {
  let g = new Float64Array(m).fill(1 / m);
  let Ag = new Float64Array(n);
  let f = meanLog(At, n, m, g, Ag);
  let grad = new Float64Array(m);
  gradient(At, n, m, Ag, grad);
  let gap = maxOf(grad) - 1;
  let step = 1;
  const trial = new Float64Array(m);
  const v = new Float64Array(m);
  let Atrial = new Float64Array(n);
  let gradTrial = new Float64Array(m);
  let iterations = 0;
  for (; iterations < maxIterations && gap > tolerance; iterations++) {
    let s = step;
    let fTrial = -Infinity;
    for (let back = 0; back < 60; back++) {
      for (let l = 0; l < m; l++) v[l] = g[l] + s * grad[l];
      projectSimplex(v, trial);
      fTrial = meanLog(At, n, m, trial, Atrial);
      let ascent = 0;
      for (let l = 0; l < m; l++) ascent += grad[l] * (trial[l] - g[l]);
      if (fTrial >= f + 1e-4 * ascent) break;
      s /= 2;
    }
    if (!(fTrial > f)) break;
    gradient(At, n, m, Atrial, gradTrial);
    let ss = 0;
    let sy = 0;
    for (let l = 0; l < m; l++) {
      const ds = trial[l] - g[l];
      ss += ds * ds;
      sy -= ds * (gradTrial[l] - grad[l]);
    }
    step = sy > 0 ? Math.min(Math.max(ss / sy, 1e-10), 1e10) : s * 2;
    g = Float64Array.from(trial);
    [Ag, Atrial] = [Atrial, Ag];
    [grad, gradTrial] = [gradTrial, grad];
    f = fTrial;
    gap = maxOf(grad) - 1;
  }
  return { g, f, gap, iterations };
}

/**
 * max F(γ) + μ·Σ log γ_l on {Σγ = 1}: Newton's direction Δ = M⁻¹(∇ − ν1) with M = ÃᵀD²Ã/n + μ·diag(γ)⁻² and ν
 * keeping 1ᵀΔ = 0, a step that stays inside (99% of the way to the boundary at most) and raises the barrier
 * objective, then μ ← μ/10 once the Newton decrement is small.
 */
function interiorPoint(
  At: Float64Array,
  n: number,
  m: number,
  warm: Float64Array,
  warmGap: number,
  maxIterations: number,
  tolerance: number,
): Iterate {
  let g = Float64Array.from(warm, (x) => 0.99 * x + 0.01 / m);
  const Ag = new Float64Array(n);
  const Atrial = new Float64Array(n);
  let f = meanLog(At, n, m, g, Ag);
  let mu = Math.max(warmGap, tolerance) / m;
  const grad = new Float64Array(m);
  const M = new Float64Array(m * m);
  const rhs = new Float64Array(2 * m);
  const trial = new Float64Array(m);
  let iterations = 0;
  const barrier = (x: Float64Array, fx: number): number => {
    let s = 0;
    for (const v of x) s += Math.log(v);
    return fx + mu * s;
  };
  while (iterations < maxIterations) {
    iterations++;
    gradient(At, n, m, Ag, grad);
    if (maxOf(grad) - 1 <= tolerance) break;
    M.fill(0);
    for (let j = 0; j < n; j++) {
      const d = 1 / (Ag[j] * Math.sqrt(n));
      const o = j * m;
      for (let p = 0; p < m; p++) {
        const ap = At[o + p] * d;
        if (ap === 0) continue;
        for (let q = p; q < m; q++) M[p * m + q] += ap * At[o + q] * d;
      }
    }
    for (let p = 0; p < m; p++) {
      M[p * m + p] += mu / (g[p] * g[p]);
      for (let q = p + 1; q < m; q++) M[q * m + p] = M[p * m + q];
      rhs[2 * p] = grad[p] + mu / g[p];
      rhs[2 * p + 1] = 1;
    }
    const L = cholesky({ rows: m, cols: m, data: M }, 1e-300);
    if (!L) break;
    const sol = choleskySolve(L, { rows: m, cols: 2, data: rhs }).data;
    let s1 = 0;
    let s2 = 0;
    for (let p = 0; p < m; p++) {
      s1 += sol[2 * p];
      s2 += sol[2 * p + 1];
    }
    const nu = s1 / s2;
    const delta = Float64Array.from({ length: m }, (_, p) => sol[2 * p] - nu * sol[2 * p + 1]);
    let decrement = 0;
    for (let p = 0; p < m; p++) decrement += delta[p] * (rhs[2 * p] - nu);
    let t = 1;
    for (let p = 0; p < m; p++) if (delta[p] < 0) t = Math.min(t, (-0.99 * g[p]) / delta[p]);
    const before = barrier(g, f);
    let accepted = false;
    for (let back = 0; back < 60; back++) {
      for (let p = 0; p < m; p++) trial[p] = g[p] + t * delta[p];
      const fTrial = meanLog(At, n, m, trial, Atrial);
      if (Number.isFinite(fTrial) && barrier(trial, fTrial) >= before + 0.25 * t * decrement * 1e-4) {
        g = Float64Array.from(trial);
        Ag.set(Atrial);
        f = fTrial;
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!accepted || decrement / 2 <= 10 * mu) {
      if (mu * m <= tolerance * 1e-2) break;
      mu /= 10;
    }
  }
  // The barrier keeps every coefficient positive; tiny ones are zero at the optimum. Keep whichever is better.
  gradient(At, n, m, Ag, grad);
  return { g, f, gap: maxOf(grad) - 1, iterations };
}
