import * as tf from '@tensorflow/tfjs';
import { Random } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { fromLayersModel, networkFromJSON, networkToJSON, type Network } from '@tlkit/nn';
import { adaptDomains, fineTune } from '@tlkit/transfer-deep';

beforeAll(() => selectBackend('wasm'));

/** A functional source built with tfjs' API: two branches added (a skip connection) with batch norm on one. */
function functionalSource(seed: number, classes?: string[]): Network {
  const rng = new Random(seed);
  const init = () => tf.initializers.glorotUniform({ seed: rng.nextSeed() });
  const input = tf.input({ shape: [6] });
  const stem = tf.layers
    .dense({ units: 8, activation: 'relu', name: 'block1_dense', kernelInitializer: init() })
    .apply(input) as tf.SymbolicTensor;
  const branch = tf.layers.dense({ units: 8, name: 'block2_dense', kernelInitializer: init() }).apply(stem) as tf.SymbolicTensor;
  const bn = tf.layers.batchNormalization({ name: 'block2_bn' }).apply(branch) as tf.SymbolicTensor;
  const added = tf.layers.add({ name: 'block2_add' }).apply([stem, bn]) as tf.SymbolicTensor;
  const features = tf.layers.dense({ units: 4, activation: 'relu', name: 'features', kernelInitializer: init() }).apply(added);
  const out = tf.layers.dense({ units: 3, activation: 'softmax', name: 'predictions', kernelInitializer: init() }).apply(features);
  return fromLayersModel(tf.model({ inputs: input, outputs: out as tf.SymbolicTensor }), {
    seed,
    ...(classes ? { output: { kind: 'classification', classes } } : {}),
  });
}

function rows(n: number, seed: number, shift = 0): { X: number[][]; y: string[] } {
  const rng = new Random(seed);
  const X = Array.from({ length: n }, () => Array.from({ length: 6 }, () => rng.normal() + shift));
  return { X, y: X.map((r) => (r[0] + r[1] > 2 * shift ? 'up' : 'down')) };
}

describe('deep transfer from a functional tfjs model', () => {
  it('fine-tunes with a new head, layers frozen by prefix staying bit-identical, gradual unfreezing and L2-SP', async () => {
    const source = functionalSource(1);
    const before = source
      .layer('block1_dense')
      .getWeights()
      .map((w) => Array.from(w.dataSync()));
    const start = tf.memory().numTensors;
    const { network, stages, unfreezeOrder } = await fineTune(source, rows(40, 2), {
      output: { kind: 'classification', classes: ['down', 'up'] },
      freeze: { prefixes: ['block1_'] },
      headEpochs: 2,
      unfreeze: 'gradual',
      epochsPerStage: 2,
      l2sp: { alpha: 0.1, beta: 0.01 },
      batchSize: 8,
    });
    expect(unfreezeOrder).toEqual(['features', 'block2_bn', 'block2_dense']);
    expect(stages.map((s) => s.name)).toEqual(['head', 'unfreeze features', 'unfreeze block2_bn', 'unfreeze block2_dense']);
    expect(
      network
        .layer('block1_dense')
        .getWeights()
        .map((w) => Array.from(w.dataSync())),
    ).toEqual(before);
    expect((network.info.extra?.transfer as { frozenLayers: string[] }).frozenLayers).toEqual(['block1_dense']);
    // A functional network travels through tlkit's JSON bundle and comes back predicting the same.
    const again = await networkFromJSON(networkToJSON(network));
    const probe = rows(5, 3).X;
    expect(Array.from(again.predict(probe).data)).toEqual(Array.from(network.predict(probe).data));
    again.dispose();
    network.dispose();
    expect(tf.memory().numTensors).toBe(start);
    source.dispose();
  });

  it('aligns the features of a functional network across domains (Deep CORAL) through the same loop', async () => {
    const source = functionalSource(4, ['down', 'up', 'flat']);
    const labelled = rows(60, 5);
    const start = tf.memory().numTensors;
    const { network, history } = await adaptDomains(source, labelled, rows(60, 6, 1.5).X, {
      alignment: 'coral',
      featureLayer: 'block2_add',
      epochs: 3,
      batchSize: 16,
    });
    expect(history).toHaveLength(3);
    expect(history[2].domainLoss).toBeGreaterThanOrEqual(0);
    expect((network.info.extra?.transfer as { method: string; featureLayer: string }).featureLayer).toBe('block2_add');
    network.dispose();
    expect(tf.memory().numTensors).toBe(start);
    source.dispose();
  });
});
