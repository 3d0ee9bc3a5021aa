import * as tf from '@tensorflow/tfjs';
import { Random, type DenseMatrix } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { cnn, loadGraphFeatures, train, type Network } from '@tlkit/nn';
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

describe('a tfjs graph model as the backbone (a frozen feature extractor)', () => {
  // The converter's format in memory: x → MatMul W → BiasAdd b → Relu ("features") → MatMul V → Softmax, 4 inputs.
  const f32 = { type: 'DT_FLOAT' };
  const dims = (...d: number[]) => ({ dim: d.map((size) => ({ size: String(size) })) });
  const constant = (name: string, ...shape: number[]) => ({
    name,
    op: 'Const',
    attr: { dtype: f32, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims(...shape) } } },
  });
  const matMul = (name: string, a: string, b: string) => ({
    name,
    op: 'MatMul',
    input: [a, b],
    attr: { T: f32, transpose_a: { b: false }, transpose_b: { b: false } },
  });
  const artifacts: tf.io.ModelArtifacts = {
    format: 'graph-model',
    modelTopology: {
      node: [
        { name: 'x', op: 'Placeholder', attr: { dtype: f32, shape: { shape: dims(-1, 4) } } },
        constant('W', 4, 3),
        constant('b', 3),
        constant('V', 3, 2),
        matMul('mm', 'x', 'W'),
        { name: 'biased', op: 'BiasAdd', input: ['mm', 'b'], attr: { T: f32, data_format: { s: 'TkhXQw==' } } },
        { name: 'features', op: 'Relu', input: ['biased'], attr: { T: f32 } },
        matMul('logits', 'features', 'V'),
        { name: 'probs', op: 'Softmax', input: ['logits'], attr: { T: f32 } },
      ],
      library: {},
      versions: { producer: 1286 },
    },
    weightSpecs: [
      { name: 'W', shape: [4, 3], dtype: 'float32' },
      { name: 'b', shape: [3], dtype: 'float32' },
      { name: 'V', shape: [3, 2], dtype: 'float32' },
    ],
    weightData: Float32Array.from([1, -1, 0.5, 2, 0, 1, -0.5, 1, 1, 0, 2, -1, 0.1, -0.2, 0.3, 1, 0, 0, 1, -1, 1]).buffer,
  };

  /** Two classes of 4-value rows the graph's features separate: the first two values high, or the last two. */
  function rows(n: number): { X: DenseMatrix; y: string[] } {
    const rng = new Random(9);
    const data = new Float64Array(n * 4);
    const y: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = i % 2;
      for (let j = 0; j < 4; j++) data[i * 4 + j] = (j < 2 === (c === 0) ? 2 : 0) + 0.3 * rng.normal();
      y.push(c === 0 ? 'front' : 'back');
    }
    return { X: { rows: n, cols: 4, data }, y };
  }

  it('compares from scratch and frozen features + head only (no fine-tuning of a graph), one verdict at 95%', async () => {
    const graph = await loadGraphFeatures(tf.io.fromMemory(artifacts), { node: 'features' });
    const start = tf.memory().numTensors;
    const { X, y } = rows(24);
    const report = await comparePretrained(graph, { X, y, inputShape: [4] }, { sizes: [2], repeats: 2, epochs: 30 });
    expect(report.curves.map((c) => c.method)).toEqual(['scratch', 'frozen']);
    expect(report.verdicts).toHaveLength(1);
    expect(report.verdicts[0]).toMatchObject({ method: 'frozen', level: 0.95 });
    expect(report.curves[1].mean[0]).toBeGreaterThan(0.9);
    await expect(fitPretrainedMethod('fine-tune', graph, { X, y }, [4], { epochs: 1, seed: 1 })).rejects.toThrow(
      'a graph model is a frozen feature extractor: it has no layers to fine-tune',
    );
    const fitted = await fitPretrainedMethod('frozen', graph, { X, y }, [4], { epochs: 30, seed: 1 });
    expect(fitted.predict(X).filter((p, i) => p.label === y[i]).length).toBeGreaterThan(20);
    fitted.dispose();
    expect(tf.memory().numTensors).toBe(start);
    graph.dispose();
  });
});
