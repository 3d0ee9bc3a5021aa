import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '@tlkit/tensor-core';
import { embed, loadPretrained } from '@tlkit/nn';
import { directoryHandler } from '@tlkit/nn/node';
import { useWasm } from './setup.js';

beforeAll(useWasm);

// A model.json written the way tensorflowjs_converter writes a Keras (2.x) functional model: "format":
// "layers-model", the Keras config under modelTopology.model_config with snake_case keys and inbound_nodes, weights
// named layer/variable in one shard "group1-shard1of1.bin". The expected outputs are computed here by hand.
const layer = (class_name: string, name: string, config: object, inbound: string[] = []) => ({
  class_name,
  name,
  config: { name, trainable: true, dtype: 'float32', ...config },
  inbound_nodes: inbound.length === 0 ? [] : [inbound.map((n) => [n, 0, 0, {}])],
});
const dense = (units: number, activation: string) => ({
  units,
  activation,
  use_bias: true,
  kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
  bias_initializer: { class_name: 'Zeros', config: {} },
  kernel_regularizer: null,
  bias_regularizer: null,
  activity_regularizer: null,
  kernel_constraint: null,
  bias_constraint: null,
});
const modelJson = (specs: { name: string; shape: number[]; dtype: 'float32' }[]) => ({
  format: 'layers-model',
  generatedBy: 'keras v2.15.0',
  convertedBy: 'TensorFlow.js Converter v4.22.0',
  modelTopology: {
    keras_version: '2.15.0',
    backend: 'tensorflow',
    model_config: {
      class_name: 'Functional',
      config: {
        name: 'model',
        trainable: true,
        layers: [
          layer('InputLayer', 'input_1', { batch_input_shape: [null, 4], sparse: false, ragged: false }),
          layer('Dense', 'dense', dense(5, 'relu'), ['input_1']),
          layer('BatchNormalization', 'batch_normalization', { axis: [1], momentum: 0.99, epsilon: 0.001, center: true, scale: true }, [
            'dense',
          ]),
          layer('Dense', 'dense_1', dense(5, 'linear'), ['batch_normalization']),
          layer('Add', 'add', {}, ['batch_normalization', 'dense_1']),
          layer('Dense', 'predictions', dense(3, 'softmax'), ['add']),
        ],
        input_layers: [['input_1', 0, 0]],
        output_layers: [['predictions', 0, 0]],
      },
    },
    training_config: { loss: 'sparse_categorical_crossentropy', optimizer_config: { class_name: 'Adam', config: {} } },
  },
  weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: specs }],
});

describe('a Keras model converted to a tfjs layers-model', () => {
  let dir: string;
  const rng = new Random(7);
  const values: Record<string, Float32Array> = {};
  const specs: { name: string; shape: number[]; dtype: 'float32' }[] = [];
  const add = (name: string, shape: number[], make: () => number) => {
    specs.push({ name, shape, dtype: 'float32' });
    values[name] = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, make);
  };
  beforeAll(() => {
    add('dense/kernel', [4, 5], () => rng.normal() * 0.5);
    add('dense/bias', [5], () => rng.normal() * 0.1);
    add('batch_normalization/gamma', [5], () => 1 + 0.2 * rng.normal());
    add('batch_normalization/beta', [5], () => 0.1 * rng.normal());
    add('batch_normalization/moving_mean', [5], () => 0.3 * rng.uniform(0, 1));
    add('batch_normalization/moving_variance', [5], () => 0.5 + rng.uniform(0, 1));
    add('dense_1/kernel', [5, 5], () => rng.normal() * 0.5);
    add('dense_1/bias', [5], () => rng.normal() * 0.1);
    add('predictions/kernel', [5, 3], () => rng.normal());
    add('predictions/bias', [3], () => rng.normal() * 0.1);
    dir = mkdtempSync(join(tmpdir(), 'tlkit-keras-'));
    mkdirSync(join(dir, 'converted'));
    writeFileSync(join(dir, 'converted', 'model.json'), JSON.stringify(modelJson(specs)));
    const bytes = Buffer.concat(specs.map((s) => Buffer.from(values[s.name].buffer)));
    writeFileSync(join(dir, 'converted', 'group1-shard1of1.bin'), bytes);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function byHand(x: number[]): { bn: number[]; out: number[] } {
    const affine = (v: number[], k: string, b: string, units: number) =>
      Array.from({ length: units }, (_, j) => v.reduce((s, vi, i) => s + vi * values[k][i * units + j], values[b][j]));
    const h = affine(x, 'dense/kernel', 'dense/bias', 5).map((v) => Math.max(0, v));
    const bn = h.map(
      (v, j) =>
        ((v - values['batch_normalization/moving_mean'][j]) / Math.sqrt(values['batch_normalization/moving_variance'][j] + 0.001)) *
          values['batch_normalization/gamma'][j] +
        values['batch_normalization/beta'][j],
    );
    const d1 = affine(bn, 'dense_1/kernel', 'dense_1/bias', 5);
    const sum = bn.map((v, j) => v + d1[j]);
    const logits = affine(sum, 'predictions/kernel', 'predictions/bias', 3);
    const m = logits.reduce((a, b) => Math.max(a, b), -Infinity);
    const e = logits.map((l) => Math.exp(l - m));
    const z = e.reduce((a, b) => a + b, 0);
    return { bn, out: e.map((v) => v / z) };
  }

  it('loads from its folder and predicts what the Keras graph computes', async () => {
    const start = tf.memory().numTensors;
    const net = await loadPretrained(directoryHandler(join(dir, 'converted')));
    expect(net.output).toEqual({ kind: 'classification', classes: [0, 1, 2] });
    expect(net.describe().map((r) => `${r.name}:${r.type}`)).toEqual([
      'input_1:InputLayer',
      'dense:Dense',
      'batch_normalization:BatchNormalization',
      'dense_1:Dense',
      'add:Add',
      'predictions:Dense',
    ]);
    const X = Array.from({ length: 6 }, () => Array.from({ length: 4 }, () => rng.normal()));
    const P = net.predict(X);
    const Z = embed(net, X, { layer: 'batch_normalization' });
    X.forEach((x, i) => {
      const expected = byHand(x);
      expected.out.forEach((p, j) => expect(P.data[i * 3 + j]).toBeCloseTo(p, 5));
      expected.bn.forEach((v, j) => expect(Z.data[i * 5 + j]).toBeCloseTo(v, 5));
    });
    expect(net.featureLayer.name).toBe('add');
    net.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('names the folder and the missing shard when the weights are not there', async () => {
    rmSync(join(dir, 'converted', 'group1-shard1of1.bin'));
    await expect(loadPretrained(directoryHandler(join(dir, 'converted')))).rejects.toThrow('group1-shard1of1.bin');
  });
});
