/**
 * Worker threads that share one WebAssembly memory with the calling thread and run exports of the same module on
 * it, so that a kernel call can be split over every core and still return synchronously: the caller posts each
 * worker its arguments in a small shared control block, wakes them with Atomics.notify, runs its own share and
 * blocks in Atomics.wait until all are done. Node (worker_threads) and browsers (Web Workers, where the page is
 * cross-origin isolated and the caller is itself a worker, since a page's main thread may not block) are both
 * served by the same worker source; anywhere else a pool is simply not available and callers run on one thread.
 */

/** A pool's view for its users: the caller's instance, the shared memory and a way to run exports on every thread. */
export interface KernelPool {
  /** Threads in all, the caller included. */
  readonly threads: number;
  readonly memory: WebAssembly.Memory;
  readonly exports: WebAssembly.Exports;
  /**
   * Runs export `name` on thread t with arguments `shares[t]` (thread 0 is the caller; an undefined share leaves
   * that thread idle) and returns when every thread is done. `meanwhile`, if given, runs on the caller's thread
   * after the workers are woken and before its own share (other work that overlaps theirs, such as packing the
   * next chunk of a blocked kernel into memory this call does not read). Returns how long (ms) the caller's own
   * share took and how long it then waited for the workers, for callers that balance shares. Throws if a worker's
   * call trapped.
   */
  run(name: string, shares: readonly (readonly number[] | undefined)[], meanwhile?: () => void): KernelTimes;
  /** Stops the workers; the pool must not be used afterwards. */
  close(): void;
}

/** What one run took on the caller's thread: its own share, then the wait for the workers (ms). */
export interface KernelTimes {
  readonly ownMs: number;
  readonly waitMs: number;
}

/** Control block layout (Int32 slots, then Float64 argument slots per thread). */
const GENERATION = 0;
const DONE = 1;
const FAILED = 2;
const READY = 8;
const MAX_THREADS = 64;
/** Per worker, the generation of the last call it ran: the caller checks that every worker ran the call it waits on. */
const RAN = READY + MAX_THREADS;
const ARG_SLOTS = 24;
const ARGS_BYTE_OFFSET = (RAN + MAX_THREADS) * 4;
/**
 * How long (ms) a worker in a burst of calls keeps polling for the next task, and the caller for the workers'
 * completion, before they block in Atomics.wait.
 */
const SPIN_MS = 1;
/** A worker waits this long for its first task before the pool is given up (it boots in a few tens of ms). */
const READY_TIMEOUT_MS = 10000;

const WORKER_SOURCE = `
const start = (data) => {
  const { module, memory, control, index, names } = data;
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const ctl = new Int32Array(control, 0, ${RAN + MAX_THREADS});
  const args = new Float64Array(control, ${ARGS_BYTE_OFFSET});
  const fns = names.map((n) => instance.exports[n]);
  // Read the generation before saying ready: the caller posts the first task only after every worker is ready.
  let seen = Atomics.load(ctl, ${GENERATION});
  Atomics.store(ctl, ${READY} + index, 1);
  Atomics.notify(ctl, ${READY} + index);
  // Within a burst of calls (the last one came less than a spin ago), spin a little before sleeping: a
  // tridiagonalisation makes one call per column, and a thread asleep in Atomics.wait takes tens of microseconds to
  // wake, more in a VM. A lone call is followed by sleep at once, so an idle pool costs nothing.
  let lastDone = -Infinity;
  let burst = false;
  for (;;) {
    if (burst) for (const until = performance.now() + ${SPIN_MS}; Atomics.load(ctl, ${GENERATION}) === seen && performance.now() < until; );
    // Atomics.wait can return with the generation unchanged (measured under load): running the last task again then
    // would add its share twice and count a second "done" for the caller's next call, before that call's work.
    while (Atomics.load(ctl, ${GENERATION}) === seen) Atomics.wait(ctl, ${GENERATION}, seen);
    burst = performance.now() - lastDone < ${SPIN_MS};
    seen = Atomics.load(ctl, ${GENERATION});
    const base = index * ${ARG_SLOTS};
    const fn = args[base];
    if (fn >= 0) {
      try {
        const count = args[base + 1];
        const a = new Array(count);
        for (let i = 0; i < count; i++) a[i] = args[base + 2 + i];
        fns[fn](...a);
      } catch (e) {
        Atomics.store(ctl, ${FAILED}, 1);
      }
    }
    lastDone = performance.now();
    Atomics.store(ctl, ${RAN} + index, seen);
    Atomics.add(ctl, ${DONE}, 1);
    Atomics.notify(ctl, ${DONE});
  }
};
if (typeof self !== 'undefined' && typeof self.postMessage === 'function' && typeof require === 'undefined') {
  self.onmessage = (e) => start(e.data);
} else {
  require('node:worker_threads').parentPort.once('message', start);
}
`;

interface Spawned {
  postMessage(message: unknown): void;
  terminate(): unknown;
  unref?(): void;
}

