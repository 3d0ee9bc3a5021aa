import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadTask } from '@tlkit/datasets';
import { prepareTables, runExperiment, type DrawSettings, type ExperimentData } from '@tlkit/experiment';
import type { Worker } from 'node:worker_threads';
import { workerExecutor } from '../src/draw-pool.js';

// The pool starts the compiled worker (the CLI's tests run after its build), as `tlkit compare --workers N` does.
const SCRIPT = pathToFileURL(join(__dirname, '..', 'dist', 'draw-worker.js'));

function cars(): ExperimentData {
  const t = loadTask('cars-usa-japan');
  return prepareTables(t.source, t.target, { label: t.label, task: t.kind });
}

/** A pool of `n` whose workers are watched: `workers` lists every one started, `running()` counts those not yet stopped. */
function watched(n: number, script = SCRIPT) {
  const workers: Worker[] = [];
  const executor = workerExecutor(n, script, { onStart: (w) => workers.push(w) });
  return { executor, workers, running: () => workers.filter((w) => w.threadId !== -1).length };
}

const settings: DrawSettings = { methods: ['target-only', 'param'], seed: 1, perClass: false, useUnlabeled: true };

describe('the draw worker pool', () => {
  beforeAll(() => expect(existsSync(SCRIPT)).toBe(true));

  it('gives the report of one thread, and leaves no worker running', async () => {
    const methods = ['target-only', 'source-only', 'param', 'feature:coral', 'feature:fa', 'instance:iw', 'auto:source-only+feature:coral'];
    const options = { sizes: [0, 5], repeats: 2, seed: 2, methods, bootstrap: 200 };
    const here = await runExperiment(cars(), options);
    const pool = watched(2);
    let during = 0;
    const onProgress = () => {
      during = Math.max(during, pool.running());
    };
    const pooled = await runExperiment(cars(), { ...options, onProgress, executor: pool.executor });
    expect({ ...pooled, seconds: 0 }).toEqual({ ...here, seconds: 0 });
    expect(pooled.labelFree).toHaveLength(1);
    expect(during).toBe(2);
    expect(pool.workers).toHaveLength(2);
    expect(pool.running()).toBe(0);
  });

  it('stops every worker when the run is aborted, and rejects once with AbortError', async () => {
    const controller = new AbortController();
    const jobs = Array.from({ length: 40 }, (_, repeat) => ({ size: 5, repeat }));
    let methods = 0;
    const pool = watched(3);
    const run = pool.executor({
      data: cars(),
      settings,
      jobs,
      hooks: {
        signal: controller.signal,
        onMethod: () => {
          if (++methods === 2) controller.abort();
        },
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError', message: 'the comparison was cancelled' });
    expect(pool.workers).toHaveLength(3);
    expect(pool.running()).toBe(0);
  });

  it("surfaces a worker's error as one error of the same class and message", async () => {
    const pool = watched(3);
    const run = pool.executor({
      data: cars(),
      settings: { ...settings, methods: ['magic'] },
      jobs: [0, 1, 2].map((repeat) => ({ size: 5, repeat })),
      hooks: {},
    });
    await expect(run).rejects.toThrow(RangeError);
    await expect(run).rejects.toThrow(/unknown method "magic"/);
    expect(pool.running()).toBe(0);
  });

  it('says so when the worker cannot start', async () => {
    const pool = watched(2, pathToFileURL(join(__dirname, 'no-such-worker.js')));
    const run = pool.executor({ data: cars(), settings, jobs: [{ size: 5, repeat: 0 }], hooks: {} });
    await expect(run).rejects.toThrow(/^a draw worker failed: .*no-such-worker/);
    expect(pool.running()).toBe(0);
  });

  it('takes a bounded number of workers', () => {
    for (const bad of [0, 65, 1.5, NaN])
      expect(() => workerExecutor(bad, SCRIPT)).toThrow(`workerExecutor: workers must be a whole number from 1 to 64, got ${bad}`);
  });
});
