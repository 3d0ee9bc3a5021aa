import type { DenseMatrix } from '../dense-matrix.js';
import { BLOCK, formReflectors } from './back-transform.js';
import { largestLowerEntry, loadScaledUpper } from './fast-symmetric-eigen.js';
import { gemm, ldlSquares, symvScratchDoubles } from './threaded-kernels.js';
import { tridiagonalQL } from './tridiagonal-ql.js';
import { PANEL, reduceToTridiagonal } from './tridiagonalize.js';
import { gemmWorkDoubles, linalgWorkspace } from './wasm-module.js';

/** A = s·Q·T·Qᵀ with T tridiagonal (diagonal d, off-diagonal e) and Q orthogonal, kept as M = Qᵀ (row-major). */
export interface TridiagonalFactor {
  readonly n: number;
  /** s: A was divided by its largest entry before the reduction. */
  readonly scale: number;
  readonly d: Float64Array;
  /** e[j] joins j and j + 1. */
  readonly e: Float64Array;
  /** Qᵀ, n×n row-major: row j is the j-th column of Q. */
  readonly M: Float64Array;
  /** A's eigenvalues, ascending (T's, by implicit QL without vectors, times s). */
  readonly values: Float64Array;
}

/** Output values (shifts × outputs × n) the solutions' product takes per call: bounds the memory it needs. */
const SOLUTION_BATCH_VALUES = 1 << 22;

/** Offsets (doubles) of the regions a layout takes one after another, the gemm scratch first. */
function regions(sizes: readonly number[]): { at: number[]; end: number } {
  let end = gemmWorkDoubles();
  const at = sizes.map((size) => {
    const start = end;
    end += size + 2;
    return start;
  });
  return { at, end };
}

/**
 * The blocked Householder tridiagonalisation of the symmetric A (lower triangle read) with Q formed explicitly,
 * 8n³/3 flops in all (4n³/3 each), almost all in the gemm kernel. Undefined where WebAssembly SIMD or the memory is
 * missing, or A is not finite or too small to scale (subnormal).
 */
export function fastTridiagonalFactor(A: DenseMatrix): TridiagonalFactor | undefined {
  const n = A.rows;
  const scale = largestLowerEntry(A);
  if (scale === undefined || !Number.isFinite(1 / scale)) return undefined;
  const {
    at: [a, w, tmp, symv, y, t, wt, c],
    end,
  } = regions([n * n, 3 * PANEL * n, 2 * PANEL, symvScratchDoubles(n), BLOCK * n, 2 * BLOCK * BLOCK, 2 * BLOCK * n, n * n]);
  const ws = linalgWorkspace(end);
  if (!ws) return undefined;
  const mem = ws.memory;
  loadScaledUpper(A, scale, mem, a);
  const tri = reduceToTridiagonal(ws, { n, a, w, tmp, symv, work: 0 });
  formReflectors(ws, { n, a, y, t, wt, work: 0 }, tri.tau, c);
  const M = new Float64Array(n * n);
  const TILE = 32;
  for (let i0 = 0; i0 < n; i0 += TILE) {
    for (let k0 = 0; k0 < n; k0 += TILE) {
      const i1 = Math.min(n, i0 + TILE);
      const k1 = Math.min(n, k0 + TILE);
      for (let i = i0; i < i1; i++) for (let k = k0; k < k1; k++) M[k * n + i] = mem[c + i * n + k];
    }
  }
  const values = tri.d.slice();
  tridiagonalQL(values, tri.e.slice(), n);
  for (let i = 0; i < n; i++) values[i] *= scale;
  values.sort();
  return { n, scale, d: tri.d, e: tri.e, M, values };
}

/**
 * L·D·Lᵀ = T + σ·I for every shift σ (of A, so σ/s for T): row a of `l` holds L's subdiagonal (l[0] = 0) and of
 * `invd` the reciprocal pivots. Throws where a pivot is not positive (T + σ·I not positive definite).
 */
function shiftedPivots(f: TridiagonalFactor, shifts: readonly number[], mem: Float64Array, l: number, invd: number): void {
  const { n, d, e, scale } = f;
  shifts.forEach((shift, a) => {
    const sigma = shift / scale;
    const lo = l + a * n;
    const io = invd + a * n;
    let pivot = d[0] + sigma;
    mem[lo] = 0;
    for (let k = 0; ; k++) {
      if (!(pivot > 0) || !Number.isFinite(pivot)) {
        throw new RangeError(`symmetricResolvent.inverses: A + shifts[${a}]·I (shift ${shift}) is not positive definite`);
      }
      mem[io + k] = 1 / pivot;
      if (k + 1 === n) break;
      const lk = e[k] / pivot;
      mem[lo + k + 1] = lk;
      pivot = d[k + 1] + sigma - lk * e[k];
    }
  });
}

