import * as tf from '@tensorflow/tfjs';
import { hasWasmSimd } from '@tlkit/ridge';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import {
  carsUsaEurope,
  carsUsaJapan,
  loadCars,
  loadPenguins,
  penguinsAdelieChinstrap,
  penguinsAdelieGentoo,
  type TaskInfo,
  type TransferTask,
} from '@tlkit/datasets';
import { prepareTables, renderHtmlReport, runExperiment } from '@tlkit/experiment';
import { selectBackend } from '@tlkit/tensor-core/tf';
import type { DataChoice, RunRequest, WorkerMessage } from './protocol.js';
import { prepareColumnOptions } from './column-logic.js';
import { readTable } from './read-table.js';

// The tabular tasks are imported one by one so that the digit tasks (and their 21 MB of MNIST) stay out of the bundle.
const TASKS: readonly [TaskInfo, (info: TaskInfo) => TransferTask][] = [
  [carsUsaJapan, loadCars],
  [carsUsaEurope, loadCars],
  [penguinsAdelieGentoo, loadPenguins],
  [penguinsAdelieChinstrap, loadPenguins],
];

const post = (message: WorkerMessage): void => postMessage(message);
let controller: AbortController | undefined;
let backendReady: Promise<string> | undefined;

function ensureBackend(): Promise<string> {
  // Threaded wasm broke in a minified build (see ENVIRONMENT.md); one thread is used.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  backendReady ??= selectBackend('auto', {
    wasmPaths: {
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    },
  });
  return backendReady;
}

async function load(choice: DataChoice) {
  if (choice.kind === 'builtin') {
    const entry = TASKS.find(([info]) => info.name === choice.name);
    if (!entry) throw new Error(`Unknown built-in task "${choice.name}"`);
    const task = entry[1](entry[0]);
    return { data: prepareTables(task.source, task.target, { label: task.label, task: task.kind }), title: task.title };
  }
  const source = await readTable(choice.source, choice.sourceName);
  const target = await readTable(choice.target, choice.targetName);
  const extra = await Promise.all(
    (choice.extraSources ?? []).map(async (s) => ({ name: s.name, table: await readTable(s.content, s.name) })),
  );
  const sources = extra.length === 0 ? source : [{ name: choice.sourceName, table: source }, ...extra];
  return {
    data: prepareTables(sources, target, { label: choice.label, task: choice.task, ...prepareColumnOptions(choice.columns) }),
    title: `${[choice.sourceName, ...extra.map((e) => e.name)].join(' + ')} → ${choice.targetName} (${choice.label})`,
  };
}

addEventListener('message', (event: MessageEvent<RunRequest>) => {
  const request = event.data;
  if (request.type === 'cancel') {
    controller?.abort();
    return;
  }
  controller = new AbortController();
  const signal = controller.signal;
  void (async () => {
    try {
      const ridgeKernels = hasWasmSimd() ? 'WebAssembly SIMD (fp64)' : 'plain JavaScript';
      post({ type: 'backend', backend: `${await ensureBackend()} · ridge kernels: ${ridgeKernels}` });
      const started = performance.now();
      const { data, title } = await load(request.data);
      const report = await runExperiment(data, {
        ...request.options,
        signal,
        onProgress: (e) =>
          post({ type: 'progress', done: e.done, total: e.total, label: `k = ${e.size}, draw ${e.repeat + 1}: ${e.method}` }),
      });
      post({ type: 'done', report, title, seconds: (performance.now() - started) / 1000, html: renderHtmlReport(report, title) });
    } catch (error) {
      if ((error as Error).name === 'AbortError') post({ type: 'cancelled' });
      else post({ type: 'error', message: (error as Error).message });
    }
  })();
});
