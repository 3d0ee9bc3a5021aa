import { GRAM_WASM_BASE64 } from './gram-wasm-bytes.js';

/** The exports of wasm/gram.wat (see there for the exact contracts). Pointers are byte offsets. */
export interface RidgeWasm {
  readonly memory: WebAssembly.Memory;
  readonly syrk: (
    x: number,
    rows: number,
    xs: number,
    a0: number,
    a1: number,
    b0: number,
    b1: number,
    g: number,
    gs: number,
    sign: number,
  ) => void;
  readonly syrkPacked: (p: number, R: number, nb: number, g: number, gs: number, sign: number) => void;
  readonly matmul: (a: number, rows: number, d: number, b: number, m: number, c: number) => void;
}

const PAGE = 65536;
/** Jobs up to this many fp64 values share one long-lived instance; larger ones get their own, freed after use. */
const SHARED_DOUBLES = 1 << 25;
let compiled: WebAssembly.Module | null | undefined;
let shared: RidgeWasm | undefined;

function compile(): WebAssembly.Module | null {
  try {
    const binary = atob(GRAM_WASM_BASE64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new WebAssembly.Module(bytes);
  } catch {
    // No WebAssembly SIMD here: the plain JavaScript kernels serve.
    return null;
  }
}

/** The compiled kernels, or null where WebAssembly SIMD is missing (compiled once). */
function kernelsModule(): WebAssembly.Module | null {
  compiled ??= compile();
  return compiled;
}

function instantiate(module: WebAssembly.Module): RidgeWasm {
  return new WebAssembly.Instance(module, {}).exports as unknown as RidgeWasm;
}

/** True where WebAssembly SIMD is available, so that the wasm kernels can run. */
export function hasWasmSimd(): boolean {
  return kernelsModule() !== null;
}

/** An instance of the kernels with room for `doubles` fp64 values, and a view of its memory. */
export interface WasmWorkspace {
  readonly wasm: RidgeWasm;
  readonly memory: Float64Array;
}

/**
 * A workspace of at least `doubles` fp64 values: the shared instance, grown, for ordinary jobs; a fresh instance
 * for very large ones, so that their memory (wasm memory never shrinks) goes with them. Undefined where
 * WebAssembly SIMD is unavailable or the memory cannot be had (wasm32 stops at 4 GiB): callers then take the plain
 * path.
 */
export function wasmWorkspace(doubles: number): WasmWorkspace | undefined {
  const module = kernelsModule();
  if (!module) return undefined;
  try {
    const wasm = doubles <= SHARED_DOUBLES ? (shared ??= instantiate(module)) : instantiate(module);
    const bytes = doubles * 8;
    const have = wasm.memory.buffer.byteLength;
    if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / PAGE));
    return { wasm, memory: new Float64Array(wasm.memory.buffer) };
  } catch {
    return undefined;
  }
}
