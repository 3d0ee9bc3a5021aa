import * as tf from '@tensorflow/tfjs';
import { Random, type DenseMatrix } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { cnn, train, type Network } from '@tlkit/nn';
import { comparePretrained, defaultSizes, fitPretrainedMethod } from '@tlkit/experiment';

/** 12×12 images of a bar: horizontal (h), vertical (v) or diagonal (d), placed at random. */
function bars(n: number, seed: number, kinds = ['h', 'v', 'd']): { X: DenseMatrix; y: string[] } {
  const rng = new Random(seed);
  const data = new Float64Array(n * 144);
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    const kind = kinds[i % kinds.length];
    y.push(kind);
    const r0 = 2 + rng.int(4);
    const c0 = 2 + rng.int(4);
    for (let t = 0; t < 6; t++) {
      const [r, c] = kind === 'h' ? [r0 + 2, c0 + t] : kind === 'v' ? [r0 + t, c0 + 2] : [r0 + t, c0 + t];
      data[i * 144 + r * 12 + c] = 1;
    }
  }
  return { X: { rows: n, cols: 144, data }, y };
}

let backbone: Network;
beforeAll(async () => {
  await selectBackend('wasm');
  backbone = cnn({
    height: 12,
    width: 12,
    filters: [4],
    kernelSize: 3,
    dense: [8],
    output: { kind: 'classification', classes: ['h', 'v'] },
    seed: 1,
  });
  await train(backbone, bars(60, 1, ['h', 'v']), { epochs: 5, batchSize: 16, learningRate: 0.01 });
});
afterAll(() => backbone.dispose());

describe('comparePretrained', () => {
  it('draws the same examples for every method, reports curves and paired verdicts, and leaks nothing across runs', async () => {
    const data = { ...bars(18, 2), inputShape: [12, 12, 1] as const };
    const events: number[] = [];
    const start = tf.memory().numTensors;
    const first = await comparePretrained(backbone, data, {
      sizes: [1, 3],
      repeats: 2,
      epochs: 4,
      onProgress: (done) => events.push(done),
    });
    expect(tf.memory().numTensors).toBe(start);
    const again = await comparePretrained(backbone, data, { sizes: [1, 3], repeats: 2, epochs: 4 });
    expect(tf.memory().numTensors).toBe(start);
    expect(again.curves).toEqual(first.curves);
    expect(first.sizes).toEqual([1, 3]);
    expect(first.curves.map((c) => c.method)).toEqual(['scratch', 'frozen', 'fine-tune']);
    for (const c of first.curves) for (const m of c.mean) expect(m).toBeGreaterThanOrEqual(0);
    expect(first.verdicts).toHaveLength(4);
    expect(first.sentences).toHaveLength(2);
    expect(first.sentences[0]).toMatch(/^With 3 examples per class, frozen features \+ head: \d+\.\d% against \d+\.\d% from scratch — /);
    expect(events.at(-1)).toBe(2 * 2 * 3);
  }, 120000);

  it('fits a live model that predicts a label and a probability for each row', async () => {
    const data = bars(9, 3);
    const model = await fitPretrainedMethod('fine-tune', backbone, data, [12, 12, 1], { epochs: 3, seed: 1 });
    const out = model.predict(bars(3, 4).X);
    expect(out).toHaveLength(3);
    for (const p of out) {
      expect(['h', 'v', 'd']).toContain(p.label);
      expect(p.probability).toBeGreaterThan(0);
      expect(p.probability).toBeLessThanOrEqual(1);
    }
    model.dispose();
  });

  it('chooses sizes that leave one example per class to test, and says why it cannot start', () => {
    expect(defaultSizes(['a', 'a', 'a', 'b', 'b', 'b', 'b'])).toEqual([1, 2]);
    expect(() => defaultSizes(['a', 'a', 'b'])).toThrow('Every class needs at least 2 examples');
    expect(() => defaultSizes(['a', 'a'])).toThrow('at least 2 classes');
  });
});
