import type { DenseMatrix } from '@tlkit/tensor-core';
import { factorResident, panelDoubles, wasmUpperSolve } from './wasm-cholesky.js';
import { copyRows, gram32Into, gram32Layout, type RowCentring } from './wasm-kernels.js';
import { normalBlocksAll, wasmWorkspace } from './wasm-module.js';

/**
 * The two halves of a refined primal solve, held in wasm memory for all its steps: the Cholesky factor U of the
 * fp32 Gram matrix plus αI (an approximation to XcᵀXc + αI), and the centred rows Xc for the exact products.
 */
export interface ResidentSystem {
  /** Z from UᵀU·Z = B: (XcᵀXc + αI)⁻¹·B to about 1e-6 relative. */
  readonly solve: (B: DenseMatrix) => DenseMatrix;
  /** XcᵀXc·V, exact in fp64. */
  readonly gramTimes: (V: DenseMatrix) => DenseMatrix;
}

/** Rows per block of the products' partial sums: fixed, so that the sums do not depend on the thread count. */
const BLOCK_ROWS = 256;
/** At most this many doubles (G, its factor's scratch, Xc and the partial sums) are held in wasm memory. */
const RESIDENT_DOUBLES = 1 << 25;

/**
 * Builds the resident system in one wasm workspace: the fp32 Gram of Xc is accumulated, takes αI and is factored
 * where it lies (no copy in or out), then Xc is copied in once. Undefined when the approximation is not positive
 * definite; 'unavailable' where WebAssembly SIMD or the memory is missing or the problem is too large to hold. The
 * workspace's memory is shared with the other ridge kernels: the system is valid until the next ridge kernel call
 * outside it.
 */
export function residentSystem(
  X: DenseMatrix,
  centring: RowCentring | undefined,
  alpha: number,
): ResidentSystem | undefined | 'unavailable' {
  const { rows: n, cols: d } = X;
  const gram = gram32Layout(n, d);
  const { width, gValues } = gram;
  const ds = d + (d & 1);
  const n4 = Math.ceil(n / 4) * 4;
  const blocks = Math.ceil(n4 / BLOCK_ROWS);
  // After G: the Gram's chunk buffers, then the factor's panel in the same place, then the refinement's vectors.
  const z = gValues + Math.max(gram.end - gValues, panelDoubles(d));
  const v = z + ds;
  const partials = v + ds;
  const x = partials + blocks * ds;
  const end = x + n4 * ds;
  if (end > RESIDENT_DOUBLES) return 'unavailable';
  const ws = wasmWorkspace(end);
  if (!ws) return 'unavailable';
  gram32Into(ws, X, centring, gram);
  const mem = ws.memory;
  for (let i = 0; i < d; i++) mem[i * width + i] += alpha;
  if (!factorResident(ws, 0, d, width, 1e-13, gValues)) return undefined;
  copyRows(X, centring, 0, n, mem, x, ds);
  if (ds > d) for (let i = 0; i < n; i++) mem[x + i * ds + d] = 0;
  mem.fill(0, x + n * ds, end);
  mem.fill(0, v, v + ds);
  return {
    solve: (B) => wasmUpperSolve(ws, 0, d, width, B, z),
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
