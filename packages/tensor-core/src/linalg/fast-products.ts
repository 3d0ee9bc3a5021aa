import type { DenseMatrix } from '../dense-matrix.js';
import { gemm } from './threaded-kernels.js';
import { gemmWorkDoubles, linalgWorkspace } from './wasm-module.js';

/** Values of a row chunk copied into wasm memory at a time: bounds memory (32 MB) whatever the row count. */
const CHUNK_VALUES = 1 << 22;
/** Below this many multiply-adds the plain loops are as quick as copying into wasm memory. */
export const FAST_PRODUCT_MIN = 1 << 15;

function chunkRows(rows: number, width: number): number {
  return Math.max(1, Math.min(rows, Math.floor(CHUNK_VALUES / Math.max(width, 1))));
}

/** Copies rows [start, start+count) of M into mem at `at`, minus `shift` per column when given. */
function copyRows(mem: Float64Array, at: number, M: DenseMatrix, start: number, count: number, shift?: ArrayLike<number>): void {
  const { cols, data } = M;
  if (!shift) {
    mem.set(data.subarray(start * cols, (start + count) * cols), at);
    return;
  }
  for (let r = 0; r < count; r++) {
    const src = (start + r) * cols;
    const dst = at + r * cols;
    for (let j = 0; j < cols; j++) mem[dst + j] = data[src + j] - shift[j];
  }
}

/** A·B by the WebAssembly gemm kernel, A's rows in chunks; undefined where WebAssembly SIMD or memory is missing. */
export function fastMatmul(A: DenseMatrix, B: DenseMatrix): DenseMatrix | undefined {
  const { rows: m, cols: k } = A;
  const n = B.cols;
  const chunk = chunkRows(m, k + n);
  const b = gemmWorkDoubles();
  const a = b + k * n;
  const c = a + chunk * k;
  const ws = linalgWorkspace(c + chunk * n);
  if (!ws) return undefined;
  const mem = ws.memory;
  mem.set(B.data, b);
  const out = new Float64Array(m * n);
  for (let start = 0; start < m; start += chunk) {
    const rows = Math.min(chunk, m - start);
    copyRows(mem, a, A, start, rows);
    mem.fill(0, c, c + rows * n);
    gemm(ws, rows, n, k, a * 8, k, 0, b * 8, n, 0, c * 8, n, 1, 0, 0, 0);
    out.set(mem.subarray(c, c + rows * n), start * n);
  }
  return { rows: m, cols: n, data: out };
}

/**
 * (X − 1·shiftᵀ)ᵀ·(Y − 1·shiftYᵀ) accumulated over row chunks (the upper triangle only and mirrored when Y is X),
 * by the WebAssembly gemm kernel; undefined where WebAssembly SIMD or memory is missing.
 */
export function fastCrossProduct(
  X: DenseMatrix,
  Y: DenseMatrix | undefined,
  shiftX?: ArrayLike<number>,
  shiftY?: ArrayLike<number>,
): DenseMatrix | undefined {
  const { rows: n, cols: d } = X;
  const same = Y === undefined;
  const k = same ? d : Y.cols;
  const chunk = chunkRows(n, d + (same ? 0 : k));
  const c = gemmWorkDoubles();
  const x = c + d * k;
  const y = x + chunk * d;
  const ws = linalgWorkspace(y + (same ? 0 : chunk * k));
  if (!ws) return undefined;
  const mem = ws.memory;
  mem.fill(0, c, c + d * k);
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start);
    copyRows(mem, x, X, start, rows, shiftX);
    if (!same) copyRows(mem, y, Y, start, rows, shiftY);
    gemm(ws, d, k, rows, x * 8, d, 1, (same ? x : y) * 8, k, 0, c * 8, k, 1, same ? 2 : 0, 0, 0);
  }
  const out = mem.slice(c, c + d * k);
  if (same) for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) out[j * d + i] = out[i * d + j];
  return { rows: d, cols: k, data: out };
}

/** X·Xᵀ (n×n) by the WebAssembly gemm kernel (upper triangle, mirrored); undefined where it cannot run. */
export function fastOuterGram(X: DenseMatrix, shift?: ArrayLike<number>): DenseMatrix | undefined {
  const { rows: n, cols: d } = X;
  const c = gemmWorkDoubles();
  const x = c + n * n;
  const ws = linalgWorkspace(x + n * d);
  if (!ws) return undefined;
  const mem = ws.memory;
  copyRows(mem, x, X, 0, n, shift);
  mem.fill(0, c, c + n * n);
  gemm(ws, n, n, d, x * 8, d, 0, x * 8, d, 1, c * 8, n, 1, 2, 0, 0);
  const out = mem.slice(c, c + n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[j * n + i] = out[i * n + j];
  return { rows: n, cols: n, data: out };
}
