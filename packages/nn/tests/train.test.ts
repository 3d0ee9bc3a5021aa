import * as tf from '@tensorflow/tfjs';
import { Random } from '@tlkit/tensor-core';
import { mlp, train, type ProgressEvent } from '@tlkit/nn';
import { useWasm, weightsOf, xorData } from './setup.js';

beforeAll(useWasm);

describe('train', () => {
  it('learns XOR-like classes to ≥ 95% accuracy on held-out points', async () => {
    const net = mlp({ inputDim: 2, hidden: [32, 16], output: { kind: 'classification', classes: ['different', 'same'] }, seed: 1 });
    const data = xorData(1000, 1);
    const history = await train(net, data, { epochs: 40, batchSize: 32, learningRate: 0.01 });
    const test = xorData(500, 2);
    expect(net.score(test.X, test.y)).toBeGreaterThanOrEqual(0.95);
    expect(history.loss[history.loss.length - 1]).toBeLessThan(history.loss[0]);
    expect(history.metricName).toBe('accuracy');
    net.dispose();
  });

  it('fits a smooth regression y = sin(3x) to RMSE below 0.1', async () => {
    const rng = new Random(3);
    const x = Array.from({ length: 600 }, () => rng.uniform(-1, 1));
    const net = mlp({ inputDim: 1, hidden: [32, 32], activation: 'tanh', output: { kind: 'regression' }, seed: 2 });
    await train(net, { X: x.map((v) => [v]), y: x.map((v) => Math.sin(3 * v)) }, { epochs: 80, batchSize: 32, learningRate: 0.01 });
    const grid = Array.from({ length: 101 }, (_, i) => -1 + i / 50);
    const pred = net.predict(grid.map((v) => [v])).data;
    const rmse = Math.sqrt(grid.reduce((s, v, i) => s + (pred[i] - Math.sin(3 * v)) ** 2, 0) / grid.length);
    expect(rmse).toBeLessThan(0.1);
    net.dispose();
  });

  it('is deterministic: the same seed gives bit-identical weights, dropout and shuffling included', async () => {
    const run = async (seed: number) => {
      const net = mlp({
        inputDim: 2,
        hidden: [16],
        dropout: 0.3,
        output: { kind: 'classification', classes: ['different', 'same'] },
        seed: 5,
      });
      await train(net, xorData(200, 4), { epochs: 3, batchSize: 16, seed });
      const w = weightsOf(net.model);
      net.dispose();
      return w;
    };
    const [a, b, c] = [await run(9), await run(9), await run(10)];
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(c[0]);
  });

  it('stops early and restores the weights of the best validation epoch', async () => {
    // Few noisy rows and a big network overfit quickly: the validation loss turns up.
    const rng = new Random(6);
    const X = Array.from({ length: 40 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const y = X.map((r) => r[0] + 2 * rng.normal());
    const val = Array.from({ length: 200 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const valY = val.map((r) => r[0] + 2 * rng.normal());
    const net = mlp({ inputDim: 3, hidden: [128, 128], output: { kind: 'regression' }, seed: 1 });
    const history = await train(
      net,
      { X, y },
      {
        epochs: 300,
        batchSize: 8,
        learningRate: 0.01,
        validation: { X: val, y: valY },
        earlyStopping: { patience: 5 },
      },
    );
    expect(history.stoppedEarly).toBe(true);
    expect(history.epochsRun).toBeLessThan(300);
    const best = history.valLoss.reduce((a, b) => Math.min(a, b));
    expect(history.valLoss[history.bestEpoch - 1]).toBe(best);
    const pred = net.predict(val).data;
    const mse = valY.reduce((s, v, i) => s + (v - pred[i]) ** 2, 0) / valY.length;
    expect(mse).toBeCloseTo(best, 4);
    net.dispose();
  });

  it('reports progress per epoch and per batch, and holds out a validation fraction', async () => {
    const net = mlp({ inputDim: 2, hidden: [4], output: { kind: 'classification', classes: ['different', 'same'] } });
    const events: ProgressEvent[] = [];
    await train(net, xorData(100, 1), {
      epochs: 2,
      batchSize: 25,
      validation: 0.2,
      progressEvery: 'batch',
      onProgress: (e) => events.push(e),
    });
    const epochEvents = events.filter((e) => e.batch === undefined);
    expect(epochEvents.map((e) => e.epoch)).toEqual([1, 2]);
    expect(events.filter((e) => e.batch !== undefined).length).toBe(2 * 4);
    expect(epochEvents[0].valLoss).toBeGreaterThan(0);
    net.dispose();
  });

  it('leaves frozen layers bit-identical and trains layers at their own learning rates', async () => {
    const net = mlp({ inputDim: 2, hidden: [8, 8], output: { kind: 'classification', classes: ['different', 'same'] } });
    net.layer('hidden_1').trainable = false;
    const before = net
      .layer('hidden_1')
      .getWeights()
      .map((w) => w.dataSync().slice());
    const head = net.layer('head').getWeights()[0].dataSync().slice();
    const second = Float32Array.from(net.layer('hidden_2').getWeights()[0].dataSync());
    await train(net, xorData(100, 2), { epochs: 2, learningRates: { hidden_2: 0 + 1e-12 } });
    expect(
      net
        .layer('hidden_1')
        .getWeights()
        .map((w) => w.dataSync()),
    ).toEqual(before);
    expect(net.layer('head').getWeights()[0].dataSync()).not.toEqual(head);
    const after = Float32Array.from(net.layer('hidden_2').getWeights()[0].dataSync());
    const moved = after.reduce((m, v, i) => Math.max(m, Math.abs(v - second[i])), 0);
    expect(moved).toBeLessThan(1e-6);
    net.dispose();
  });

  it('can be cancelled, and rejects bad data and options with clear messages', async () => {
    const net = mlp({ inputDim: 2, output: { kind: 'classification', classes: ['different', 'same'] } });
    const controller = new AbortController();
    controller.abort();
    await expect(train(net, xorData(50, 1), { signal: controller.signal })).rejects.toThrow('train: cancelled');
    await expect(train(net, { X: [[1, 2, 3]], y: ['same'] })).rejects.toThrow('train: X has 3 columns, the network takes 2 (2)');
    await expect(train(net, { X: [[1, 2]], y: ['maybe'] })).rejects.toThrow(
      'train: label "maybe" at row 0 is not one of the network\'s classes ["different","same"]',
    );
    await expect(train(net, { X: [[1, 2]], y: ['same', 'same'] })).rejects.toThrow('train: y has 2 rows, X has 1');
    await expect(train(net, xorData(10, 1), { epochs: 0 })).rejects.toThrow('train: epochs must be an integer ≥ 1, got 0');
    await expect(train(net, xorData(10, 1), { optimizer: 'lbfgs' as 'adam' })).rejects.toThrow(
      'train: optimizer must be one of adam, sgd, momentum, rmsprop',
    );
    await expect(train(net, xorData(10, 1), { learningRates: { nope: 1 } })).rejects.toThrow('train: learningRates names no layer "nope"');
    net.dispose();
    expect(tf.memory().numTensors).toBe(0);
  });
});
