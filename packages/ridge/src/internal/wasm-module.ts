import { compileWasmModule, linalgThreads, startKernelPool, type KernelPool, type KernelTimes } from '@tlkit/tensor-core';
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
  readonly syrkPacked32: (p: number, R: number, nb: number, g: number, gs: number, sign: number, P0: number, P1: number) => void;
  readonly matmul: (a: number, rows: number, d: number, b: number, m: number, c: number) => void;
  readonly factorRows: (a: number, n: number, g: number, g1: number, floor: number, lda: number) => number;
  readonly packPanel: (a: number, n: number, k0: number, k1: number, dst: number, lda: number) => number;
  readonly packPanel32: (a: number, n: number, k0: number, k1: number, dst: number, lda: number) => number;
  readonly packRows32: (x: number, ds: number, d: number, r0: number, rows: number, panels: number, dst: number) => void;
  readonly packColumns32: (x: number, ds: number, j0: number, cols: number, panels: number, dst: number) => void;
  readonly rowDots: (x: number, n4: number, ds: number, u: number, out: number, blockRows: number, b0: number, b1: number) => void;
  readonly packShifted: (raw: number, rows: number, d: number, shift: number, full: number, dst: number, max: number) => number;
  readonly centreRows: (x: number, rows: number, ds: number, mean: number, scale: number, hasScale: number) => void;
  readonly crossBlocks: (x: number, n4: number, ds: number, w: number, partials: number, blockRows: number, b0: number, b1: number) => void;
  readonly solveUpperT: (u: number, n: number, z: number, lda: number) => void;
  readonly solveUpper: (u: number, n: number, z: number, lda: number) => void;
  readonly normalBlocks: (
    x: number,
    n4: number,
    ds: number,
    v: number,
    partials: number,
    blockRows: number,
    b0: number,
    b1: number,
  ) => void;
}

const KERNELS = ['syrk', 'syrkPacked', 'syrkPacked32', 'matmul', 'normalBlocks', 'crossBlocks', 'rowDots'] as const;
const PAGE = 65536;
/** Jobs up to this many fp64 values share one long-lived memory; larger ones get their own, freed after use. */
const SHARED_DOUBLES = 1 << 25;
let compiled: WebAssembly.Module | null | undefined;
let sharedBuild: WebAssembly.Module | null | undefined;
let single: (RidgeWasm & { memory: WebAssembly.Memory }) | undefined;
let pool: { threads: number; pool: KernelPool | null } | undefined;

