import { gemm, symvUpper } from './threaded-kernels.js';
import type { LinalgWorkspace } from './wasm-module.js';

/** Reflectors per panel: the trailing matrix takes one rank-2·PANEL update (a level-3 kernel) per panel. */
export const PANEL = 32;

/** Where the reduction works in wasm memory (offsets in doubles). */
export interface TridiagonalLayout {
  readonly n: number;
  /** n×n row-major; the upper triangle is read, and row j ends holding reflector j (see `reduceToTridiagonal`). */
  readonly a: number;
  /** 3·PANEL rows of n: the panel's W, then copies of V and W for the trailing update. */
  readonly w: number;
  /** 2·PANEL doubles of scratch. */
  readonly tmp: number;
  /** symvScratchDoubles(n) doubles: the other threads' partial products. */
  readonly symv: number;
  /** The gemm kernel's scratch. */
  readonly work: number;
}

/** T = QᵀAQ tridiagonal: diagonal d, off-diagonal e (e[j] joins j and j+1), Q = H_0·H_1⋯H_{n−2}. */
export interface Tridiagonal {
  readonly d: Float64Array;
  readonly e: Float64Array;
  /** H_j = I − tau[j]·v_j·v_jᵀ. */
  readonly tau: Float64Array;
}

/**
 * Householder reduction of the symmetric matrix at `layout.a` (upper triangle, row-major) to tridiagonal form, in
 * panels as LAPACK's dsytrd/dlatrd: within a panel each reflector needs one symmetric matrix-vector product with the
 * trailing matrix (the symvUpper kernel) and corrections for the panel's earlier reflectors; after the panel the
 * trailing matrix takes A −= V·Wᵀ + W·Vᵀ in one gemm. Rows play the part of LAPACK's columns, so every vector is
 * contiguous. On return row j holds v_j at columns j+1..n−1 (v_j[j+1] = 1 stored explicitly); the rest is destroyed.
 */
export function reduceToTridiagonal(ws: LinalgWorkspace, layout: TridiagonalLayout): Tridiagonal {
  const { n } = layout;
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const tau = new Float64Array(n);
  let j0 = 0;
  for (;;) {
    const remaining = n - 1 - j0;
    if (remaining <= PANEL) {
      reducePanel(ws, layout, j0, Math.max(remaining, 0), true, d, e, tau);
      break;
    }
    reducePanel(ws, layout, j0, PANEL, false, d, e, tau);
    updateTrailing(ws, layout, j0, PANEL);
    j0 += PANEL;
  }
  return { d, e, tau };
}

function reducePanel(
  ws: LinalgWorkspace,
  layout: TridiagonalLayout,
  j0: number,
  nb: number,
  last: boolean,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
): void {
  const { n, a, w, tmp } = layout;
  const { wasm, memory: mem } = ws;
  const rowsToUpdate = last ? nb + 1 : nb;
  for (let c = 0; c < rowsToUpdate; c++) {
    const j = j0 + c;
    const len = n - j;
    // Row j ← row j − Σ_{c'<c} (V_c'[j]·W_c' + W_c'[j]·V_c'), from column j on.
    if (c > 0) {
      for (let q = 0; q < c; q++) {
        mem[tmp + q] = -mem[w + q * n + j];
        mem[tmp + PANEL + q] = -mem[a + (j0 + q) * n + j];
      }
      wasm.axpyRows((a + j0 * n + j) * 8, n, c, tmp * 8, (a + j * n + j) * 8, len);
      wasm.axpyRows((w + j) * 8, n, c, (tmp + PANEL) * 8, (a + j * n + j) * 8, len);
    }
    d[j] = mem[a + j * n + j];
    if (c === nb) break;
    const m = n - j - 1;
    const v = a + j * n + j + 1;
    const t = householder(mem, v, m);
    e[j] = t.beta;
    tau[j] = t.tau;
    const wc = w + c * n + j + 1;
    mem.fill(0, wc, wc + m);
    if (t.tau === 0) continue;
    symvUpper(ws, a + (j + 1) * n + j + 1, n, m, v, wc, layout.symv);
    if (c > 0) {
      wasm.dotRows((w + j + 1) * 8, n, c, v * 8, m, tmp * 8);
      for (let q = 0; q < c; q++) mem[tmp + q] = -mem[tmp + q];
      wasm.axpyRows((a + j0 * n + j + 1) * 8, n, c, tmp * 8, wc * 8, m);
      wasm.dotRows((a + j0 * n + j + 1) * 8, n, c, v * 8, m, tmp * 8);
      for (let q = 0; q < c; q++) mem[tmp + q] = -mem[tmp + q];
      wasm.axpyRows((w + j + 1) * 8, n, c, tmp * 8, wc * 8, m);
    }
    let dot = 0;
    for (let i = 0; i < m; i++) {
      mem[wc + i] *= t.tau;
      dot += mem[wc + i] * mem[v + i];
    }
    const shift = -0.5 * t.tau * dot;
    for (let i = 0; i < m; i++) mem[wc + i] += shift * mem[v + i];
  }
}

/**
 * The reflector H = I − τvvᵀ with H·x = β·e₁ for x at mem[v..v+m) (LAPACK's dlarfg); x is overwritten by v with
 * v[0] = 1. τ = 0 (H = I) when x[1..] is zero already.
 */
function householder(mem: Float64Array, v: number, m: number): { beta: number; tau: number } {
  const alpha = mem[v];
  let scale = 0;
  for (let i = 1; i < m; i++) scale = Math.max(scale, Math.abs(mem[v + i]));
  if (scale === 0) {
    mem[v] = 1;
    return { beta: alpha, tau: 0 };
  }
  let ss = 0;
  for (let i = 1; i < m; i++) ss += (mem[v + i] / scale) ** 2;
  const xnorm = scale * Math.sqrt(ss);
  const beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
  const tau = (beta - alpha) / beta;
  const inv = 1 / (alpha - beta);
  for (let i = 1; i < m; i++) mem[v + i] *= inv;
  mem[v] = 1;
  return { beta, tau };
}

/** A[t0:, t0:] −= V·Wᵀ + W·Vᵀ (upper triangle) for the panel's reflectors, one gemm with k = 2·nb. */
function updateTrailing(ws: LinalgWorkspace, layout: TridiagonalLayout, j0: number, nb: number): void {
  const { n, a, w, work } = layout;
  const mem = ws.memory;
  const t0 = j0 + nb;
  const m = n - t0;
  for (let c = 0; c < nb; c++) {
    mem.copyWithin(w + (nb + c) * n + t0, a + (j0 + c) * n + t0, a + (j0 + c) * n + n);
    mem.copyWithin(w + (2 * nb + c) * n + t0, w + c * n + t0, w + c * n + n);
  }
  gemm(ws, m, m, 2 * nb, (w + t0) * 8, n, 1, (w + nb * n + t0) * 8, n, 0, (a + t0 * n + t0) * 8, n, -1, 2, 0, work * 8);
}
