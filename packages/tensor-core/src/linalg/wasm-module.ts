import { startKernelPool, type KernelPool } from './kernel-pool.js';
import { LINALG_SHARED_WASM_BASE64, LINALG_WASM_BASE64 } from './linalg-wasm-bytes.js';

/** The exports of wasm/linalg.wat (see there for the exact contracts). Pointers are byte offsets. */
interface LinalgWasm {
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
  readonly ldlSquares: (
    m: number,
    ldm: number,
    cols: number,
    n: number,
    shifts: number,
    l: number,
    invd: number,
    out: number,
    ldo: number,
  ) => void;
}

const KERNELS = ['gemm', 'symvUpper', 'dotRows', 'axpyRows', 'ldlSquares'] as const;

/** Doubles of scratch one gemm call needs (packed blocks of A and B and one tile), see linalg.wat. */
export const GEMM_WORK_DOUBLES = (655360 + 128) / 8;

const PAGE = 65536;
/** Jobs up to this many fp64 values share one long-lived instance; larger ones get their own, freed after use. */
const SHARED_DOUBLES = 1 << 25;

export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A base64 wasm binary compiled, or null where this runtime cannot (no WebAssembly SIMD, no shared memory). */
export function compileWasmModule(base64: string): WebAssembly.Module | null {
  try {
    return new WebAssembly.Module(decodeBase64(base64));
  } catch {
    // Other paths serve.
    return null;
  }
}

let single: WebAssembly.Module | null | undefined;
let sharedBuild: WebAssembly.Module | null | undefined;
let instance: (LinalgWasm & { memory: WebAssembly.Memory }) | undefined;

/** The compiled kernels, or null where WebAssembly SIMD is missing (compiled once). */
function linalgModule(): WebAssembly.Module | null {
  single ??= compileWasmModule(LINALG_WASM_BASE64);
  return single;
}

/** The machine's cores (at most 8), or TLKIT_THREADS from the environment in Node (as OMP_NUM_THREADS is for BLAS). */
function defaultThreads(): number {
  const g = globalThis as {
    navigator?: { hardwareConcurrency?: number };
    process?: { getBuiltinModule?: (n: string) => unknown; env?: Record<string, string | undefined> };
  };
  const asked = Number(g.process?.env?.TLKIT_THREADS);
  if (Number.isInteger(asked) && asked >= 1 && asked <= 64) return asked;
  const os = g.process?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  const cores = os?.availableParallelism?.() ?? g.navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(8, Math.floor(cores)));
}

let threadsWanted: number | undefined;
let pool: KernelPool | null | undefined;

/**
 * How many threads the WebAssembly kernels split their work over: by default the machine's cores (at most 8), or
 * TLKIT_THREADS from the environment in Node.
 * 1 keeps everything on the calling thread. Results depend on the count only through the order of additions
 * (round-off); the same count gives the same results.
 */
export function linalgThreads(): number {
  threadsWanted ??= defaultThreads();
  return threadsWanted;
}

/** Sets the thread count of the WebAssembly kernels (1 = the calling thread only); returns the previous count. */
export function setLinalgThreads(threads: number): number {
  if (!Number.isInteger(threads) || threads < 1 || threads > 64)
    throw new RangeError(`setLinalgThreads: threads must be an integer from 1 to 64, got ${threads}`);
  const previous = linalgThreads();
  if (threads !== previous) {
    pool?.close();
    pool = undefined;
  }
  threadsWanted = threads;
  return previous;
}

/** The worker pool of the threaded build, started on first use; undefined with one thread or where none can run. */
function linalgPool(): KernelPool | undefined {
  const threads = linalgThreads();
  if (threads < 2 || !linalgModule()) return undefined;
  if (pool === undefined) {
    sharedBuild ??= compileWasmModule(LINALG_SHARED_WASM_BASE64);
    pool = (sharedBuild && startKernelPool(sharedBuild, KERNELS, threads)) || null;
  }
  return pool ?? undefined;
}

/** A kernel instance with room for at least `doubles` fp64 values, a view of its memory, and its worker pool if any. */
export interface LinalgWorkspace {
  readonly wasm: LinalgWasm;
  readonly memory: Float64Array;
  readonly pool?: KernelPool;
}

/** Doubles of gemm scratch a layout reserves at offset 0: one area per thread. */
export function gemmWorkDoubles(): number {
  return linalgThreads() * GEMM_WORK_DOUBLES;
}

function grow(memory: WebAssembly.Memory, doubles: number): Float64Array {
  const bytes = doubles * 8;
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE));
  return new Float64Array(memory.buffer);
}

/**
 * A workspace of at least `doubles` fp64 values. Ordinary jobs share one long-lived memory, grown as needed: the
 * worker pool's shared memory when the kernels run on several threads, else one instance's own. Very large jobs
 * get a fresh single-threaded instance, so that their memory (wasm memory never shrinks) goes with them.
 * Undefined where WebAssembly SIMD or the memory is missing (wasm32 stops at 4 GiB): callers then take the plain path.
 */
export function linalgWorkspace(doubles: number): LinalgWorkspace | undefined {
  const module = linalgModule();
  if (!module) return undefined;
  try {
    const threaded = doubles <= SHARED_DOUBLES ? linalgPool() : undefined;
    if (threaded) {
      return { wasm: threaded.exports as unknown as LinalgWasm, memory: grow(threaded.memory, doubles), pool: threaded };
    }
    const make = (): LinalgWasm & { memory: WebAssembly.Memory } =>
      new WebAssembly.Instance(module, {}).exports as unknown as LinalgWasm & { memory: WebAssembly.Memory };
    const wasm = doubles <= SHARED_DOUBLES ? (instance ??= make()) : make();
    return { wasm, memory: grow(wasm.memory, doubles) };
  } catch {
    return undefined;
  }
}
