import * as tf from '@tensorflow/tfjs';
import { Random, takeRows, type DenseMatrix } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { mlp } from '@tlkit/nn';
import { fitMethod, methodByName, restoreMethod, runExperiment, type ExperimentData } from '@tlkit/experiment';

beforeAll(() => selectBackend('wasm'));

/** Two classes of Gaussian blobs in 6 dimensions; the target is the source shifted by 1.5 along every axis. */
function blobs(): ExperimentData {
  const rng = new Random(3);
  const make = (n: number, shift: number): { X: DenseMatrix; y: string[] } => {
    const data = new Float64Array(n * 6);
    const y: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = i % 2;
      for (let j = 0; j < 6; j++) data[i * 6 + j] = (c === 0 ? -1 : 1) + shift + 0.7 * rng.normal();
      y.push(c === 0 ? 'a' : 'b');
    }
    return { X: { rows: n, cols: 6, data }, y };
  };
  const s = make(120, 0);
  const t = make(60, 1.5);
  return {
    task: 'classification',
    Xs: s.X,
    ys: s.y,
    Xt: t.X,
    yt: t.y,
    classes: ['a', 'b'],
    featureNames: ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'],
  };
}

/** A "pretrained" network whose own head predicts other classes (0, 1, 2), as a loaded tfjs model's would. */
const pretrained = () => mlp({ inputDim: 6, hidden: [16, 8], output: { kind: 'classification', classes: 3 }, seed: 4 });

describe('deep alignment methods in the registry (dann, deep:coral, deep:mmd)', () => {
  it('run in compare from a given source network, which the runner neither trains nor disposes; no tensors leak', async () => {
    const data = blobs();
    const network = pretrained();
    const before = network.predict(takeRows(data.Xt, [0, 1, 2])).data;
    const start = tf.memory().numTensors;
    const report = await runExperiment(data, {
      sizes: [0, 4],
      repeats: 2,
      bootstrap: 200,
      methods: ['target-only', 'dann', 'deep:coral', 'deep:mmd', 'deep', 'feature:embed'],
      sourceNetwork: network,
    });
    for (const name of ['dann', 'deep:coral', 'deep:mmd']) {
      for (const size of [0, 4]) {
        const r = report.results.find((x) => x.method === name && x.size === size);
        expect(r?.skipped).toBeUndefined();
        expect(r?.repeats).toBe(2);
        expect(r?.mean).toBeGreaterThanOrEqual(0);
      }
    }
    // feature:embed read the given network's layer feeding its 3-class head.
    expect(report.results.find((x) => x.method === 'feature:embed' && x.size === 4)?.skipped).toBeUndefined();
    expect(tf.memory().numTensors).toBe(start);
    expect(network.predict(takeRows(data.Xt, [0, 1, 2])).data).toEqual(before);
    network.dispose();
  }, 300000);

  it.each(['dann', 'deep:coral', 'deep:mmd'])(
    '%s: fitted by fitMethod, saved, restored, predicts as the fit did',
    async (name) => {
      const data = blobs();
      const network = pretrained();
      const start = tf.memory().numTensors;
      const saved = await fitMethod(data, name, { seed: 1, sourceNetwork: network, unlabeled: data.Xt });
      expect(saved.method).toBe(name);
      const restored = await restoreMethod(JSON.parse(JSON.stringify(saved)));
      const again = await restoreMethod(saved);
      const a = restored.predict(data.Xt);
      expect(again.predict(data.Xt)).toEqual(a);
      expect(a).toHaveLength(60);
      expect((a as string[]).every((c) => c === 'a' || c === 'b')).toBe(true);
      restored.dispose?.();
      again.dispose?.();
      expect(tf.memory().numTensors).toBe(start);
      network.dispose();
    },
    120000,
  );

  it('the same seed gives the same fit', async () => {
    const data = blobs();
    const network = pretrained();
    const fit = async () => {
      const saved = await fitMethod(data, 'deep:coral', { seed: 7, sourceNetwork: network, unlabeled: data.Xt });
      const restored = await restoreMethod(saved);
      const p = restored.predict(data.Xt);
      restored.dispose?.();
      return p;
    };
    expect(await fit()).toEqual(await fit());
    network.dispose();
  }, 120000);

  it('are skipped where the target has classes the source never saw', () => {
    const data = { ...blobs(), yt: (blobs().yt as string[]).map((c, i) => (i === 0 ? 'z' : c)), classes: ['a', 'b', 'z'] };
    for (const name of ['dann', 'deep:coral', 'deep:mmd']) {
      expect(methodByName(name).unavailable?.(data)).toBe('the target has classes the source never saw');
    }
  });
});
