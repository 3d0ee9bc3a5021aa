import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { mlp } from '@tlkit/nn';
import { FeatureAugmentation, FeatureTransfer } from '@tlkit/transfer-feature';
import { NetworkEmbedding } from '@tlkit/transfer-feature/network';

describe('FeatureTransfer at scale and its memory', () => {
  beforeAll(() => selectBackend('wasm'));

  it('fits on 300,000 source rows (labels were spread into push: "Maximum call stack size exceeded")', () => {
    const n = 300_000;
    const data = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      data[2 * i] = Math.sin(i);
      data[2 * i + 1] = Math.cos(3 * i);
      y[i] = 2 * data[2 * i] - data[2 * i + 1] + 0.1 * Math.sin(7 * i + 1);
    }
    const target = { X: { rows: 20, cols: 2, data: data.slice(0, 40) }, y: y.slice(0, 20) };
    const ft = new FeatureTransfer({ map: new FeatureAugmentation(), cv: 'gcv' }).fit({ X: { rows: n, cols: 2, data }, y }, target);
    expect(ft.score(target.X, target.y)).toBeGreaterThan(0.99);
  });

  it('dispose() frees the network of an embedding it loaded, and leaves a network handed to it alone', async () => {
    const net = mlp({ inputDim: 3, hidden: [4], output: { kind: 'regression' }, seed: 1 });
    const X = { rows: 6, cols: 3, data: Float64Array.from({ length: 18 }, (_, i) => Math.sin(i)) };
    const y = Float64Array.from({ length: 6 }, (_, i) => i);
    const ft = new FeatureTransfer({ map: new NetworkEmbedding({ network: net }), head: 'regression' }).fit({ X, y }, { X, y });
    const before = tf.memory().numTensors;
    const loaded = await FeatureTransfer.fromJSON(JSON.parse(JSON.stringify(ft.toJSON())));
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    expect(loaded.predict(X)).toEqual(ft.predict(X));
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    ft.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(net.predict(X).rows).toBe(6);
    net.dispose();
  });
});