/**
 * diag((A + σI)⁻¹) and (A + σI)⁻¹·B for every shift σ from the factor: Qᵀ·B once (a gemm), then per shift one
 * L·D·Lᵀ factorisation of T + σI (O(n)), the diagonal as Σ_k ((L⁻¹·Qᵀ)_{k,i})²/D_k by the ldlSquares sweep over M
 * (O(n²)), and the solutions as Q·(T + σI)⁻¹·Qᵀ·B, all shifts' right-hand sides in one gemm. Undefined where the
 * memory is missing or a shift does not scale to T's units (σ/s overflows): the plain path serves those.
 */
export function fastShiftedInverses(
  f: TridiagonalFactor,
  B: DenseMatrix,
  shifts: readonly number[],
): { diagonals: DenseMatrix; solutions: DenseMatrix } | undefined {
  const { n, scale } = f;
  if (shifts.some((shift) => !Number.isFinite(shift / scale))) return undefined;
  const k = B.cols;
  const S = shifts.length;
  const batch = Math.max(1, Math.min(S, Math.floor(SOLUTION_BATCH_VALUES / Math.max(1, n * k))));
  const {
    at: [m, l, invd, diag, b, p, stack, out],
    end,
  } = regions([n * n, S * n, S * n, S * n, n * k, n * k, n * batch * k, n * batch * k]);
  const ws = linalgWorkspace(end);
  if (!ws) return undefined;
  const mem = ws.memory;
  shiftedPivots(f, shifts, mem, l, invd);
  mem.set(f.M, m);
  ldlSquares(ws, m, n, n, n, S, l, invd, diag, n);
  const diagonals = new Float64Array(S * n);
  for (let i = 0; i < S * n; i++) diagonals[i] = mem[diag + i] / scale;
  const solutions = new Float64Array(n * S * k);
  if (k > 0 && S > 0) {
    mem.set(B.data, b);
    mem.fill(0, p, p + n * k);
    gemm(ws, n, k, n, m * 8, n, 0, b * 8, k, 0, p * 8, k, 1, 0, 0, 0);
    const P = mem.slice(p, p + n * k);
    for (let a0 = 0; a0 < S; a0 += batch) {
      const count = Math.min(batch, S - a0);
      const width = count * k;
      for (let q = 0; q < count; q++) solveShifted(mem, n, k, P, l + (a0 + q) * n, invd + (a0 + q) * n, stack + q * k, width);
      mem.fill(0, out, out + n * width);
      gemm(ws, n, width, n, m * 8, n, 1, stack * 8, width, 0, out * 8, width, 1 / scale, 0, 0, 0);
      for (let i = 0; i < n; i++) solutions.set(mem.subarray(out + i * width, out + (i + 1) * width), i * S * k + a0 * k);
    }
  }
  return { diagonals: { rows: S, cols: n, data: diagonals }, solutions: { rows: n, cols: S * k, data: solutions } };
}

/** X = (L·D·Lᵀ)⁻¹·P (n×k) into mem at x with row stride ldx: forward through L, scaled by D⁻¹, back through Lᵀ. */
function solveShifted(mem: Float64Array, n: number, k: number, P: Float64Array, l: number, invd: number, x: number, ldx: number): void {
  for (let c = 0; c < k; c++) mem[x + c] = P[c];
  for (let i = 1; i < n; i++) {
    const li = mem[l + i];
    const row = x + i * ldx;
    const prev = row - ldx;
    for (let c = 0; c < k; c++) mem[row + c] = P[i * k + c] - li * mem[prev + c];
  }
  const lastRow = x + (n - 1) * ldx;
  const lastInv = mem[invd + n - 1];
  for (let c = 0; c < k; c++) mem[lastRow + c] *= lastInv;
  for (let i = n - 2; i >= 0; i--) {
    const next = mem[l + i + 1];
    const inv = mem[invd + i];
    const row = x + i * ldx;
    const below = row + ldx;
    for (let c = 0; c < k; c++) mem[row + c] = mem[row + c] * inv - next * mem[below + c];
  }
}
