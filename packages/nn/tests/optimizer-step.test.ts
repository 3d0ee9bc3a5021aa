import * as tf from '@tensorflow/tfjs';
import { Random } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { mlp, train } from '@tlkit/nn';
import { makeOptimizer, type OptimizerName } from '../src/training/optimizers.js';
import { heapKernelsActive } from '../src/kernels/heap-kernels.js';

const RULES: readonly OptimizerName[] = ['sgd', 'momentum', 'rmsprop', 'adam'];
type Kind = 'tfjs' | 'valueLoops' | undefined;

/**
 * The values of a variable of `shape` after 25 steps of rule `name` with seeded gradients of very different
 * scales (and some exact zeros), the learning rate changed twice on the way.
 */
function stepped(name: OptimizerName, shape: number[], kind: Kind): Float32Array {
  const rng = new Random(7);
  const size = shape.reduce((a, b) => a * b, 1);
  const initial = tf.tensor(
    Float32Array.from({ length: size }, () => rng.normal()),
    shape,
  );
  const variable = tf.variable(initial);
  initial.dispose();
  const optimizer = makeOptimizer(name, 0.01, kind);
  try {
    for (let step = 0; step < 25; step++) {
      const scale = [1, 1e-4, 30, 0][step % 4];
      const gradient = tf.tensor(
        Float32Array.from({ length: size }, () => rng.normal() * scale),
        shape,
      );
      if (step === 8) optimizer.setLearningRate(0.3);
      if (step === 16) optimizer.setLearningRate(1e-5);
      optimizer.applyGradients({ [variable.name]: gradient });
      gradient.dispose();
    }
    return variable.dataSync() as Float32Array;
  } finally {
    optimizer.dispose();
    variable.dispose();
  }
}

function values(n: number, seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

function differing(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let count = 0;
  // Object.is: NaN equals NaN, and −0 is told from +0.
  a.forEach((v, i) => (count += Object.is(v, b[i]) ? 0 : 1));
  return count;
}

describe('the one-pass optimizer step on wasm', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('runs as wasm SIMD kernels on tfjs’ own heap here', () => {
    expect(heapKernelsActive()).toBe(true);
  });

  it.each(RULES.flatMap((rule) => [[10, 100], [7, 3], [3], []].map((shape) => [rule, shape] as const)))(
    '%s on a %j variable gives bit-identical values to tfjs’ own optimizer, by the kernels and by the value loops',
    (rule, shape) => {
      const reference = stepped(rule, [...shape], 'tfjs');
      expect(differing(stepped(rule, [...shape], undefined), reference)).toBe(0);
      expect(differing(stepped(rule, [...shape], 'valueLoops'), reference)).toBe(0);
      // The steps did move the values (so the comparison is not between two untouched copies).
      const start = new Random(7);
      expect(reference.some((v) => v !== Math.fround(start.normal()))).toBe(true);
    },
  );

  it('leaves no tensor behind, for every rule, and disposes its state', () => {
    const before = tf.memory().numTensors;
    for (const rule of RULES) {
      for (const kind of [undefined, 'tfjs', 'valueLoops'] as const) stepped(rule, [5, 2], kind);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains a network to the same weights for the same seed, and to different ones for another', async () => {
    const rng = new Random(3);
    const X = Array.from({ length: 64 }, () => Array.from({ length: 6 }, () => rng.normal()));
    const y = X.map((r) => (r[0] + r[1] > 0 ? 1 : 0));
    const weights = async (seed: number, optimizer: OptimizerName) => {
      const net = mlp({ inputDim: 6, hidden: [5], output: { kind: 'classification', classes: 2 }, seed: 1 });
      try {
        await train(net, { X, y }, { epochs: 3, batchSize: 16, optimizer, seed });
        return net.model.getWeights().map((w) => Array.from(w.dataSync()));
      } finally {
        net.dispose();
      }
    };
    for (const rule of RULES) {
      expect(await weights(5, rule)).toEqual(await weights(5, rule));
      expect(await weights(5, rule)).not.toEqual(await weights(6, rule));
    }
  });

  it('keeps each variable’s state when some steps give it no gradient, as tfjs does with a null gradient', () => {
    const run = (kind: Kind) => {
      const init = tf.tensor(values(12, 3), [3, 4]);
      const [a, b] = [tf.variable(init), tf.variable(init)];
      init.dispose();
      const optimizer = makeOptimizer('adam', 0.05, kind);
      try {
        for (let step = 0; step < 6; step++) {
          const g = tf.tensor(values(12, 10 + step), [3, 4]);
          // a every step, b only on even ones (given first then, so a's position in the map moves).
          optimizer.applyGradients(step % 2 === 0 ? { [b.name]: g, [a.name]: g } : { [a.name]: g });
          g.dispose();
        }
        return [a.dataSync(), b.dataSync()] as Float32Array[];
      } finally {
        optimizer.dispose();
        a.dispose();
        b.dispose();
      }
    };
    const [wa, wb] = run(undefined);
    const [ta, tb] = run('tfjs');
    expect(differing(wa, ta)).toBe(0);
    expect(differing(wb, tb)).toBe(0);
  });

  it.each([undefined, 'tfjs'] as const)(
    'refuses a gradient of another shape and a name that is no variable before changing anything (%s)',
    (kind) => {
      const v = tf.tidy(() => tf.variable(tf.zeros([8])));
      const w = tf.tidy(() => tf.variable(tf.zeros([3])));
      const [g, good] = [tf.ones([2]), tf.ones([8])];
      const optimizer = makeOptimizer('adam', 0.1, kind);
      try {
        // v's gradient is fine and comes first; w's is refused, and v must not have moved.
        expect(() => optimizer.applyGradients({ [v.name]: good, [w.name]: g })).toThrow(
          /gradient of ".*" has shape \[2\], the variable \[3\]/,
        );
        expect(Array.from(v.dataSync())).toEqual(new Array(8).fill(0));
        expect(() => optimizer.applyGradients({ 'no such variable': g })).toThrow(/"no such variable", which is no variable/);
      } finally {
        optimizer.dispose();
        tf.dispose([v, w, g, good]);
      }
    },
  );

  it('refuses a non-float32 variable with its name', () => {
    const v = tf.tidy(() => tf.variable(tf.tensor([1, 2], [2], 'int32')));
    const g = tf.tensor([1, 1], [2], 'int32');
    const optimizer = makeOptimizer('adam', 0.1);
    try {
      expect(() => optimizer.applyGradients({ [v.name]: g })).toThrow(new RegExp(`variable "${v.name}".*float32`));
    } finally {
      optimizer.dispose();
      v.dispose();
      g.dispose();
    }
  });
});

describe('off the wasm backend', () => {
  it('uses tfjs’ own optimizer, whose values the wasm step matches', async () => {
    await selectBackend('cpu');
    const cpu = stepped('adam', [7, 3], undefined);
    await selectBackend('wasm');
    // tfjs' cpu kernels are float32 too, so even across backends the bits agree.
    expect(differing(stepped('adam', [7, 3], undefined), cpu)).toBe(0);
  });
});
