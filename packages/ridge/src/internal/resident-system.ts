import type { DenseMatrix } from '@tlkit/tensor-core';
import { gram32FromRows, gram32Layout, type Gram32Layout } from './gram32.js';
import { factorResident32, panelDoubles, wasmUpperSolve } from './wasm-cholesky.js';
import type { RowCentring } from './wasm-kernels.js';
import { rowBlocksAll, wasmWorkspace, type WasmWorkspace } from './wasm-module.js';

/**
 * The two halves of a refined primal solve, held in wasm memory for all its steps: the Cholesky factor U of the
 * fp32 Gram matrix plus αI (an approximation to XcᵀXc + αI), and the centred rows Xc for the exact products.
 */
export interface ResidentSystem {
  /** Z from UᵀU·Z = B: (XcᵀXc + αI)⁻¹·B to about 1e-6 relative. */
  readonly solve: (B: DenseMatrix) => DenseMatrix;
  /** XcᵀXc·V, exact in fp64. */
  readonly gramTimes: (V: DenseMatrix) => DenseMatrix;
  /** Xcᵀ·W for W with a row per row of X, exact in fp64. */
  readonly crossTimes: (W: DenseMatrix) => DenseMatrix;
}

/** Rows per block of the products' partial sums: fixed, so that the sums do not depend on the thread count. */
export const BLOCK_ROWS = 256;
/** At most this many doubles (G, its factor's scratch, Xc and the partial sums) are held in wasm memory. */
export const RESIDENT_DOUBLES = 1 << 25;

/**
 * Builds the resident system in one wasm workspace: Xc is copied in once and centred there, its fp32 Gram
 * accumulated from it, takes αI and is factored where it lies (fp32 trailing updates; no copy in or out). Undefined
 * when the approximation is not positive definite; 'unavailable' where WebAssembly SIMD or the memory is missing or
 * the problem is too large to hold. The workspace's memory is shared with the other ridge kernels: the system is
 * valid until the next ridge kernel call outside it.
 */
export function residentSystem(
  X: DenseMatrix,
  centring: RowCentring | undefined,
  alpha: number,
): ResidentSystem | undefined | 'unavailable' {
  const { rows: n, cols: d } = X;
  const layout = residentLayout(n, d);
  const { gram, ds, n4, blocks, z, v, mean, w, partials, x, end } = layout;
  const { width, gValues } = gram;
  if (end > RESIDENT_DOUBLES) return 'unavailable';
  const ws = wasmWorkspace(end);
  if (!ws) return 'unavailable';
  const mem = ws.memory;
  residentRows(ws, X, centring, { x, ds, n4, mean, scale: w });
  gram32FromRows(ws, x, ds, n, d, gram);
  for (let i = 0; i < d; i++) mem[i * width + i] += alpha;
  if (!factorResident32(ws, 0, d, width, 1e-13, gValues)) return undefined;
  const rows: ResidentRows = { ws, x, ds, n, d, n4, blocks, partials };
  return {
    solve: (B) => wasmUpperSolve(ws, 0, d, width, B, z),
    gramTimes: (V) => blockProduct(rows, 'normalBlocks', V, v, ds),
    crossTimes: (W) => blockProduct(rows, 'crossBlocks', W, w, n4),
  };
}

/** Xc held in a workspace by residentRows (n rows of d, stride ds, n4 rows in all), with the block sums' scratch. */
export interface ResidentRows {
  readonly ws: WasmWorkspace;
  readonly x: number;
  readonly ds: number;
  readonly n: number;
  readonly d: number;
  readonly n4: number;
  readonly blocks: number;
  readonly partials: number;
}

/**
 * Xcᵀ(Xc·V) (normalBlocks, V d×k) or Xcᵀ·W (crossBlocks, W n×k) in fp64, d×k: each column of M written into the
 * free vector at double offset `at` (`size` doubles, zero past M's rows), the block kernel run over the resident
 * rows, and its per-block partial sums added up in block order (so the result does not depend on the threads).
 */
export function blockProduct(
  rows: ResidentRows,
  kernel: 'normalBlocks' | 'crossBlocks',
  M: DenseMatrix,
  at: number,
  size: number,
): DenseMatrix {
  const { ws, x, ds, n, d, n4, blocks, partials } = rows;
  const expected = kernel === 'normalBlocks' ? d : n;
  if (M.rows !== expected) throw new RangeError(`${kernel}: the matrix has ${M.rows} rows, not ${expected}`);
  const mem = ws.memory;
  const k = M.cols;
  const out = new Float64Array(d * k);
  mem.fill(0, at, at + size);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < expected; i++) mem[at + i] = M.data[i * k + c];
    rowBlocksAll(ws, kernel, x * 8, n4, ds, at * 8, partials * 8, BLOCK_ROWS, blocks);
    for (let b = 0; b < blocks; b++) {
      const p = partials + b * ds;
      for (let j = 0; j < d; j++) out[j * k + c] += mem[p + j];
    }
  }
  return { rows: d, cols: k, data: out };
}

/** Where residentSystem puts each part: offsets in doubles, Xc's row stride ds and padded row count n4. */
interface ResidentLayout {
  readonly gram: Gram32Layout;
  readonly ds: number;
  readonly n4: number;
  readonly blocks: number;
  readonly z: number;
  readonly v: number;
  readonly mean: number;
  readonly w: number;
  readonly partials: number;
  readonly x: number;
  readonly end: number;
}

function residentLayout(n: number, d: number): ResidentLayout {
  const gram = gram32Layout(n, d);
  const ds = d + (d & 1);
  const n4 = Math.ceil(n / 4) * 4;
  const blocks = Math.ceil(n4 / BLOCK_ROWS);
  // After G: the Gram's chunk buffers, then the factor's panel in the same place, then the refinement's vectors, the
  // means, a value per row (the row scales, then the weights of crossTimes), the partial sums and Xc.
  const z = gram.gValues + Math.max(gram.end - gram.gValues, panelDoubles(d));
  const v = z + ds;
  const mean = v + ds;
  const w = mean + ds;
  const partials = w + n4;
  const x = partials + blocks * ds;
  return { gram, ds, n4, blocks, z, v, mean, w, partials, x, end: x + n4 * ds };
}

/** True where residentSystem can hold an n×d design (it is 'unavailable' past that). */
export function residentSystemFits(n: number, d: number): boolean {
  return residentLayout(n, d).end <= RESIDENT_DOUBLES;
}

/**
 * Xc into the workspace at double offset `x` (row stride ds, the padding column and rows n..n4 zero): the rows
 * copied as they are, then centred in place by the centreRows kernel (the means at `mean`, the row scales at
 * `scale`), the same values copyRows computes.
 */
export function residentRows(
  ws: WasmWorkspace,
  X: DenseMatrix,
  centring: RowCentring | undefined,
  at: { x: number; ds: number; n4: number; mean: number; scale: number },
): void {
  const { rows: n, cols: d, data } = X;
  const { x, ds, n4, mean, scale } = at;
  const mem = ws.memory;
  if (ds === d) mem.set(data, x);
  else {
    for (let i = 0; i < n; i++) {
      mem.set(data.subarray(i * d, (i + 1) * d), x + i * ds);
      mem[x + i * ds + d] = 0;
    }
  }
  mem.fill(0, x + n * ds, x + n4 * ds);
  if (!centring) return;
  mem.fill(0, mean, mean + ds);
  mem.set(centring.mean, mean);
  if (centring.rowScale) mem.set(centring.rowScale, scale);
  ws.wasm.centreRows(x * 8, n, ds, mean * 8, scale * 8, centring.rowScale ? 1 : 0);
}
