import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { comparisonCancelled, type DrawExecutor, type DrawJob, type DrawOutcome, type ExperimentData } from '@tlkit/experiment';
import { linalgThreads } from '@tlkit/tensor-core';
import { FLAG_BOUNDS } from './flag-checks.js';

/** The most draw workers `--workers` accepts. */
const MAX_WORKERS = FLAG_BOUNDS.workers.max;

/**
 * The default of `--workers`: the machine's cores over the linear-algebra threads each worker keeps (the results
 * depend on that count, so a worker may not drop it), at least 1. With the default threads (one per core) that is one
 * worker: on a 2-core machine two workers of two kernel threads each were 1.5–1.8× slower than one (see the README).
 */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(MAX_WORKERS, Math.floor(availableParallelism() / linalgThreads())));
}

/** Messages from draw-worker.ts. */
type FromWorker =
  | { readonly type: 'method'; readonly job: DrawJob; readonly method: string }
  | { readonly type: 'draw'; readonly outcome: DrawOutcome }
  | { readonly type: 'error'; readonly message: string; readonly name: string };

const ERROR_CLASSES: Readonly<Record<string, new (message: string) => Error>> = { TypeError, RangeError };

/** A worker's error as one error of this thread: the same class for the built-in ones, the same name and message. */
function errorFrom(name: string, message: string): Error {
  const e = new (ERROR_CLASSES[name] ?? Error)(message);
  if (e.name !== name) e.name = name;
  return e;
}

export interface WorkerExecutorOptions {
  /** Called with each worker as it starts (to watch it: its threadId is -1 once it has stopped). */
  readonly onStart?: (worker: Worker) => void;
}

/**
 * Draws spread over `workers` worker threads (draw-worker.js at `script`), each handed the next draw when it finishes
 * one, so that a slow draw holds up no other. Every worker sets the same linear-algebra thread count as this thread
 * (the threaded symmetric products sum in an order that depends on it), so every draw gives what it gives here.
 * The first error (a worker's, or an abort) stops every worker; the promise settles once all of them have exited.
 */
export function workerExecutor(workers: number, script: URL, options: WorkerExecutorOptions = {}): DrawExecutor {
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS)
    throw new RangeError(`workerExecutor: workers must be a whole number from 1 to ${MAX_WORKERS}, got ${workers}`);
  return ({ data, settings, jobs, hooks }) =>
    new Promise<DrawOutcome[]>((resolve, reject) => {
      const { signal } = hooks;
      if (signal?.aborted) {
        reject(comparisonCancelled());
        return;
      }
      const outcomes: DrawOutcome[] = [];
      const pool: Worker[] = [];
      let next = 0;
      let finished = false;
      const stop = (error?: Error): void => {
        if (finished) return;
        finished = true;
        signal?.removeEventListener('abort', onAbort);
        void Promise.allSettled(pool.map((w) => w.terminate())).then(() => (error ? reject(error) : resolve(outcomes)));
      };
      const onAbort = (): void => stop(comparisonCancelled());
      signal?.addEventListener('abort', onAbort);
      const feed = (w: Worker): void => {
        if (next < jobs.length) w.postMessage({ job: jobs[next++] });
      };
      if (jobs.length === 0) {
        stop();
        return;
      }
      const shared = transferable(data);
      for (let i = 0; i < Math.min(workers, jobs.length); i++) {
        const w = new Worker(script, { workerData: { data: shared, settings, threads: linalgThreads() } });
        pool.push(w);
        options.onStart?.(w);
        w.on('message', (m: FromWorker) => {
          if (finished) return;
          if (m.type === 'method') hooks.onMethod?.(m.job, m.method);
          else if (m.type === 'draw') {
            outcomes.push(m.outcome);
            hooks.onDraw?.(m.outcome);
            if (outcomes.length === jobs.length) stop();
            else feed(w);
          } else stop(errorFrom(m.name, m.message));
        });
        w.on('error', (e: unknown) => {
          const error = e instanceof Error ? e : new Error(String(e));
          stop(errorFrom(error.name, `a draw worker failed: ${error.message}`));
        });
        w.on('messageerror', (e) => stop(new Error(`a draw worker's message could not be read: ${e.message}`)));
        w.on('exit', (code) => {
          if (!finished) stop(new Error(`a draw worker stopped (exit code ${code}) before the comparison was done`));
        });
        feed(w);
      }
    });
}

/** The data as plain values a worker can be handed (the preprocessor, a class instance, is not needed for the draws). */
function transferable(data: ExperimentData): ExperimentData {
  const { preprocessor: _unused, ...rest } = data;
  return rest;
}