/** The compiled kernels, or null where WebAssembly SIMD is missing (compiled once). */
function kernelsModule(): WebAssembly.Module | null {
  compiled ??= compileWasmModule(GRAM_WASM_BASE64);
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
    sharedBuild ??= compileWasmModule(GRAM_SHARED_WASM_BASE64);
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
 * Packing the next chunk of rows on the caller's thread while the workers start on this one. The caller packs
 * first, then takes a smaller share of the blocks, sized from the previous chunks' times so that it finishes with
 * the workers. Which thread computes a block never changes its value, so the split, whatever the timings, leaves
 * the result exactly the one-thread result.
 */
class ChunkOverlap {
  private packMs = 0;
  /** A whole chunk's kernel time on the caller's thread, from its last share. */
  private callerChunkMs = 0;
  /** A whole chunk's kernel time on one worker (the workers are slower while the caller packs: shared caches). */
  private workerChunkMs = 0;

  /** The caller thread's fraction of a chunk's work among T threads, when it also packs. */
  leadFraction(T: number): number {
    if (this.callerChunkMs <= 0) return 1 / T;
    const perWorker = (this.workerChunkMs || this.callerChunkMs) / (T - 1);
    // Equal finish: pack + f·caller = (1 − f)·worker / (T − 1).
    return Math.min(1, Math.max(0, (perWorker - this.packMs) / (this.callerChunkMs + perWorker)));
  }

  /** Runs `pack` and remembers its time. */
  timed(pack: () => void): void {
    const started = performance.now();
    pack();
    this.packMs = performance.now() - started;
  }

  /** Learns the threads' speeds from a run where the caller took `fraction` of the work among T threads. */
  learn({ ownMs, waitMs }: KernelTimes, fraction: number, T: number): void {
    if (fraction > 0.02) this.callerChunkMs = ownMs / fraction;
    const workerFraction = (1 - fraction) / (T - 1);
    if (workerFraction <= 0.02) return;
    const workersMs = (this.packMs + ownMs + waitMs) / workerFraction;
    // When the caller waited, the workers' time is known. Otherwise they were done sooner, by an unknown margin:
    // guess them a little quicker each time, until the caller waits for them again.
    this.workerChunkMs = waitMs > 0.01 * ownMs ? workersMs : 0.9 * Math.min(this.workerChunkMs || workersMs, workersMs);
  }
}

/** The next chunk's packing, to overlap with a kernel call on this one (see ChunkOverlap). */
export interface NextChunk {
  readonly overlap: ChunkOverlap;
  readonly pack: () => void;
}

/**
 * Runs a blocked kernel over `chunks` chunks with double buffering: chunk 0 is packed, then each call `run(c, next)`
 * on chunk c is handed the packing of chunk c + 1 to overlap with it (undefined for the last).
 */
export function overlappedChunks(chunks: number, pack: (c: number) => void, run: (c: number, next: NextChunk | undefined) => void): void {
  const overlap = new ChunkOverlap();
  pack(0);
  for (let c = 0; c < chunks; c++) run(c, c + 1 < chunks ? { overlap, pack: () => pack(c + 1) } : undefined);
}

/**
 * A triangular block kernel over all nb block rows (row P has nb − P blocks), split over the workspace's threads
 * by block rows of equal work — the caller's share smaller when it packs the next chunk meanwhile. Every block is
 * still summed by one thread in the same order, so the result is the one-thread result exactly.
 */
function blockRowsAll(
  ws: WasmWorkspace,
  kernel: 'syrkPacked' | 'syrkPacked32',
  argsFor: (P0: number, P1: number) => number[],
  R: number,
  nb: number,
  next: NextChunk | undefined,
): void {
  const T = ws.pool?.threads ?? 1;
  if (!ws.pool || T < 2 || R * nb * nb * 8 < THREAD_MIN) {
    Reflect.apply(ws.wasm[kernel], undefined, argsFor(0, nb));
    next?.pack();
    return;
  }
  const lead = next ? next.overlap.leadFraction(T) : 1 / T;
  const weights = Array.from({ length: T }, (_, t) => (t === 0 ? lead : (1 - lead) / (T - 1)));
  const cuts = blockRowShares(nb, weights);
  const times = ws.pool.run(
    kernel,
    cuts.map(([P0, P1]) => (P1 > P0 ? argsFor(P0, P1) : undefined)),
    next && (() => next.overlap.timed(next.pack)),
  );
  const [P0, P1] = cuts[0];
  next?.overlap.learn(times, ((P1 - P0) * (2 * nb - P0 - P1 + 1)) / (nb * (nb + 1)), T);
}

/** syrkPacked (fp64 panels) or syrkPacked32 (fp32 panels) over all nb block rows, split over the threads (see blockRowsAll). */
export function syrkPackedAll(
  ws: WasmWorkspace,
  kernel: 'syrkPacked' | 'syrkPacked32',
  p: number,
  R: number,
  nb: number,
  g: number,
  gs: number,
  sign: number,
  next?: NextChunk,
): void {
  blockRowsAll(ws, kernel, (P0, P1) => [p, R, nb, g, gs, sign, P0, P1], R, nb, next);
}

/**
 * Block rows [P0, P1) per thread for a triangular block update of nb block rows (row P has nb − P blocks), thread
 * t taking about weights[t] of the work (the weights sum to 1).
 */
function blockRowShares(nb: number, weights: readonly number[]): [number, number][] {
  const total = (nb * (nb + 1)) / 2;
  const shares: [number, number][] = [];
  let P = 0;
  let done = 0;
  let goal = 0;
  for (let t = 0; t < weights.length; t++) {
    const P0 = P;
    goal += total * weights[t];
    while (P < nb && (t === weights.length - 1 || done + (nb - P) / 2 <= goal)) done += nb - P++;
    shares.push([P0, P]);
  }
  return shares;
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

/**
 * A kernel by blocks of rows over blocks [0, blocks) — normalBlocks (Xᵀ(X·v)), crossBlocks (Xᵀw), rowDots (X·u) — split over the
 * threads by whole blocks: each block's partial sums are written by one thread in one order, so the result is the
 * one-thread result exactly.
 */
export function rowBlocksAll(
  ws: WasmWorkspace,
  kernel: 'normalBlocks' | 'crossBlocks' | 'rowDots',
  x: number,
  n4: number,
  ds: number,
  v: number,
  partials: number,
  blockRows: number,
  blocks: number,
): void {
  const T = Math.min(ws.pool?.threads ?? 1, blocks);
  if (!ws.pool || T < 2 || n4 * ds * 2 < THREAD_MIN) {
    ws.wasm[kernel](x, n4, ds, v, partials, blockRows, 0, blocks);
    return;
  }
  const shares: number[][] = [];
  for (let t = 0; t < T; t++) {
    shares.push([x, n4, ds, v, partials, blockRows, Math.floor((blocks * t) / T), Math.floor((blocks * (t + 1)) / T)]);
  }
  ws.pool.run(kernel, shares);
}
