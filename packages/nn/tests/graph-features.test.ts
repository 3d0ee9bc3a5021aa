import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGraphFeatures, loadPretrained } from '@tlkit/nn';
import { directoryHandler } from '@tlkit/nn/node';
import { useWasm } from './setup.js';

beforeAll(useWasm);

// A graph model written as tensorflowjs_converter writes one ("format": "graph-model", a GraphDef in JSON, weights
// of the Const nodes in a shard): x → MatMul W → BiasAdd b → Relu ("features") → MatMul V → Softmax ("probs").
const f32 = { type: 'DT_FLOAT' };
const dims = (...d: number[]) => ({ dim: d.map((size) => ({ size: String(size) })) });
const constant = (name: string, ...shape: number[]) => ({
  name,
  op: 'Const',
  attr: { dtype: f32, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims(...shape) } } },
});
const W = [1, -1, 0.5, 2, 0, 1, -0.5, 1, 1, 0, 2, -1];
const b = [0.1, -0.2, 0.3];
const V = [1, 0, 0, 1, -1, 1];
const graph = {
  format: 'graph-model',
  generatedBy: '2.15.0',
  convertedBy: 'TensorFlow.js Converter v4.22.0',
  modelTopology: {
    node: [
      { name: 'x', op: 'Placeholder', attr: { dtype: f32, shape: { shape: dims(-1, 4) } } },
      constant('W', 4, 3),
      constant('b', 3),
      constant('V', 3, 2),
      { name: 'mm', op: 'MatMul', input: ['x', 'W'], attr: { T: f32, transpose_a: { b: false }, transpose_b: { b: false } } },
      { name: 'biased', op: 'BiasAdd', input: ['mm', 'b'], attr: { T: f32, data_format: { s: 'TkhXQw==' } } },
      { name: 'features', op: 'Relu', input: ['biased'], attr: { T: f32 } },
      { name: 'logits', op: 'MatMul', input: ['features', 'V'], attr: { T: f32, transpose_a: { b: false }, transpose_b: { b: false } } },
      { name: 'probs', op: 'Softmax', input: ['logits'], attr: { T: f32 } },
    ],
    library: {},
    versions: { producer: 1286 },
  },
  weightsManifest: [
    {
      paths: ['group1-shard1of1.bin'],
      weights: [
        { name: 'W', shape: [4, 3], dtype: 'float32' },
        { name: 'b', shape: [3], dtype: 'float32' },
        { name: 'V', shape: [3, 2], dtype: 'float32' },
      ],
    },
  ],
};

describe('a TensorFlow.js graph model as a frozen feature extractor', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tlkit-graph-'));
    mkdirSync(join(dir, 'graph'));
    writeFileSync(join(dir, 'graph', 'model.json'), JSON.stringify(graph));
    writeFileSync(join(dir, 'graph', 'group1-shard1of1.bin'), Buffer.from(Float32Array.from([...W, ...b, ...V]).buffer));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists its nodes and embeds rows at a named node as the graph computes them', async () => {
    const start = tf.memory().numTensors;
    const features = await loadGraphFeatures(directoryHandler(join(dir, 'graph')), { node: 'features', preprocessing: { scale: 0.5 } });
    expect(features.nodes.map((n) => `${n.name}:${n.op}`)).toContain('features:Relu');
    expect(features.inputShape).toEqual([4]);
    const X = [
      [2, 0, -2, 4],
      [0, 2, 2, 0],
    ];
    const Z = features.embed(X);
    expect([Z.rows, Z.cols]).toEqual([2, 3]);
    X.forEach((row, i) => {
      const x = row.map((v) => v * 0.5);
      for (let j = 0; j < 3; j++) {
        const h = Math.max(
          0,
          x.reduce((s, v, k) => s + v * W[k * 3 + j], b[j]),
        );
        expect(Z.data[i * 3 + j]).toBeCloseTo(h, 5);
      }
    });
    expect(features.embed(X, { node: 'probs' }).cols).toBe(2);
    features.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('is refused by loadPretrained (no layers to train), and an unknown node is named', async () => {
    await expect(loadPretrained(directoryHandler(join(dir, 'graph')))).rejects.toThrow(
      'is a TensorFlow.js graph model; load it with loadGraphFeatures',
    );
    await expect(loadGraphFeatures(directoryHandler(join(dir, 'graph')), { node: 'nope' })).rejects.toThrow(
      'GraphFeatures: no node named "nope"',
    );
  });
});
