import { loadTask } from '@tlkit/datasets';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { takeRows } from '@tlkit/tensor-core';
import { RidgeCV } from '@tlkit/ridge';
import * as tf from '@tensorflow/tfjs';
import { methodByName, prepareTables, runExperiment, type ExperimentData, type MethodContext } from '@tlkit/experiment';
import { trainSourceNetwork } from '../src/source-network.js';

beforeAll(() => selectBackend('wasm'));

function penguins(): ExperimentData {
  const task = loadTask('penguins-adelie-chinstrap');
  return prepareTables(task.source, task.target, { label: task.label });
}

describe('neural methods in the runner', () => {
  it('deep, deep:l2sp, feature:embed and dann run on a real task with one shared source network, leaving no tensors', async () => {
    const data = penguins();
    const start = tf.memory().numTensors;
    const report = await runExperiment(data, {
      sizes: [10],
      repeats: 2,
      methods: ['target-only', 'deep', 'deep:l2sp', 'feature:embed', 'dann'],
    });
    for (const r of report.results) {
      expect(r.skipped).toBeUndefined();
      expect(r.repeats).toBe(2);
      expect(Number.isFinite(r.mean)).toBe(true);
    }
    // With neural methods, LogME reads the source network's embedding.
    expect(report.transferability[0].logme).not.toBeNull();
    expect(tf.memory().numTensors).toBe(start);
  }, 300000);

  it('an aborted run leaks no tensors and says so in plain words, wherever the abort lands', async () => {
    const data = penguins();
    const start = tf.memory().numTensors;
    for (const when of ['after the first neural fit', 'while the source network trains']) {
      const controller = new AbortController();
      if (when !== 'after the first neural fit') setTimeout(() => controller.abort(), 30);
      const run = runExperiment(data, {
        sizes: [10],
        repeats: 2,
        methods: ['deep', 'feature:embed'],
        signal: controller.signal,
        onProgress: (e) => {
          if (e.method === 'deep' && when === 'after the first neural fit') controller.abort();
        },
      });
      await expect(run).rejects.toThrow('the comparison was cancelled');
      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
      expect(tf.memory().numTensors).toBe(start);
    }
  }, 300000);

  it.each(['deep', 'deep:l2sp', 'dann', 'feature:embed'])(
    '%s: saved (its network inside) and restored, predicts as the fit did',
    async (name) => {
      const data = penguins();
      const start = tf.memory().numTensors;
      const network = await trainSourceNetwork(data, 0);
      const context: MethodContext = {
        data,
        sourceModel: () => new RidgeCV({ cv: 'evidence' }).fit(data.Xs, data.ys as Float64Array),
        sourceNetwork: () => Promise.resolve(network),
        cache: new Map(),
      };
      const labelled = [0, 4, 9, 13, 20, 26, 33, 41];
      const method = methodByName(name);
      const fitted = await method.fit(context, {
        Xl: takeRows(data.Xt, labelled),
        yl: Float64Array.from(labelled, (i) => (data.yt as Float64Array)[i]),
        Xu: data.Xt,
        seed: 2,
      });
      const restored = await method.restore(JSON.parse(JSON.stringify(fitted.toJSON())), { task: data.task });
      const a = fitted.predict(data.Xt) as Float64Array;
      const b = restored.predict(data.Xt) as Float64Array;
      expect(Array.from(b)).toEqual(Array.from(a));
      restored.dispose?.();
      fitted.dispose?.();
      network.dispose();
      expect(tf.memory().numTensors).toBe(start);
    },
    300000,
  );
});
