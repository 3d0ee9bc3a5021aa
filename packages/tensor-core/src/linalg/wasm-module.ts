import { LINALG_WASM_BASE64 } from './linalg-wasm-bytes.js';

/** The exports of wasm/linalg.wat (see there for the exact contracts). Pointers are byte offsets. */
export interface LinalgWasm {
  readonly memory: WebAssembly.Memory;
  readonly gemm: (
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    ta: number,
    b: number,
    ldb: number,
    tb: number,
    c: number,
    ldc: number,
    alpha: number,
    mode: number,
    diag: number,
    work: number,
  ) => void;
  readonly symvUpper: (a: number, lda: number, n: number, x: number, y: number, r0: number, r1: number) => void;
  readonly dotRows: (rows: number, stride: number, count: number, x: number, len: number, out: number) => void;
  readonly axpyRows: (rows: number, stride: number, count: number, coef: number, y: number, len: number) => void;
}

/** Doubles of scratch one gemm call needs (packed blocks of A and B and one tile), see linalg.wat. */
export const GEMM_WORK_DOUBLES = (655360 + 128) / 8;

const PAGE = 65536;
/** Jobs up to this many fp64 values share one long-lived instance; larger ones get their own, freed after use. */
const SHARED_DOUBLES = 1 << 25;
let compiled: WebAssembly.Module | null | undefined;
let shared: LinalgWasm | undefined;

export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function compile(): WebAssembly.Module | null {
  try {
    return new WebAssembly.Module(decodeBase64(LINALG_WASM_BASE64));
  } catch {
    // No WebAssembly SIMD here: the plain JavaScript paths serve.
    return null;
  }
}

/** The compiled kernels, or null where WebAssembly SIMD is missing (compiled once). */
export function linalgModule(): WebAssembly.Module | null {
  compiled ??= compile();
  return compiled;
}

/** A kernel instance with room for at least `doubles` fp64 values, and a view of its memory. */
export interface LinalgWorkspace {
  readonly wasm: LinalgWasm;
  readonly memory: Float64Array;
}

/**
 * A workspace of at least `doubles` fp64 values: the shared instance, grown, for ordinary jobs; a fresh instance
 * for very large ones, so that their memory (wasm memory never shrinks) goes with them. Undefined where
 * WebAssembly SIMD or the memory is missing (wasm32 stops at 4 GiB): callers then take the plain path.
 */
export function linalgWorkspace(doubles: number): LinalgWorkspace | undefined {
  const module = linalgModule();
  if (!module) return undefined;
  try {
    const make = (): LinalgWasm => new WebAssembly.Instance(module, {}).exports as unknown as LinalgWasm;
    const wasm = doubles <= SHARED_DOUBLES ? (shared ??= make()) : make();
    const bytes = doubles * 8;
    const have = wasm.memory.buffer.byteLength;
    if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / PAGE));
    return { wasm, memory: new Float64Array(wasm.memory.buffer) };
  } catch {
    return undefined;
  }
}
