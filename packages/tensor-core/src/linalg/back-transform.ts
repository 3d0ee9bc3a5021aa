import { gemm } from './threaded-kernels.js';
import type { LinalgWorkspace } from './wasm-module.js';

/** Reflectors applied per block (I − Y·T·Yᵀ): two gemms with k = n − j and one with k = BLOCK per block. */
export const BLOCK = 64;

/** Where the back-transformation works in wasm memory (offsets in doubles). */
export interface BackTransformLayout {
  readonly n: number;
  /** The reflectors as `reduceToTridiagonal` left them (row j: v_j at columns j+1..n−1). */
  readonly a: number;
  /** BLOCK×n: the block's reflectors as rows, zeros before their leading 1. */
  readonly y: number;
  /** 2·BLOCK²: Yᵀ·Y, then T. */
  readonly t: number;
  /** 2·BLOCK×cols: Yᵀ·C and T·Yᵀ·C. */
  readonly wt: number;
  readonly work: number;
}

/**
 * C ← Q·C (or Qᵀ·C with `transpose`) for Q = H_0⋯H_{n−2} from the tridiagonal reduction, C the n×cols row-major
 * matrix at `c` (leading dimension `ldc`). Reflectors go in blocks of BLOCK as I − Y·T·Yᵀ (T from Yᵀ·Y as LAPACK's
 * dlarft), so nearly all the work is in the gemm kernel.
 */
export function applyReflectors(
  ws: LinalgWorkspace,
  layout: BackTransformLayout,
  tau: Float64Array,
  c: number,
  cols: number,
  ldc: number,
  transpose: boolean,
): void {
  const { n } = layout;
  const count = Math.max(n - 2, 0);
  const starts: number[] = [];
  for (let j0 = 0; j0 < count; j0 += BLOCK) starts.push(j0);
  if (!transpose) starts.reverse();
  for (const j0 of starts) applyBlock(ws, layout, tau, j0, Math.min(BLOCK, count - j0), c, cols, ldc, transpose, 0);
}

/**
 * Q = H_0⋯H_{n−2} itself into the n×n row-major matrix at `c` (as LAPACK's dorgtr): the blocks are applied to I
 * from the last one on, each only to the columns its reflectors reach (the others are still columns of I), so
 * forming Q costs 4n³/3 flops where applying it to a full matrix costs 2n³.
 */
export function formReflectors(ws: LinalgWorkspace, layout: BackTransformLayout, tau: Float64Array, c: number): void {
  const { n } = layout;
  const mem = ws.memory;
  mem.fill(0, c, c + n * n);
  for (let i = 0; i < n; i++) mem[c + i * n + i] = 1;
  const count = Math.max(n - 2, 0);
  const last = count === 0 ? 0 : Math.floor((count - 1) / BLOCK) * BLOCK;
  for (let j0 = last; j0 >= 0 && count > 0; j0 -= BLOCK)
    applyBlock(ws, layout, tau, j0, Math.min(BLOCK, count - j0), c, n, n, false, j0 + 1);
}

function applyBlock(
  ws: LinalgWorkspace,
  layout: BackTransformLayout,
  tau: Float64Array,
  j0: number,
  nb: number,
  c: number,
  cols: number,
  ldc: number,
  transpose: boolean,
  firstCol: number,
): void {
  const { n, a, y, t, wt, work } = layout;
  const mem = ws.memory;
  const m = n - j0 - 1;
  for (let q = 0; q < nb; q++) {
    const row = y + q * m;
    mem.fill(0, row, row + q);
    mem[row + q] = 1;
    const src = a + (j0 + q) * n + j0 + 1;
    mem.copyWithin(row + q + 1, src + q + 1, src + m);
  }
  const G = t;
  const T = t + BLOCK * BLOCK;
  mem.fill(0, G, G + nb * nb);
  gemm(ws, nb, nb, m, y * 8, m, 0, y * 8, m, 1, G * 8, nb, 1, 0, 0, work * 8);
  mem.fill(0, T, T + nb * nb);
  for (let q = 0; q < nb; q++) {
    const tq = tau[j0 + q];
    mem[T + q * nb + q] = tq;
    for (let r = 0; r < q; r++) {
      let s = 0;
      for (let p = r; p < q; p++) s += mem[T + r * nb + p] * mem[G + p * nb + q];
      mem[T + r * nb + q] = -tq * s;
    }
  }
  // Only columns from firstCol on are touched (the rest are known to be unchanged by the block).
  const width = cols - firstCol;
  const W1 = wt;
  const W2 = wt + BLOCK * width;
  const sub = c + (j0 + 1) * ldc + firstCol;
  mem.fill(0, W1, W1 + nb * width);
  gemm(ws, nb, width, m, y * 8, m, 0, sub * 8, ldc, 0, W1 * 8, width, 1, 0, 0, work * 8);
  mem.fill(0, W2, W2 + nb * width);
  gemm(ws, nb, width, nb, T * 8, nb, transpose ? 1 : 0, W1 * 8, width, 0, W2 * 8, width, 1, 0, 0, work * 8);
  gemm(ws, m, width, nb, y * 8, m, 1, W2 * 8, width, 0, sub * 8, ldc, -1, 0, 0, work * 8);
}
