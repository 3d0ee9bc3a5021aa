import type { DenseMatrix } from '@tlkit/tensor-core';
import { gram32Layout, outerGram32FromRows } from './gram32.js';
import { blockProduct, BLOCK_ROWS, RESIDENT_DOUBLES, residentRows, type ResidentRows } from './resident-system.js';
import { factorResident32, panelDoubles, wasmUpperSolve } from './wasm-cholesky.js';
import type { RowCentring } from './wasm-kernels.js';
import { rowBlocksAll, wasmWorkspace } from './wasm-module.js';

/**
 * The dual twin of ResidentSystem, for d > n: the Cholesky factor of the fp32 XcXcᵀ plus αI and the centred rows Xc,
 * held in wasm memory for all the refinement's steps.
 */
export interface ResidentDualSystem {
  /** Z from UᵀU·Z = B: (XcXcᵀ + αI)⁻¹·B to about 1e-6 relative (B n×k). */
  readonly solve: (B: DenseMatrix) => DenseMatrix;
  /** XcXcᵀ·A, exact in fp64 (A n×k): Xc·(Xcᵀ·A), two passes over the rows. */
  readonly kernelTimes: (A: DenseMatrix) => DenseMatrix;
  /** Xcᵀ·A in fp64 (A n×k, d×k out): the primal coefficients of dual ones. */
  readonly crossTimes: (A: DenseMatrix) => DenseMatrix;
}

/**
 * Builds the dual resident system in one wasm workspace: Xc copied in once and centred there, XcXcᵀ accumulated in
 * fp32 from it (panels of Xcᵀ), αI added and factored in place with fp32 trailing updates. Undefined when the
 * approximation is not positive definite; 'unavailable' where WebAssembly SIMD or the memory is missing or the
 * problem is too large to hold. Valid until the next ridge kernel call outside it (the memory is shared).
 */
export function residentDualSystem(
  X: DenseMatrix,
  centring: RowCentring | undefined,
  alpha: number,
): ResidentDualSystem | undefined | 'unavailable' {
  const { rows: n, cols: d } = X;
  const ds = d + (d & 1);
  const n4 = Math.ceil(n / 4) * 4;
  const gram = gram32Layout(ds, n);
  const { width, gValues } = gram;
  const blocks = Math.ceil(n4 / BLOCK_ROWS);
  // After K: the Gram's chunk buffers, then the factor's panel in the same place, then a solve's vector, a vector
  // of d (Xcᵀa), the means, a value per row (the row scales, then a's column), the row products, the partial sums, Xc.
  const z = gValues + Math.max(gram.end - gValues, panelDoubles(n));
  const u = z + n4;
  const mean = u + ds;
  const w = mean + ds;
  const dots = w + n4;
  const partials = dots + n4;
  const x = partials + blocks * ds;
  const end = x + n4 * ds;
  if (end > RESIDENT_DOUBLES) return 'unavailable';
  const ws = wasmWorkspace(end);
  if (!ws) return 'unavailable';
  const mem = ws.memory;
  residentRows(ws, X, centring, { x, ds, n4, mean, scale: w });
  outerGram32FromRows(ws, x, ds, gram);
  for (let i = 0; i < n; i++) mem[i * width + i] += alpha;
  if (!factorResident32(ws, 0, n, width, 1e-13, gValues)) return undefined;
  const rows: ResidentRows = { ws, x, ds, n, d, n4, blocks, partials };
  return {
    solve: (B) => wasmUpperSolve(ws, 0, n, width, B, z),
    kernelTimes: (A) => {
      const XtA = blockProduct(rows, 'crossBlocks', A, w, n4);
      const k = A.cols;
      const out = new Float64Array(n * k);
      mem.fill(0, u, u + ds);
      for (let c = 0; c < k; c++) {
        for (let j = 0; j < d; j++) mem[u + j] = XtA.data[j * k + c];
        rowBlocksAll(ws, 'rowDots', x * 8, n4, ds, u * 8, dots * 8, BLOCK_ROWS, blocks);
        for (let i = 0; i < n; i++) out[i * k + c] = mem[dots + i];
      }
      return { rows: n, cols: k, data: out };
    },
    crossTimes: (A) => blockProduct(rows, 'crossBlocks', A, w, n4),
  };
}
