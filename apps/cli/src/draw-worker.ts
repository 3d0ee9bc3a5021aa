// A worker thread of draw-pool.ts: takes the data and settings from workerData, then runs each draw it is posted
// (one at a time, sharing the source model and the methods' caches) and posts back progress and the outcome.
import { parentPort, workerData } from 'node:worker_threads';
import { drawRunner, type DrawJob, type DrawRunner, type DrawSettings, type ExperimentData } from '@tlkit/experiment';
import { setLinalgThreads } from '@tlkit/tensor-core';
import { prepareBackend } from './backend.js';

const port = parentPort;

function postError(error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  port?.postMessage({ type: 'error', message: e.message, name: e.name });
}

if (port) {
  const { data, settings, threads } = workerData as { data: ExperimentData; settings: DrawSettings; threads: number };
  let runner: DrawRunner | undefined;
  try {
    setLinalgThreads(threads);
    await prepareBackend();
    runner = drawRunner(data, settings);
  } catch (error) {
    postError(error);
  }
  let chain = Promise.resolve();
  port.on('message', (m: { job: DrawJob }) => {
    chain = chain.then(async () => {
      if (!runner) return;
      try {
        const outcome = await runner.run(m.job, { onMethod: (job, method) => port.postMessage({ type: 'method', job, method }) });
        port.postMessage({ type: 'draw', outcome });
      } catch (error) {
        postError(error);
      }
    });
  });
}
