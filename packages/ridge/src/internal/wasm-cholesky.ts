import type { DenseMatrix } from '@tlkit/tensor-core';
import { syrkPackedAll, wasmWorkspace, type WasmWorkspace } from './wasm-module.js';

/** Rows factored per panel before one blocked update of the trailing matrix. */
const PANEL = 64;

/** Doubles of scratch `factorResident` needs for its packed panel. */
export function panelDoubles(n: number): number {
  return PANEL * Math.ceil(n / 4) * 4;
}

/**
 * Solves A·Z = B for symmetric positive definite A through A = UᵀU (see `wasmCholeskyFactor`), the triangular
 * solves in wasm memory next to the factor. Undefined when A is not numerically positive definite; 'unavailable'
 * where WebAssembly SIMD or the memory is missing.
 */
export function wasmCholeskySolve(A: DenseMatrix, B: DenseMatrix, relTol = 1e-13): DenseMatrix | undefined | 'unavailable' {
  if (B.rows !== A.rows) throw new RangeError(`choleskySolve: A is ${A.rows}×${A.cols}, B has ${B.rows} rows`);
  const factored = factorCopy(A, relTol, A.rows);
  if (factored === undefined || factored === 'unavailable') return factored;
  return wasmUpperSolve(factored.workspace, 0, A.rows, A.rows, B, factored.end);
}

/**
 * The upper Cholesky factor U of symmetric positive definite A (A = UᵀU, row-major, a copy out of wasm memory).
 * Undefined when A is not numerically positive definite (a pivot at or below `relTol` times the largest diagonal
 * entry, as the plain `cholesky`); 'unavailable' where WebAssembly SIMD or the memory is missing.
 */
export function wasmCholeskyFactor(A: DenseMatrix, relTol = 1e-13): Float64Array | undefined | 'unavailable' {
  const factored = factorCopy(A, relTol, 0);
  if (factored === undefined || factored === 'unavailable') return factored;
  return factored.workspace.memory.slice(0, A.rows * A.rows);
}

/** Copies A into wasm memory (offset 0, stride n) and factors it there, with `spare` doubles free from `end` on. */
function factorCopy(A: DenseMatrix, relTol: number, spare: number): { workspace: WasmWorkspace; end: number } | undefined | 'unavailable' {
  const n = A.rows;
  if (A.cols !== n) throw new RangeError(`choleskySolve: A is ${A.rows}×${A.cols}, not square`);
  // A with 4 spare rows (the 4×4 blocks of the trailing update reach 3 rows and columns past the end), then the
  // packed panel.
  const panelOffset = (n + 4) * n + 4;
  const end = panelOffset + panelDoubles(n);
  const workspace = wasmWorkspace(end + spare);
  if (!workspace) return 'unavailable';
  workspace.memory.set(A.data);
  workspace.memory.fill(0, n * n, panelOffset);
  return factorResident(workspace, 0, n, n, relTol, panelOffset) ? { workspace, end } : undefined;
}

/**
 * Factors the symmetric positive definite n×n matrix at double offset `a` of the workspace (row stride lda, upper
 * triangle read; 3 spare rows and columns past it that the 4×4 blocks of the trailing update may write) in place
 * into its upper Cholesky factor U: panels of 64 rows, each row group of 4 by the factorRows kernel and the rest of
 * the panel by the SIMD syrk kernel; then the panel's rows of U are packed into 4-column panels at `panel`
 * (panelDoubles(n) doubles) and the trailing matrix takes A −= UᵀU from the register-blocked syrkPacked kernel, the
 * one that builds XᵀX. False when A is not numerically positive definite (a pivot at or below relTol times the
 * largest diagonal entry).
 */
function factorResident(ws: WasmWorkspace, a: number, n: number, lda: number, relTol: number, panel: number): boolean {
  return factorBlocked(ws, a, n, lda, relTol, panel, 'fp64');
}

/**
 * factorResident with the trailing updates in fp32 (the panel's rows of U packed as fp32, the f32x4 syrkPacked32
 * kernel, twice the multiply-adds per instruction, its sums widened into the fp64 matrix): a factor good to about
 * 1e-6 relative, for an fp32 Gram matrix whose solutions are refined against exact products anyway. The panels'
 * own rows are factored in fp64 as in factorResident (`panel`: panelDoubles(n) doubles serve).
 */
export function factorResident32(ws: WasmWorkspace, a: number, n: number, lda: number, relTol: number, panel: number): boolean {
  return factorBlocked(ws, a, n, lda, relTol, panel, 'fp32');
}

function factorBlocked(
  ws: WasmWorkspace,
  a: number,
  n: number,
  lda: number,
  relTol: number,
  panel: number,
  update: 'fp64' | 'fp32',
): boolean {
  const { wasm, memory } = ws;
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(memory[a + i * lda + i]));
  const floor = relTol * maxDiag;
  const base = a * 8;
  for (let k0 = 0; k0 < n; k0 += PANEL) {
    const k1 = Math.min(k0 + PANEL, n);
    for (let g = k0; g < k1; g += 4) {
      const g1 = Math.min(g + 4, k1);
      if (!wasm.factorRows(base, n, g, g1, floor, lda)) return false;
      if (g1 < k1) wasm.syrk(base + g * lda * 8, 4, lda, g1, k1, g1, n, base, lda, -1);
    }
    if (k1 >= n) continue;
    const trailing = base + (k1 * lda + k1) * 8;
    const fp32 = update === 'fp32';
    const blocks = (fp32 ? wasm.packPanel32 : wasm.packPanel)(base, n, k0, k1, panel * 8, lda);
    syrkPackedAll(ws, fp32 ? 'syrkPacked32' : 'syrkPacked', panel * 8, k1 - k0, blocks, trailing, lda, -1);
  }
  return true;
}

/**
 * Z from UᵀU·Z = B with U (upper, row-major, n×n, row stride lda) at double offset `u` of the workspace's memory,
 * one column of B at a time through the SIMD triangular solves, `z` the offset of n free doubles.
 */
export function wasmUpperSolve(ws: WasmWorkspace, u: number, n: number, lda: number, B: DenseMatrix, z: number): DenseMatrix {
  const k = B.cols;
  const mem = ws.memory;
  const out = new Float64Array(n * k);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) mem[z + i] = B.data[i * k + c];
    ws.wasm.solveUpperT(u * 8, n, z * 8, lda);
    ws.wasm.solveUpper(u * 8, n, z * 8, lda);
    for (let i = 0; i < n; i++) out[i * k + c] = mem[z + i];
  }
  return { rows: n, cols: k, data: out };
}

/** Z from UᵀU·Z = B: forward with Uᵀ, then back with U (U upper, row-major in `u`), in plain JavaScript. */
export function upperSolve(u: Float64Array, n: number, B: DenseMatrix): DenseMatrix {
  const k = B.cols;
  const z = B.data.slice();
  for (let i = 0; i < n; i++) {
    const uii = u[i * n + i];
    for (let c = 0; c < k; c++) z[i * k + c] /= uii;
    for (let j = i + 1; j < n; j++) {
      const uij = u[i * n + j];
      if (uij === 0) continue;
      for (let c = 0; c < k; c++) z[j * k + c] -= uij * z[i * k + c];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const row = i * n;
    for (let c = 0; c < k; c++) {
      let s = z[i * k + c];
      for (let j = i + 1; j < n; j++) s -= u[row + j] * z[j * k + c];
      z[i * k + c] = s / u[row + i];
    }
  }
  return { rows: n, cols: k, data: z };
}
