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
let cached: RidgeWasm | null | undefined;

function instantiate(): RidgeWasm | null {
  try {
    const binary = atob(GRAM_WASM_BASE64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    return instance.exports as unknown as RidgeWasm;
  } catch {
    // No WebAssembly SIMD here: the plain JavaScript kernels serve.
    return null;
  }
}

/** The instantiated module, or null where WebAssembly SIMD is unavailable. */
export function ridgeWasm(): RidgeWasm | null {
  cached ??= instantiate();
  return cached;
}

/** Grows the module's memory to at least `doubles` fp64 values; returns a view of all of it (old views go stale). */
export function wasmDoubles(wasm: RidgeWasm, doubles: number): Float64Array {
  const bytes = doubles * 8;
  const have = wasm.memory.buffer.byteLength;
  if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / PAGE));
  return new Float64Array(wasm.memory.buffer);
}

/** Rows × columns of the G tiles one syrk call updates: small enough to stay in the core's L2 cache. */
const TILE_ROWS = 64;
const TILE_COLS = 512;

/**
 * G[a][b] += sign·Σ_i x[i][a]·x[i][b] for lo ≤ a ≤ b < hi, in cache-sized tiles. Offsets are in fp64 values; lo is
 * even and rows a multiple of 4; G keeps one spare row and x and G two spare values (see gram.wat).
 */
export function syrkTiles(
  wasm: RidgeWasm,
  x: number,
  rows: number,
  xs: number,
  lo: number,
  hi: number,
  g: number,
  gs: number,
  sign: 1 | -1,
): void {
  for (let a0 = lo; a0 < hi; a0 += TILE_ROWS) {
    const a1 = Math.min(a0 + TILE_ROWS, hi);
    for (let b0 = a0; b0 < hi; b0 += TILE_COLS) {
      wasm.syrk(x * 8, rows, xs, a0, a1, b0, Math.min(b0 + TILE_COLS, hi), g * 8, gs, sign);
    }
  }
}
