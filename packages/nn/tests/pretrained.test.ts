import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloneNetwork, embed, fromLayersModel, loadPretrained, registerWasmTrainingKernels, train } from '@tlkit/nn';
import { directoryHandler } from '@tlkit/nn/node';
import { bars, residualCnn } from './fixtures.js';
import { useWasm } from './setup.js';

beforeAll(useWasm);

let dir: string;
beforeAll(async () => {
  // Built, trained and saved by tfjs itself: compile, fit and model.save through an IOHandler.
  registerWasmTrainingKernels();
  dir = mkdtempSync(join(tmpdir(), 'tlkit-pretrained-'));
  const model = residualCnn(1);
  const data = bars(60, 1);
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
  const labels = tf.tensor1d(data.y, 'float32');
  await model.fit(data.X, labels, { epochs: 25, batchSize: 20 });
  await model.save(directoryHandler(join(dir, 'resnet')));
  tf.dispose([data.X, labels]);
  model.dispose();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('a functional model saved by tfjs (residual branch, batch norm)', () => {
  it('loads as a Network: the layers listed, the output read from the softmax head, predictions as tfjs makes them', async () => {
    const net = await loadPretrained(directoryHandler(join(dir, 'resnet')));
    const rows = net.describe();
    expect(rows.map((r) => r.name)).toEqual([
      'image',
      'stem',
      'block_conv',
      'block_bn',
      'block_relu',
      'block_add',
      'gap',
      'features',
      'predictions',
    ]);
    expect(rows.find((r) => r.name === 'block_add')).toMatchObject({
      type: 'Add',
      outputShape: [8, 8, 4],
      parameters: 0,
      inputs: ['stem', 'block_relu'],
    });
    expect(rows.find((r) => r.name === 'block_bn')).toMatchObject({ type: 'BatchNormalization', parameters: 16 });
    expect(rows.find((r) => r.name === 'stem')?.parameters).toBe(3 * 3 * 4 + 4);
    expect(net.output).toEqual({ kind: 'classification', classes: [0, 1, 2] });
    expect(net.inputShape).toEqual([8, 8, 1]);
    expect(net.featureLayer.name).toBe('features');
    const { X, y } = bars(30, 2);
    const ours = net.predict(X).data;
    const theirs = tf.tidy(() => (net.model.predict(X) as tf.Tensor).dataSync());
    expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-6);
    expect(net.score(X, y)).toBeGreaterThan(0.5);
    X.dispose();
    net.dispose();
  });

  it('embeds rows at a named layer as a sub-model of tfjs would, flattened', async () => {
    const net = await loadPretrained(directoryHandler(join(dir, 'resnet')));
    const { X } = bars(12, 3);
    const Z = embed(net, X, { layer: 'block_add' });
    expect([Z.rows, Z.cols]).toEqual([12, 8 * 8 * 4]);
    const sub = tf.model({ inputs: net.model.inputs, outputs: net.model.getLayer('block_add').output });
    const ref = tf.tidy(() => (sub.predict(X) as tf.Tensor).dataSync());
    expect(maxAbsDiff(Z.data, ref)).toBeLessThan(1e-6);
    expect(embed(net, X).cols).toBe(6);
    X.dispose();
    net.dispose();
  });

  it('runs frozen batch norm in inference mode while training, trainable batch norm on batch statistics', async () => {
    const net = await loadPretrained(directoryHandler(join(dir, 'resnet')));
    const { X } = bars(9, 4);
    const [inference, trainingMode] = tf.tidy(() => [net.forward(X)[0].dataSync(), net.forward(X, { training: true })[0].dataSync()]);
    expect(maxAbsDiff(inference, trainingMode)).toBeGreaterThan(1e-4);
    // A training-mode pass also moves the moving statistics (as in Keras), so compare with inference after it.
    net.layer('block_bn').trainable = false;
    const after = tf.tidy(() => net.forward(X)[0].dataSync());
    const frozen = tf.tidy(() => net.forward(X, { training: true })[0].dataSync());
    expect(maxAbsDiff(after, frozen)).toBeLessThan(1e-6);
    expect(Array.from(tf.tidy(() => net.forward(X)[0].dataSync()))).toEqual(Array.from(after));
    X.dispose();
    net.dispose();
  });

  it('is cut at a layer with a new head (flattened where needed); the copy shares nothing with the source', async () => {
    const source = await loadPretrained(directoryHandler(join(dir, 'resnet')));
    const before = source.model.getWeights().map((w) => Array.from(w.dataSync()));
    const start = tf.memory().numTensors;
    const atFeatures = await cloneNetwork(source, { output: { kind: 'classification', classes: ['a', 'b'] }, seed: 3 });
    expect(atFeatures.layerNames).toEqual(['stem', 'block_conv', 'block_bn', 'block_relu', 'block_add', 'gap', 'features', 'head']);
    expect(Array.from(atFeatures.layer('features').getWeights()[0].dataSync())).toEqual(
      Array.from(source.layer('features').getWeights()[0].dataSync()),
    );
    const atBlock = await cloneNetwork(source, { cutAt: 'block_add', output: { kind: 'regression', units: 1 }, seed: 3 });
    expect(atBlock.layerNames.slice(-3)).toEqual(['block_add', 'head_flatten', 'head']);
    expect(atBlock.describe().at(-1)?.parameters).toBe(8 * 8 * 4 + 1);
    const { X, y } = bars(24, 5);
    await train(atFeatures, { X, y: y.map((c) => (c === 0 ? 'a' : 'b')) }, { epochs: 2, batchSize: 8 });
    expect(source.model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    X.dispose();
    atFeatures.dispose();
    atBlock.dispose();
    expect(tf.memory().numTensors).toBe(start);
    source.dispose();
  });

  it('wraps a model in memory, checks the input shape and rejects a multi-output model', () => {
    const model = residualCnn(2);
    expect(() => fromLayersModel(model, { inputShape: [9, 8, 1] })).toThrow(
      "fromLayersModel: inputShape [9, 8, 1] does not fit the model's input [8, 8, 1]",
    );
    const net = fromLayersModel(model, { output: { kind: 'classification', classes: ['l', 'm', 'r'] }, preprocessing: { scale: 1 / 255 } });
    expect(net.info.preprocessing).toEqual({ scale: 1 / 255 });
    const input = tf.input({ shape: [2] });
    const two = tf.model({
      inputs: input,
      outputs: [tf.layers.dense({ units: 1 }).apply(input), tf.layers.dense({ units: 1 }).apply(input)] as tf.SymbolicTensor[],
    });
    expect(() => fromLayersModel(two)).toThrow('fromLayersModel: tlkit uses models with one input and one output; this one has 1 and 2');
    two.dispose();
    net.dispose();
  });
});
