import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { mlp, train, type Network } from '@tlkit/nn';
import { loadNetworkFromDirectory, saveNetworkToDirectory } from '@tlkit/nn/node';
import { fineTune } from '@tlkit/transfer-deep';

beforeAll(() => selectBackend('wasm'));

function sectors(n: number, classes: number, turn: number, seed: number): { X: number[][]; y: number[] } {
  const rng = new Random(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.uniform(0, 2 * Math.PI);
    X.push([Math.cos(a), Math.sin(a), rng.normal() * 0.1]);
    y.push(Math.floor((((a + turn) % (2 * Math.PI)) / (2 * Math.PI)) * classes));
  }
  return { X, y };
}

const layerWeights = (n: Network, name: string) =>
  n
    .layer(name)
    .getWeights()
    .map((w) => Array.from(w.dataSync()));

async function source(batchNorm = false): Promise<Network> {
  const net = mlp({ inputDim: 3, hidden: [16, 16], batchNorm, output: { kind: 'classification', classes: 4 }, seed: 1 });
  await train(net, sectors(400, 4, 0, 1), { epochs: 5, learningRate: 0.01 });
  return net;
}

describe('fineTune', () => {
  it('keeps frozen layers bit-identical, changes the others, and never touches the source', async () => {
    const src = await source();
    const before = src.model.getWeights().map((w) => Array.from(w.dataSync()));
    const { network } = await fineTune(src, sectors(60, 4, 0.4, 2), { freeze: 1, epochs: 5, learningRate: 0.01 });
    expect(layerWeights(network, 'hidden_1')).toEqual(layerWeights(src, 'hidden_1'));
    expect(layerWeights(network, 'hidden_2')).not.toEqual(layerWeights(src, 'hidden_2'));
    expect(layerWeights(network, 'head')).not.toEqual(layerWeights(src, 'head'));
    expect(src.model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    network.dispose();
    src.dispose();
  });

  it('replaces the head for another number of classes and records the transfer in a bundle that saves and loads', async () => {
    const src = await source();
    const target = sectors(60, 6, 0.4, 3);
    const { network, stages } = await fineTune(src, target, {
      output: { kind: 'classification', classes: 6 },
      headEpochs: 3,
      epochs: 3,
      l2sp: { alpha: 0.1, beta: 0.01 },
    });
    expect(network.model.outputs[0].shape).toEqual([null, 6]);
    expect(stages.map((s) => s.name)).toEqual(['head', 'fine-tune']);
    expect(stages[0].trainableLayers).toEqual(['head']);
    const dir = mkdtempSync(join(tmpdir(), 'tlkit-deep-'));
    try {
      await saveNetworkToDirectory(network, join(dir, 'm'));
      const back = await loadNetworkFromDirectory(join(dir, 'm'));
      const transfer = back.info.extra?.transfer as { method: string; headReplaced: boolean; l2sp: { alpha: number } };
      expect(transfer.method).toBe('fine-tune');
      expect(transfer.headReplaced).toBe(true);
      expect(transfer.l2sp.alpha).toBe(0.1);
      expect(back.predict(target.X).data).toEqual(network.predict(target.X).data);
      back.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    network.dispose();
    src.dispose();
  });

  it('gradual unfreezing opens layers one by one from the top, after the head', async () => {
    const src = await source();
    const { unfreezeOrder, stages, network } = await fineTune(src, sectors(60, 4, 0.3, 4), {
      headEpochs: 1,
      unfreeze: 'gradual',
      epochsPerStage: 1,
    });
    expect(unfreezeOrder).toEqual(['hidden_2', 'hidden_1']);
    expect(stages.map((s) => s.trainableLayers)).toEqual([['head'], ['hidden_2', 'head'], ['hidden_1', 'hidden_2', 'head']]);
    network.dispose();
    src.dispose();
  });

  it('keeps a frozen batch-norm layer in inference mode: its moving statistics do not move', async () => {
    const src = await source(true);
    const { network } = await fineTune(src, sectors(60, 4, 0.5, 5), { freeze: { upTo: 'hidden_1_bn' }, epochs: 3 });
    expect(layerWeights(network, 'hidden_1_bn')).toEqual(layerWeights(src, 'hidden_1_bn'));
    expect(layerWeights(network, 'hidden_2_bn')).not.toEqual(layerWeights(src, 'hidden_2_bn'));
    network.dispose();
    src.dispose();
  });

  it('holds out a validation split for early stopping and reports progress per stage', async () => {
    const src = await source();
    const stagesSeen = new Set<string>();
    const { network, stages } = await fineTune(src, sectors(80, 4, 0.3, 6), {
      validation: 0.25,
      epochs: 30,
      earlyStopping: { patience: 2 },
      onProgress: (e) => stagesSeen.add(e.stage),
    });
    expect(stages[0].history.valLoss.length).toBe(stages[0].history.epochsRun);
    expect([...stagesSeen]).toEqual(['fine-tune']);
    network.dispose();
    src.dispose();
  });

  it('rejects a bad freeze, a bad unfreeze mode and input of the wrong width; no tensors leak over repeated runs', async () => {
    const src = await source();
    const data = sectors(30, 4, 0.2, 7);
    await expect(fineTune(src, data, { freeze: 3 })).rejects.toThrow(
      'fineTune: freeze must be a layer count in [0, 2] (the head always trains), got 3',
    );
    await expect(fineTune(src, data, { freeze: { upTo: 'head' } })).rejects.toThrow('fineTune: freeze up to "head" would freeze the head');
    await expect(fineTune(src, data, { freeze: { upTo: 'conv_1' } })).rejects.toThrow('Network.layer: no layer named "conv_1"');
    await expect(fineTune(src, data, { unfreeze: 'sometimes' as 'all' })).rejects.toThrow(
      'fineTune: unfreeze must be one of all, gradual, got "sometimes"',
    );
    await expect(fineTune(src, { X: [[1, 2]], y: [0] })).rejects.toThrow('train: X has 2 columns, the network takes 3 (3)');
    const start = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const { network } = await fineTune(src, data, {
        output: { kind: 'classification', classes: 5 },
        headEpochs: 1,
        epochs: 1,
        unfreeze: 'gradual',
        l2sp: { alpha: 0.01 },
      });
      network.dispose();
    }
    expect(tf.memory().numTensors).toBe(start);
    src.dispose();
  });
});
