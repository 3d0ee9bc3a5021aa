import * as tf from '@tensorflow/tfjs';
import { cloneNetwork, mlp, ReferencePenalty, train } from '@tlkit/nn';
import { useWasm, weightsOf, xorData } from './setup.js';

beforeAll(useWasm);

describe('cloneNetwork', () => {
  it('copies structure and weights without sharing, and keeps the source untouched by training the copy', async () => {
    const source = mlp({
      inputDim: 2,
      hidden: [8, 4],
      batchNorm: true,
      output: { kind: 'classification', classes: ['different', 'same'] },
      seed: 2,
    });
    const copy = await cloneNetwork(source);
    expect(copy.layerNames).toEqual(source.layerNames);
    expect(weightsOf(copy.model)).toEqual(weightsOf(source.model));
    const before = weightsOf(source.model);
    await train(copy, xorData(64, 1), { epochs: 2 });
    expect(weightsOf(source.model)).toEqual(before);
    expect(weightsOf(copy.model)).not.toEqual(before);
    copy.dispose();
    source.dispose();
  });

  it('replaces the head for a new task: another number of classes, or regression', async () => {
    const source = mlp({ inputDim: 3, hidden: [5], output: { kind: 'classification', classes: 2 } });
    const five = await cloneNetwork(source, { output: { kind: 'classification', classes: ['a', 'b', 'c', 'd', 'e'] }, seed: 4 });
    expect(five.model.outputs[0].shape).toEqual([null, 5]);
    expect(five.layer('hidden_1').getWeights()[0].dataSync()).toEqual(source.layer('hidden_1').getWeights()[0].dataSync());
    expect(five.predict([[1, 2, 3]]).data.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const reg = await cloneNetwork(source, { output: { kind: 'regression', units: 2 } });
    expect(reg.output).toEqual({ kind: 'regression', units: 2 });
    expect(reg.predict([[1, 2, 3]]).cols).toBe(2);
    [source, five, reg].forEach((n) => n.dispose());
  });
});

describe('ReferencePenalty (L2-SP)', () => {
  it('equals α/2·||w − w_S||² over transferred layers plus β/2·||w||² over new ones', async () => {
    const source = mlp({ inputDim: 2, hidden: [3], output: { kind: 'classification', classes: 2 }, seed: 1 });
    const target = await cloneNetwork(source, { output: { kind: 'classification', classes: 3 }, seed: 9 });
    await train(
      target,
      {
        X: [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        y: [0, 1, 2],
      },
      { epochs: 3, learningRate: 0.05 },
    );
    const penalty = new ReferencePenalty(target, { reference: source, alpha: 0.7, beta: 0.3 });
    expect(penalty.transferred).toEqual(['hidden_1']);
    expect(penalty.fresh).toEqual(['head']);
    const sq = (a: tf.Tensor, b?: tf.Tensor) => tf.tidy(() => tf.sum(tf.square(b ? tf.sub(a, b) : a)).dataSync()[0]);
    const tw = target.model.getWeights();
    const sw = source.model.getWeights();
    const expected = (0.7 / 2) * (sq(tw[0], sw[0]) + sq(tw[1], sw[1])) + (0.3 / 2) * (sq(tw[2]) + sq(tw[3]));
    const value = penalty.value();
    expect(value.dataSync()[0]).toBeCloseTo(expected, 5);
    value.dispose();
    penalty.dispose();
    source.dispose();
    target.dispose();
  });

  it('has the gradient of its formula, checked against finite differences', async () => {
    const source = mlp({ inputDim: 2, hidden: [2], output: { kind: 'regression' }, seed: 1 });
    const target = await cloneNetwork(source);
    await train(
      target,
      {
        X: [
          [1, 0],
          [0, 1],
        ],
        y: [1, -1],
      },
      { epochs: 5, learningRate: 0.1 },
    );
    const penalty = new ReferencePenalty(target, { reference: source, alpha: 2, layers: ['hidden_1'], beta: 0.5 });
    const isVariable = (t: tf.Tensor): t is tf.Variable => t instanceof tf.Variable;
    const kernel = target.layer('hidden_1').trainableWeights[0].read();
    if (!isVariable(kernel)) throw new Error('expected a variable');
    const { grads, value } = tf.variableGrads(penalty.value, [kernel]);
    const analytic = grads[kernel.name].dataSync();
    const base = kernel.dataSync().slice();
    const h = 1e-2;
    for (let k = 0; k < base.length; k++) {
      const at = (delta: number) => {
        const moved = base.slice();
        moved[k] += delta;
        const next = tf.tensor(moved, kernel.shape);
        kernel.assign(next);
        next.dispose();
        const v = penalty.value();
        const out = v.dataSync()[0];
        v.dispose();
        return out;
      };
      const numeric = (at(h) - at(-h)) / (2 * h);
      expect(analytic[k]).toBeCloseTo(numeric, 2);
    }
    tf.dispose([value, grads[kernel.name]]);
    penalty.dispose();
    source.dispose();
    target.dispose();
  });

  it('α = 0 and β = 0 train exactly as plain fine-tuning; a huge α keeps transferred weights at the source', async () => {
    const start = tf.memory().numTensors;
    const source = mlp({ inputDim: 2, hidden: [8], output: { kind: 'classification', classes: ['different', 'same'] }, seed: 3 });
    const data = xorData(128, 5);
    const plain = await cloneNetwork(source);
    await train(plain, data, { epochs: 3, seed: 1 });
    const zero = await cloneNetwork(source);
    const p0 = new ReferencePenalty(zero, { reference: source, alpha: 0 });
    await train(zero, data, { epochs: 3, seed: 1, penalty: p0.value });
    expect(weightsOf(zero.model)).toEqual(weightsOf(plain.model));
    const stiff = await cloneNetwork(source);
    const p1 = new ReferencePenalty(stiff, { reference: source, alpha: 1e6 });
    await train(stiff, data, { epochs: 3, seed: 1, penalty: p1.value, optimizer: 'sgd', learningRate: 1e-7 });
    const start0 = Float32Array.from(source.layer('hidden_1').getWeights()[0].dataSync());
    const drift = Float32Array.from(stiff.layer('hidden_1').getWeights()[0].dataSync()).reduce(
      (m, v, i) => Math.max(m, Math.abs(v - start0[i])),
      0,
    );
    expect(drift).toBeLessThan(1e-3);
    [p0, p1].forEach((p) => p.dispose());
    [source, plain, zero, stiff].forEach((n) => n.dispose());
    expect(tf.memory().numTensors).toBe(start);
  });

  it('rejects bad strengths and layers', () => {
    const a = mlp({ inputDim: 2, output: { kind: 'regression' } });
    expect(() => new ReferencePenalty(a, { reference: a, alpha: -1 })).toThrow(
      'ReferencePenalty: alpha must be a finite number ≥ 0, got -1',
    );
    expect(() => new ReferencePenalty(a, { reference: a, alpha: 1, layers: ['nope'] })).toThrow('Network.layer: no layer named "nope"');
    a.dispose();
  });
});