/** A way to start a worker from source text here, or undefined where none exists or the caller may not block. */
function workerFactory(): ((source: string) => Spawned) | undefined {
  const g = globalThis as {
    process?: { getBuiltinModule?: (name: string) => unknown; versions?: { node?: string } };
    Worker?: new (url: string) => Spawned;
    crossOriginIsolated?: boolean;
    WorkerGlobalScope?: unknown;
    Blob?: new (parts: string[], options: { type: string }) => unknown;
    URL?: { createObjectURL(blob: unknown): string };
  };
  if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') return undefined;
  if (g.process?.versions?.node) {
    const threads = g.process.getBuiltinModule?.('node:worker_threads') as
      { Worker: new (source: string, options: { eval: boolean }) => Spawned; isMainThread: boolean } | undefined;
    if (!threads) return undefined;
    return (source) => new threads.Worker(source, { eval: true });
  }
  // A browser: shared memory needs cross-origin isolation, and blocking is allowed in workers only.
  if (!g.Worker || g.crossOriginIsolated !== true || g.WorkerGlobalScope === undefined || !g.Blob || !g.URL) return undefined;
  const WorkerClass = g.Worker;
  const BlobClass = g.Blob;
  const url = g.URL;
  return (source) => new WorkerClass(url.createObjectURL(new BlobClass([source], { type: 'text/javascript' })));
}

/**
 * Starts `threads − 1` workers on `module` (the shared-memory build, importing env.memory) over a fresh shared
 * memory of `initialPages`; undefined where threads cannot be had (no SharedArrayBuffer, no worker API, a page's
 * main thread, a shared memory refused, or a worker that did not start).
 */
export function startKernelPool(
  module: WebAssembly.Module,
  names: readonly string[],
  threads: number,
  initialPages = 17,
): KernelPool | undefined {
  if (threads < 2 || threads > MAX_THREADS) return undefined;
  const spawn = workerFactory();
  if (!spawn) return undefined;
  let memory: WebAssembly.Memory;
  let exports: WebAssembly.Exports;
  try {
    memory = new WebAssembly.Memory({ initial: initialPages, maximum: 65536, shared: true });
    exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  } catch {
    return undefined;
  }
  const control = new SharedArrayBuffer(ARGS_BYTE_OFFSET + MAX_THREADS * ARG_SLOTS * 8);
  const ctl = new Int32Array(control, 0, RAN + MAX_THREADS);
  const args = new Float64Array(control, ARGS_BYTE_OFFSET);
  const workers: Spawned[] = [];
  try {
    for (let w = 1; w < threads; w++) {
      const worker = spawn(WORKER_SOURCE);
      worker.unref?.();
      worker.postMessage({ module, memory, control, index: w, names: [...names] });
      workers.push(worker);
    }
    for (let w = 1; w < threads; w++) {
      if (Atomics.wait(ctl, READY + w, 0, READY_TIMEOUT_MS) === 'timed-out' && Atomics.load(ctl, READY + w) === 0)
        throw new Error('timed out');
    }
  } catch {
    for (const worker of workers) void worker.terminate();
    return undefined;
  }
  const index = new Map(names.map((n, i) => [n, i]));
  return {
    threads,
    memory,
    exports,
    run(name, shares, meanwhile) {
      const fn = index.get(name);
      if (fn === undefined) throw new RangeError(`KernelPool.run: unknown kernel ${name}`);
      for (let w = 1; w < threads; w++) {
        const share = shares[w];
        const base = w * ARG_SLOTS;
        if (!share) {
          args[base] = -1;
          continue;
        }
        if (share.length > ARG_SLOTS - 2) throw new RangeError(`KernelPool.run: ${share.length} arguments, at most ${ARG_SLOTS - 2}`);
        args[base] = fn;
        args[base + 1] = share.length;
        for (let i = 0; i < share.length; i++) args[base + 2 + i] = share[i];
      }
      Atomics.store(ctl, DONE, 0);
      Atomics.store(ctl, FAILED, 0);
      Atomics.add(ctl, GENERATION, 1);
      Atomics.notify(ctl, GENERATION);
      const own = shares[0];
      let started = performance.now();
      let ownMs: number;
      try {
        meanwhile?.();
        started = performance.now();
        if (own) (exports[name] as (...a: number[]) => void)(...own);
      } finally {
        ownMs = performance.now() - started;
        // Every worker was woken: wait for all of them, so that none is still writing when the caller goes on.
        for (const until = performance.now() + SPIN_MS; Atomics.load(ctl, DONE) < threads - 1 && performance.now() < until;);
        for (let done = Atomics.load(ctl, DONE); done < threads - 1; done = Atomics.load(ctl, DONE)) Atomics.wait(ctl, DONE, done);
      }
      const generation = Atomics.load(ctl, GENERATION);
      for (let w = 1; w < threads; w++) {
        if (Atomics.load(ctl, RAN + w) !== generation) throw new Error(`KernelPool.run: worker ${w} did not run this call of ${name}`);
      }
      const waitMs = performance.now() - started - ownMs;
      if (Atomics.load(ctl, FAILED) !== 0) throw new Error(`KernelPool.run: ${name} failed on a worker thread`);
      return { ownMs, waitMs };
    },
    close() {
      for (const worker of workers) void worker.terminate();
      workers.length = 0;
    },
  };
}
