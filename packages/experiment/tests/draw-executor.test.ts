import * as tf from '@tensorflow/tfjs';
import { loadTask } from '@tlkit/datasets';
import { Random, tableFromRecords } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { mlp } from '@tlkit/nn';
import {
  DEFAULT_METHODS,
  prepareTables,
  runDraws,
  runExperiment,
  type DrawExecutor,
  type DrawOutcome,
  type ExperimentData,
  type ExperimentReport,
} from '@tlkit/experiment';

beforeAll(() => selectBackend('wasm'));

/** Three classes on four features, the target shifted and rescaled. */
function classes(seed: number): ExperimentData {
  const rng = new Random(seed);
  const rows = (count: number, shift: number) =>
    Array.from({ length: count }, (_, i) => {
      const c = i % 3;
      return { a: c + rng.normal() + shift, b: 2 * c - rng.normal() * (1 + shift), c: rng.normal(), d: c * rng.uniform(), y: `k${c}` };
    });
  return prepareTables(tableFromRecords(rows(90, 0)), tableFromRecords(rows(45, 0.7)), { label: 'y', task: 'classification' });
}

function cars(): ExperimentData {
  const t = loadTask('cars-usa-japan');
  return prepareTables(t.source, t.target, { label: t.label, task: t.kind });
}

const withoutTime = (report: ExperimentReport): Omit<ExperimentReport, 'seconds'> => {
  const { seconds: _unused, ...rest } = report;
  return rest;
};

/**
 * Three "workers" in this thread, each with its own runner (own source model and caches), dealt draws round robin,
 * handed the data without its preprocessor (as the CLI's pool does); the outcomes come back shuffled. (The thread
 * boundary itself — structured clones — is crossed in the CLI's draw-pool tests: jest's realm would fail them here.)
 */
const splitExecutor: DrawExecutor = async ({ data, settings, jobs, hooks }) => {
  const { preprocessor: _unused, ...plain } = data;
  const parts = [0, 1, 2].map((w) => jobs.filter((_, i) => i % 3 === w));
  let outcomes: DrawOutcome[] = [];
  for (const part of parts.reverse()) outcomes = outcomes.concat(await runDraws(plain, settings, part, hooks));
  return outcomes.reverse();
};

const WITH_INSTANCE = [...DEFAULT_METHODS, 'instance:iw', 'instance:ulsif'];

describe('draws run elsewhere (the worker pool the CLI passes as executor)', () => {
  it('give the report of one thread, draw for draw, however the draws are split and in whatever order they return', async () => {
    for (const [data, perClass, sizes, repeats, methods] of [
      [classes(3), true, [0, 2], 2, WITH_INSTANCE],
      [cars(), false, [5], 3, [...DEFAULT_METHODS, 'instance:iw']],
    ] as const) {
      const options = { sizes, perClass, repeats, seed: 5, methods, bootstrap: 200 };
      let progress = 0;
      const here = await runExperiment(data, options);
      const split = await runExperiment(data, { ...options, executor: splitExecutor, onProgress: () => progress++ });
      expect(withoutTime(split)).toEqual(withoutTime(here));
      expect(progress).toBe(sizes.length * repeats * methods.length);
      // At size 0, auto's label-free choice (by IWCV) and its ranking table came through the executor too.
      if (sizes[0] === 0) expect(split.labelFree).toEqual([expect.objectContaining({ method: 'auto', size: 0, draws: repeats })]);
      const last = sizes[sizes.length - 1];
      for (const m of methods.filter((name) => name.startsWith('instance:'))) {
        const r = split.results.find((x) => x.method === m && x.size === last);
        expect(r?.skipped).toBeUndefined();
        expect(r?.repeats).toBe(repeats);
      }
    }
  }, 300000);

  it('names a draw an executor lost', async () => {
    const lossy: DrawExecutor = async (request) => (await splitExecutor(request)).slice(1);
    await expect(
      runExperiment(cars(), { sizes: [5], repeats: 2, methods: ['target-only'], bootstrap: 200, executor: lossy }),
    ).rejects.toThrow(/no outcome came back for size 5, repeat 0/);
  });

  it('marks a method failed when its score on a draw that ran elsewhere is not finite', async () => {
    const broken: DrawExecutor = async (request) =>
      (await splitExecutor(request)).map((o) =>
        o.repeat === 1 ? { ...o, methods: o.methods.map((m) => (m.name === 'param' ? { ...m, score: NaN } : m)) } : o,
      );
    const report = await runExperiment(cars(), {
      sizes: [5],
      repeats: 3,
      methods: ['target-only', 'source-only', 'param'],
      bootstrap: 200,
      executor: broken,
    });
    expect(report.results.find((r) => r.method === 'param')?.failed).toMatch(/not a finite number on 1 of 3 draws/);
    expect(report.verdicts.some((v) => v.method === 'param')).toBe(false);
  });

  it('is not used for neural methods, which start from a given network in this thread; no tensors leak', async () => {
    const data = classes(4);
    const network = mlp({ inputDim: 4, hidden: [8], output: { kind: 'classification', classes: ['k0', 'k1', 'k2'] }, seed: 2 });
    const refuse: DrawExecutor = () => Promise.reject(new Error('the executor was called'));
    const start = tf.memory().numTensors;
    const report = await runExperiment(data, {
      sizes: [2],
      perClass: true,
      repeats: 2,
      bootstrap: 200,
      methods: ['target-only', 'feature:embed'],
      sourceNetwork: network,
      executor: refuse,
    });
    expect(report.results.find((r) => r.method === 'feature:embed')?.repeats).toBe(2);
    expect(tf.memory().numTensors).toBe(start);
    network.dispose();
  }, 120000);

  it('hands the abort signal to the executor, and a run aborted before it starts never reaches it', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const abortingExecutor: DrawExecutor = ({ hooks }) => {
      seen = hooks.signal;
      controller.abort();
      const e = new Error('the comparison was cancelled');
      e.name = 'AbortError';
      return Promise.reject(e);
    };
    const options = { sizes: [5], repeats: 2, methods: ['target-only'], bootstrap: 200, signal: controller.signal };
    await expect(runExperiment(cars(), { ...options, executor: abortingExecutor })).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toBe(controller.signal);
    let called = false;
    const spy: DrawExecutor = (request) => ((called = true), splitExecutor(request));
    await expect(runExperiment(cars(), { ...options, executor: spy })).rejects.toThrow('the comparison was cancelled');
    expect(called).toBe(false);
  });
});
