import { linalgThreads, startKernelPool, type KernelPool } from '@tlkit/tensor-core';
import { GRAM_SHARED_WASM_BASE64, GRAM_WASM_BASE64 } from './gram-wasm-bytes.js';

/** The exports of wasm/gram.wat (see there for the exact contracts). Pointers are byte offsets. */
interface RidgeWasm {
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
  readonly syrkPacked: (p: number, R: number, nb: number, g: number, gs: number, sign: number, P0: number, P1: number) => void;
  readonly syrkPacked32: (p: number, R: number, nb: number, g: number, gs: number, P0: number, P1: number) => void;
  readonly matmul: (a: number, rows: number, d: number, b: number, m: number, c: number) => void;
  readonly factorRows: (a: number, n: number, g: number, g1: number, floor: number) => number;
  readonly packPanel: (a: number, n: number, k0: number, k1: number, dst: number) => number;
}

const KERNELS = ['syrk', 'syrkPacked', 'syrkPacked32', 'matmul'] as const;
const PAGE = 65536;
/** Jobs up to this many fp64 values share one long-lived memory; larger ones get their own, freed after use. */
const SHARED_DOUBLES = 1 << 25;
let compiled: WebAssembly.Module | null | undefined;
let sharedBuild: WebAssembly.Module | null | undefined;
let single: (RidgeWasm & { memory: WebAssembly.Memory }) | undefined;
let pool: { threads: number; pool: KernelPool | null } | undefined;

function compile(base64: string): WebAssembly.Module | null {
  try {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new WebAssembly.Module(bytes);
  } catch {
    // No WebAssembly SIMD (or shared memory) here: the plain JavaScript kernels, or one thread, serve.
    return null;
  }
}

/** The compiled kernels, or null where WebAssembly SIMD is missing (compiled once). */
function kernelsModule(): WebAssembly.Module | null {
  compiled ??= compile(GRAM_WASM_BASE64);
  return compiled;
}

/** True where WebAssembly SIMD is available, so that the wasm kernels can run. */
export function hasWasmSimd(): boolean {
  return kernelsModule() !== null;
}

/** The worker pool for tensor-core's thread count (setLinalgThreads), started on first use; undefined with one thread. */
function ridgePool(): KernelPool | undefined {
  const threads = linalgThreads();
  if (threads < 2) return undefined;
  if (pool?.threads !== threads) {
    pool?.pool?.close();
    sharedBuild ??= compile(GRAM_SHARED_WASM_BASE64);
    pool = { threads, pool: (sharedBuild && startKernelPool(sharedBuild, KERNELS, threads)) || null };
  }
  return pool.pool ?? undefined;
}

/** An instance of the kernels with room for `doubles` fp64 values, a view of its memory, and its worker pool if any. */
export interface WasmWorkspace {
  readonly wasm: RidgeWasm;
  readonly memory: Float64Array;
  readonly pool?: KernelPool;
}

function grow(memory: WebAssembly.Memory, doubles: number): Float64Array {
  const bytes = doubles * 8;
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE));
  return new Float64Array(memory.buffer);
}

/**
 * A workspace of at least `doubles` fp64 values: for ordinary jobs one long-lived memory, grown as needed (the
 * worker pool's shared memory when the kernels run on several threads); a fresh single-threaded instance for very
 * large ones, so that their memory (wasm memory never shrinks) goes with them. Undefined where WebAssembly SIMD is
 * unavailable or the memory cannot be had (wasm32 stops at 4 GiB): callers then take the plain path.
 */
export function wasmWorkspace(doubles: number): WasmWorkspace | undefined {
  const module = kernelsModule();
  if (!module) return undefined;
  try {
    const threaded = doubles <= SHARED_DOUBLES ? ridgePool() : undefined;
    if (threaded) return { wasm: threaded.exports as unknown as RidgeWasm, memory: grow(threaded.memory, doubles), pool: threaded };
    const make = (): RidgeWasm & { memory: WebAssembly.Memory } =>
      new WebAssembly.Instance(module, {}).exports as unknown as RidgeWasm & { memory: WebAssembly.Memory };
    const wasm = doubles <= SHARED_DOUBLES ? (single ??= make()) : make();
    return { wasm, memory: grow(wasm.memory, doubles) };
  } catch {
    return undefined;
  }
}

/** Below this many multiply-adds a kernel call stays on one thread (waking workers costs tens of microseconds). */
const THREAD_MIN = 1 << 19;

/**
 * syrkPacked over all nb block rows, split over the workspace's threads by block rows of equal work (row P has
 * nb − P blocks). Every block is still summed by one thread in the same order, so the result is the one-thread
 * result exactly.
 */
export function syrkPackedAll(ws: WasmWorkspace, p: number, R: number, nb: number, g: number, gs: number, sign: number): void {
  const T = ws.pool?.threads ?? 1;
  if (!ws.pool || T < 2 || R * nb * nb * 8 < THREAD_MIN) {
    ws.wasm.syrkPacked(p, R, nb, g, gs, sign, 0, nb);
    return;
  }
  const shares = blockRowShares(nb, T).map(([P0, P1]) => [p, R, nb, g, gs, sign, P0, P1]);
  ws.pool.run('syrkPacked', shares);
}

/** Block rows [P0, P1) per thread for a triangular block update of nb block rows, of about equal work. */
function blockRowShares(nb: number, T: number): [number, number][] {
  const total = (nb * (nb + 1)) / 2;
  const shares: [number, number][] = [];
  let P = 0;
  let done = 0;
  for (let t = 0; t < T; t++) {
    const P0 = P;
    const goal = (total * (t + 1)) / T;
    while (P < nb && (t === T - 1 || done + (nb - P) / 2 <= goal)) done += nb - P++;
    shares.push([P0, P]);
  }
  return shares;
}

/** syrkPacked32 over all nb block rows, split over the threads as syrkPackedAll. */
export function syrkPacked32All(ws: WasmWorkspace, p: number, R: number, nb: number, g: number, gs: number): void {
  const T = ws.pool?.threads ?? 1;
  if (!ws.pool || T < 2 || R * nb * nb * 8 < THREAD_MIN) {
    ws.wasm.syrkPacked32(p, R, nb, g, gs, 0, nb);
    return;
  }
  ws.pool.run(
    'syrkPacked32',
    blockRowShares(nb, T).map(([P0, P1]) => [p, R, nb, g, gs, P0, P1]),
  );
}

/** The matmul kernel (rows of A a multiple of 4) split over the threads by groups of rows; exact as one thread. */
export function matmulAll(ws: WasmWorkspace, a: number, rows: number, d: number, b: number, m: number, c: number): void {
  const T = ws.pool?.threads ?? 1;
  if (!ws.pool || T < 2 || rows * d * m < THREAD_MIN) {
    ws.wasm.matmul(a, rows, d, b, m, c);
    return;
  }
  const groups = rows / 4;
  const shares: number[][] = [];
  for (let t = 0; t < T; t++) {
    const g0 = Math.floor((groups * t) / T);
    const g1 = Math.floor((groups * (t + 1)) / T);
    if (g1 > g0) shares[t] = [a + g0 * 4 * d * 8, (g1 - g0) * 4, d, b, m, c + g0 * 4 * m * 8];
  }
  ws.pool.run('matmul', shares);
}
