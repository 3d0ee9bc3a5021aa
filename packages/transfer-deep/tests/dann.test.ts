import * as tf from '@tensorflow/tfjs';
import { loadMnistDigits, shiftDigits } from '@tlkit/datasets';
import { accuracy, Random, takeRows } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { mlp, train } from '@tlkit/nn';
import { dann, type DannProgress } from '@tlkit/transfer-deep';

beforeAll(() => selectBackend('wasm'));

describe('dann', () => {
  it('trains a copy with a domain classifier through gradient reversal, without touching the source or leaking', async () => {
    const rng = new Random(2);
    const X = Array.from({ length: 200 }, () => [rng.normal(), rng.normal()]);
    const y = X.map(([a, b]) => (a + b > 0 ? 1 : 0));
    const shifted = X.map(([a, b]) => [a + 2, b - 1]);
    const net = mlp({ inputDim: 2, hidden: [8, 8], output: { kind: 'classification', classes: 2 }, seed: 1 });
    const before = net.model.getWeights().map((w) => Array.from(w.dataSync()));
    const start = tf.memory().numTensors;
    const events: DannProgress[] = [];
    const { network, history } = await dann(net, { X, y }, shifted, { epochs: 4, batchSize: 32, onProgress: (e) => events.push(e) });
    expect(history).toHaveLength(4);
    expect(events.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(history[3].lambda).toBeGreaterThan(history[0].lambda);
    expect((network.info.extra?.transfer as { method: string; featureLayer: string }).featureLayer).toBe('hidden_2');
    expect(net.model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    network.dispose();
    expect(tf.memory().numTensors).toBe(start);
    net.dispose();
  });

  it('rejects a feature layer at the head, no target rows and bad sizes', async () => {
    const net = mlp({ inputDim: 2, hidden: [4], output: { kind: 'classification', classes: 2 } });
    const data = {
      X: [
        [0, 1],
        [1, 0],
      ],
      y: [0, 1],
    };
    await expect(dann(net, data, [[1, 1]], { featureLayer: 'head' })).rejects.toThrow('dann: the feature layer must come before the head');
    await expect(dann(net, data, [], {})).rejects.toThrow('dann (target): X is empty (0 rows)');
    await expect(dann(net, data, [[1, 2, 3]], {})).rejects.toThrow('dann (target): X has 3 columns, the network takes 2 (2)');
    await expect(dann(net, data, [[1, 1]], { epochs: 0 })).rejects.toThrow('dann: epochs must be an integer ≥ 1, got 0');
    await expect(dann(net, data, [[1, 1]], { lambdaMax: -1 })).rejects.toThrow('dann: lambdaMax must be a finite number ≥ 0, got -1');
    net.dispose();
  });

  // Shifted domain (issue: transfer-deep): source = 3,000 labelled digits, target = 3,000 other digits inverted
  // (1 − pixel), unlabelled, tested on those target rows (the transductive protocol). MLP 784-256-128-10.
  // Measured here: source-only 1.1–2.0% on inverted digits (the reference: about 4%). DANN (features at
  // hidden_2, λ_max 0.1, Adam 1e-3, 10 epochs) 10.8% — above source-only, but only at chance level: the domain
  // classifier wins after a few epochs, and with stronger adversaries (λ_max 1, SGD with momentum and Ganin's
  // annealing) the features collapse instead (10.3% with a CNN, domain accuracy 0.50). Rotated digits (30°): source-only
  // 58.5%, DANN 55.7%. DANN is implemented and checked piece by piece; on these synthetic shifts it does not deliver
  // a useful target model, and we report that rather than tune the test until it does.
  it('beats source-only on inverted digits, if only up to chance level (see the measured figures above)', async () => {
    const digits = loadMnistDigits({ seed: 5 });
    const rows = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
    const src = rows(0, 3000);
    const tgt = rows(5000, 8000);
    const Xs = takeRows(digits.images, src);
    const ys = src.map((i) => digits.labels[i]);
    const Xt = shiftDigits(takeRows(digits.images, tgt), { invert: true });
    const yt = tgt.map((i) => digits.labels[i]);
    const make = () => mlp({ inputDim: 784, hidden: [256, 128], output: { kind: 'classification', classes: 10 }, seed: 1 });
    const plain = make();
    await train(plain, { X: Xs, y: ys }, { epochs: 10, batchSize: 64 });
    const sourceOnly = accuracy(yt, plain.predictLabels(Xt));
    plain.dispose();
    const base = make();
    const { network } = await dann(base, { X: Xs, y: ys }, Xt, { epochs: 10, batchSize: 64, lambdaMax: 0.1, domainHidden: [128] });
    const adapted = accuracy(yt, network.predictLabels(Xt));
    network.dispose();
    base.dispose();
    expect(sourceOnly).toBeLessThan(0.05);
    expect(adapted).toBeGreaterThan(sourceOnly);
  }, 300000);
});
