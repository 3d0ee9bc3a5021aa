import { mirrorUpper, type DenseMatrix } from '@tlkit/tensor-core';
import { GRAM_WASM_BASE64 } from './gram-wasm-bytes.js';

interface GramModule {
  readonly memory: WebAssembly.Memory;
  readonly gram: (x: number, rows: number, d: number, g: number) => void;
  readonly matmul: (a: number, rows: number, d: number, b: number, m: number, c: number) => void;
}

const PAGE = 65536;
/** Rows copied into wasm memory per call: bounds memory (a few MB) whatever n is. */
const CHUNK_ROWS = 4096;
let cached: GramModule | null | undefined;

function instantiate(): GramModule | null {
  try {
    const binary = atob(GRAM_WASM_BASE64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    return instance.exports as unknown as GramModule;
  } catch {
    // No WebAssembly SIMD here: the plain JavaScript kernel serves.
    return null;
  }
}

function kernel(): GramModule | null {
  cached ??= instantiate();
  return cached;
}

function ensureBytes(wasm: GramModule, bytes: number): Float64Array {
  const have = wasm.memory.buffer.byteLength;
  if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / PAGE));
  return new Float64Array(wasm.memory.buffer);
}

/**
 * A·B (n×d times d×m, fp64) with the WebAssembly SIMD kernel, or undefined where WebAssembly SIMD is unavailable.
 * B and C are laid out with an even number of columns; rows of A go through wasm memory in chunks.
 */
export function wasmMatmul(A: DenseMatrix, B: DenseMatrix): DenseMatrix | undefined {
  const wasm = kernel();
  if (!wasm) return undefined;
  const { rows: n, cols: d } = A;
  const m = B.cols;
  if (B.rows !== d) throw new RangeError(`matmul: A is ${n}×${d}, B is ${B.rows}×${m}`);
  const m2 = m + (m & 1);
  const chunk = Math.min(CHUNK_ROWS, Math.ceil(n / 4) * 4);
  const bOffset = 0;
  const aOffset = d * m2;
  const cOffset = aOffset + chunk * d;
  const memory = ensureBytes(wasm, (cOffset + chunk * m2) * 8);
  for (let k = 0; k < d; k++) {
    memory.set(B.data.subarray(k * m, (k + 1) * m), bOffset + k * m2);
    if (m2 > m) memory[bOffset + k * m2 + m] = 0;
  }
  const out = new Float64Array(n * m);
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start);
    const padded = Math.ceil(rows / 4) * 4;
    memory.set(A.data.subarray(start * d, (start + rows) * d), aOffset);
    memory.fill(0, aOffset + rows * d, aOffset + padded * d);
    memory.fill(0, cOffset, cOffset + padded * m2);
    wasm.matmul(aOffset * 8, padded, d, bOffset * 8, m2, cOffset * 8);
    for (let r = 0; r < rows; r++) out.set(memory.subarray(cOffset + r * m2, cOffset + r * m2 + m), (start + r) * m);
  }
  return { rows: n, cols: m, data: out };
}

/**
 * XᵀX with the WebAssembly SIMD kernel (f64x2, four rows per pass over the Gram matrix), fp64 throughout, or
 * undefined where WebAssembly SIMD is unavailable. Rows are copied into wasm memory in chunks.
 */
export function wasmGram(X: DenseMatrix): DenseMatrix | undefined {
  const wasm = kernel();
  if (!wasm) return undefined;
  const { rows: n, cols: d } = X;
  const chunk = Math.min(CHUNK_ROWS, Math.ceil(n / 4) * 4);
  const gBytes = (d * d + 2) * 8;
  const xBytes = (chunk * d + 2) * 8;
  const memory = ensureBytes(wasm, gBytes + xBytes);
  const gOffset = 0;
  const xOffset = gBytes;
  memory.fill(0, 0, d * d + 2);
  const xView = memory.subarray(xOffset / 8, xOffset / 8 + chunk * d + 2);
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start);
    xView.set(X.data.subarray(start * d, (start + rows) * d));
    const padded = Math.ceil(rows / 4) * 4;
    xView.fill(0, rows * d, padded * d + 2);
    wasm.gram(xOffset, padded, d, gOffset);
  }
  const g = memory.slice(0, d * d);
  mirrorUpper(g, d);
  return { rows: d, cols: d, data: g };
}
