import * as tf from '@tensorflow/tfjs';
import { Random } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { mlp, train } from '@tlkit/nn';
import { transferNetwork } from '@tlkit/transfer-param/network';

beforeAll(() => selectBackend('wasm'));

/** Points in 2-D labelled by angle sectors; `turn` rotates the sectors (a related task). */
function sectors(n: number, classes: number, turn: number, seed: number): { X: number[][]; y: number[] } {
  const rng = new Random(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.uniform(0, 2 * Math.PI);
    const r = rng.uniform(0.3, 1);
    X.push([r * Math.cos(a), r * Math.sin(a)]);
    y.push(Math.floor((((a + turn) % (2 * Math.PI)) / (2 * Math.PI)) * classes));
  }
  return { X, y };
}

function weights(t: tf.Tensor[]): Float32Array[] {
  return t.map((w) => w.dataSync() as Float32Array);
}

describe('transferNetwork', () => {
  it('warm start and L2-SP train a copy with a new head; the source is untouched; metadata records the method', async () => {
    const start = tf.memory().numTensors;
    const source = mlp({ inputDim: 2, hidden: [32, 32], output: { kind: 'classification', classes: 4 }, seed: 1 });
    await train(source, sectors(800, 4, 0, 1), { epochs: 20, learningRate: 0.01 });
    const before = weights(source.model.getWeights());
    const target = sectors(40, 6, 0.3, 2);
    for (const method of ['warm-start', 'l2-sp'] as const) {
      const { network, history, transferredLayers, newLayers } = await transferNetwork(source, target, {
        method,
        output: { kind: 'classification', classes: 6 },
        epochs: 30,
        learningRate: 0.01,
        seed: 3,
      });
      expect(network.model.outputs[0].shape).toEqual([null, 6]);
      expect(transferredLayers).toEqual(['hidden_1', 'hidden_2']);
      expect(newLayers).toEqual(['head']);
      expect(history.loss[history.loss.length - 1]).toBeLessThan(history.loss[0]);
      expect((network.info.extra?.transfer as { method: string }).method).toBe(method);
      network.dispose();
    }
    expect(weights(source.model.getWeights())).toEqual(before);
    source.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('with a huge α the transferred weights stay within a small distance of the source', async () => {
    const source = mlp({ inputDim: 2, hidden: [16], output: { kind: 'classification', classes: 4 }, seed: 2 });
    await train(source, sectors(400, 4, 0, 4), { epochs: 5 });
    const target = sectors(40, 4, 1.0, 5);
    const free = await transferNetwork(source, target, { method: 'l2-sp', alpha: 0, beta: 0, epochs: 30, learningRate: 0.02 });
    const held = await transferNetwork(source, target, { method: 'l2-sp', alpha: 1e4, epochs: 30, learningRate: 0.02 });
    const distance = (n: typeof free.network) =>
      tf.tidy(() => tf.norm(tf.sub(n.layer('hidden_1').getWeights()[0], source.layer('hidden_1').getWeights()[0])).dataSync()[0]);
    expect(distance(held.network)).toBeLessThan(0.05);
    expect(distance(free.network)).toBeGreaterThan(10 * distance(held.network));
    [free.network, held.network, source].forEach((n) => n.dispose());
  });

  it('rejects an unknown method', async () => {
    const source = mlp({ inputDim: 2, output: { kind: 'regression' } });
    await expect(transferNetwork(source, { X: [[1, 2]], y: [1] }, { method: 'magic' as 'l2-sp' })).rejects.toThrow(
      'transferNetwork: method must be one of warm-start, l2-sp, got "magic"',
    );
    source.dispose();
  });
});
