import type { DenseMatrix } from '@tlkit/tensor-core';
import { wasmUpperSolve } from './wasm-cholesky.js';
import { copyRows, type RowCentring } from './wasm-kernels.js';
import { normalBlocksAll, wasmWorkspace } from './wasm-module.js';

/**
 * The fp64 side of a refined primal solve, held in wasm memory for all its steps: the centred rows Xc, copied in
 * once, and the factor U of an approximation to XcᵀXc + αI.
 */
export interface ResidentSystem {
  /** Z from UᵀU·Z = B (the approximate solve). */
  readonly solve: (B: DenseMatrix) => DenseMatrix;
  /** XcᵀXc·V, exact in fp64. */
  readonly gramTimes: (V: DenseMatrix) => DenseMatrix;
}

/** Rows per block of the products' partial sums: fixed, so that the sums do not depend on the thread count. */
const BLOCK_ROWS = 256;
/** At most this many doubles (Xc, U and the partial sums) are held; larger problems stream their rows instead. */
const RESIDENT_DOUBLES = 1 << 25;

/**
 * Xc (X under the row centring) and U (upper, row-major d×d) in one wasm workspace, or undefined where WebAssembly
 * SIMD or the memory is missing or the problem is too large to hold. The workspace's memory is shared with the
 * other ridge kernels: the system is valid until the next ridge kernel call outside it.
 */
export function residentSystem(X: DenseMatrix, centring: RowCentring | undefined, U: Float64Array): ResidentSystem | undefined {
  const { rows: n, cols: d } = X;
  const ds = d + (d & 1);
  const n4 = Math.ceil(n / 4) * 4;
  const blocks = Math.ceil(n4 / BLOCK_ROWS);
  const z = d * d;
  const v = z + ds;
  const partials = v + ds;
  const x = partials + blocks * ds;
  const end = x + n4 * ds;
  if (end > RESIDENT_DOUBLES) return undefined;
  const ws = wasmWorkspace(end);
  if (!ws) return undefined;
  const mem = ws.memory;
  mem.set(U, 0);
  copyRows(X, centring, 0, n, mem, x, ds);
  if (ds > d) for (let i = 0; i < n; i++) mem[x + i * ds + d] = 0;
  mem.fill(0, x + n * ds, end);
  mem.fill(0, v, v + ds);
  return {
    solve: (B) => wasmUpperSolve(ws, 0, d, B, z),
    gramTimes: (V) => {
      const k = V.cols;
      const out = new Float64Array(d * k);
      for (let c = 0; c < k; c++) {
        for (let j = 0; j < d; j++) mem[v + j] = V.data[j * k + c];
        normalBlocksAll(ws, x * 8, n4, ds, v * 8, partials * 8, BLOCK_ROWS, blocks);
        for (let b = 0; b < blocks; b++) {
          const p = partials + b * ds;
          for (let j = 0; j < d; j++) out[j * k + c] += mem[p + j];
        }
      }
      return { rows: d, cols: k, data: out };
    },
  };
}
