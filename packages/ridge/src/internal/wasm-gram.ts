import { mirrorUpper, type DenseMatrix } from '@tlkit/tensor-core';
import { GRAM_WASM_BASE64 } from './gram-wasm-bytes.js';

interface GramModule {
  readonly memory: WebAssembly.Memory;
  readonly gram: (x: number, rows: number, d: number, g: number) => void;
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

/**
 * XᵀX with the WebAssembly SIMD kernel (f64x2, four rows per pass over the Gram matrix), fp64 throughout, or
 * undefined where WebAssembly SIMD is unavailable. Rows are copied into wasm memory in chunks.
 */
export function wasmGram(X: DenseMatrix): DenseMatrix | undefined {
  cached ??= instantiate();
  const wasm = cached;
  if (!wasm) return undefined;
  const { rows: n, cols: d } = X;
  const chunk = Math.min(CHUNK_ROWS, Math.ceil(n / 4) * 4);
  const gBytes = (d * d + 2) * 8;
  const xBytes = (chunk * d + 2) * 8;
  const need = gBytes + xBytes;
  const have = wasm.memory.buffer.byteLength;
  if (need > have) wasm.memory.grow(Math.ceil((need - have) / PAGE));
  const memory = new Float64Array(wasm.memory.buffer);
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
