import * as tf from '@tensorflow/tfjs';
import { Random } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { mlp, registerWasmTrainingKernels } from '@tlkit/nn';
import { HEAP_KERNELS_SHARED_WASM_BASE64, HEAP_KERNELS_WASM_BASE64 } from '../src/kernels/heap-kernels-wasm-bytes.js';
import { heapKernelsActive } from '../src/kernels/heap-kernels.js';
import { lossFor } from '../src/training/losses.js';
import type { ResolvedOutput } from '../src/output-spec.js';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { assemble } = require('../wasm/build-wasm.cjs') as { assemble: () => Promise<{ single: string; shared: string }> };

function values(n: number, seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

const CLASSES3: ResolvedOutput = { kind: 'classification', classes: [0, 1, 2] };
const CLASSES2: ResolvedOutput = { kind: 'classification', classes: [0, 1] };

/** Every entry of the float32 product within float32 rounding of the float64 one: |c − ĉ| ≤ 2k·u·Σ|a||b|. */
function expectProduct(c: Float32Array, a: Float32Array, b: Float32Array, m: number, k: number, n: number, ta: boolean, tb: boolean): void {
  expect(c.length).toBe(m * n);
  const u = 2 ** -24;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let magnitude = 0;
      for (let l = 0; l < k; l++) {
        const p = a[ta ? l * m + i : i * k + l] * b[tb ? j * k + l : l * n + j];
        sum += p;
        magnitude += Math.abs(p);
      }
      const error = Math.abs(c[i * n + j] - sum);
      if (!(error <= 2 * k * u * magnitude)) throw new Error(`C[${i}][${j}] = ${c[i * n + j]}, float64 ${sum} (k = ${k})`);
    }
  }
}

/** What `compute` gives on the wasm backend, then on the cpu backend (tfjs' own kernels); wasm is selected after. */
async function onWasmAndCpu<T>(compute: () => T): Promise<[T, T]> {
  const wasm = compute();
  await selectBackend('cpu');
  try {
    return [wasm, compute()];
  } finally {
    await selectBackend('wasm');
  }
}

/**
 * Every value of `got` within `tolerance`·max(1, |v|) of the cpu backend's v; with `exactNonFinite`, a NaN or an
 * infinity there must come out the same.
 */
function expectCloseToCpu(
  got: readonly ArrayLike<number>[],
  cpu: readonly ArrayLike<number>[],
  tolerance: number,
  exactNonFinite = false,
): void {
  expect(got.length).toBe(cpu.length);
  cpu.forEach((expected, k) => {
    expect(got[k].length).toBe(expected.length);
    Array.from(expected).forEach((v, i) => {
      if (exactNonFinite && !Number.isFinite(v)) expect(got[k][i]).toBe(v);
      else expect(Math.abs(got[k][i] - v)).toBeLessThan(tolerance * Math.max(1, Math.abs(v)));
    });
  });
}

beforeAll(async () => {
  await selectBackend('wasm');
  registerWasmTrainingKernels();
});

describe('tlkit’s kernels on tfjs’ wasm heap', () => {
  it('run here, from bytes that match the WAT source', async () => {
    expect(heapKernelsActive()).toBe(true);
    const built = await assemble();
    expect(built.single).toBe(HEAP_KERNELS_WASM_BASE64);
    expect(built.shared).toBe(HEAP_KERNELS_SHARED_WASM_BASE64);
  });

  it.each([
    [1, 1, 1],
    [3, 5, 7],
    [4, 8, 8],
    [5, 300, 13],
    [129, 257, 263],
    [300, 17, 600],
    [128, 784, 10],
  ])('m %d, k %d, n %d: each transpose case within float32 rounding of the float64 product', (m, k, n) => {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        const a = values(m * k, m + k);
        const b = values(k * n, k + n + 1);
        const c = tf.tidy(() => tf.matMul(tf.tensor(a, ta ? [k, m] : [m, k]), tf.tensor(b, tb ? [n, k] : [k, n]), ta, tb).dataSync());
        expectProduct(c as Float32Array, a, b, m, k, n, ta, tb);
      }
    }
  });

  it('multiply batches, and one matrix against a batch', () => {
    const [m, k, n] = [4, 5, 3];
    const a = values(6 * m * k, 1);
    const b = values(6 * k * n, 2);
    const check = (aShape: number[], bShape: number[], pairs: [number, number][]) => {
      const c = tf.tidy(() =>
        tf
          .matMul(
            tf.tensor(
              a.subarray(
                0,
                aShape.reduce((p, s) => p * s, 1),
              ),
              aShape,
            ),
            tf.tensor(
              b.subarray(
                0,
                bShape.reduce((p, s) => p * s, 1),
              ),
              bShape,
            ),
          )
          .dataSync(),
      );
      pairs.forEach(([ia, ib], t) =>
        expectProduct(
          c.subarray(t * m * n, (t + 1) * m * n) as Float32Array,
          a.subarray(ia * m * k),
          b.subarray(ib * k * n),
          m,
          k,
          n,
          false,
          false,
        ),
      );
    };
    check(
      [2, m, k],
      [2, k, n],
      [
        [0, 0],
        [1, 1],
      ],
    );
    check(
      [3, m, k],
      [k, n],
      [
        [0, 0],
        [1, 0],
        [2, 0],
      ],
    );
    check(
      [m, k],
      [2, k, n],
      [
        [0, 0],
        [0, 1],
      ],
    );
  });

  it('leave other batch shapes to the backend’s own product (tfjs pairs batch t with t mod each batch size)', async () => {
    const run = () => tf.tidy(() => tf.matMul(tf.tensor(values(40, 1), [2, 1, 4, 5]), tf.tensor(values(45, 2), [3, 5, 3])).dataSync());
    const [wasm, cpu] = await onWasmAndCpu(run);
    expectCloseToCpu([wasm], [cpu], 1e-5);
  });

  it('give zeros for an empty inner dimension and empty results, and leave int32 products to the backend', () => {
    expect(Array.from(tf.tidy(() => tf.matMul(tf.zeros([3, 0]), tf.zeros([0, 2])).dataSync()))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(tf.tidy(() => tf.matMul(tf.zeros([0, 4]), tf.zeros([4, 2])).shape)).toEqual([0, 2]);
    // tfjs' wasm backend has no int32 product: its own error, as before.
    expect(() =>
      tf.tidy(() =>
        tf.matMul(
          tf.tensor(
            [
              [1, 2],
              [3, 4],
            ],
            [2, 2],
            'int32',
          ),
          tf.tensor([[5], [6]], [2, 1], 'int32'),
        ),
      ),
    ).toThrow(/float32/);
  });

  it('report a shape mismatch in tfjs’ own words', () => {
    expect(() => tf.tidy(() => tf.matMul(tf.zeros([3, 4]), tf.zeros([5, 2])))).toThrow(/inner shapes/);
  });

  it('free every buffer they make, on every fused activation (counted on the backend, not as tensors)', () => {
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const a = tf.tensor(values(6 * 9, 3), [6, 9]);
    const b = tf.tensor(values(9 * 5, 4), [9, 5]);
    const bias = tf.tensor(values(5, 5));
    const bias9 = tf.tensor(values(9, 6));
    const before = backend.numDataIds();
    for (const activation of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const) {
      for (const withBias of [false, true]) {
        tf.fused.matMul({ a, b, activation, ...(withBias ? { bias } : {}) }).dispose();
        tf.fused.matMul({ a, b: a, transposeA: true, activation, ...(withBias ? { bias: bias9 } : {}) }).dispose();
      }
    }
    tf.matMul(a, b).dispose();
    expect(backend.numDataIds()).toBe(before);
    tf.dispose([a, b, bias, bias9]);
  });

  it('add the bias and apply every fused activation as the cpu backend does', async () => {
    const x = values(6 * 9, 3);
    const w = values(9 * 5, 4);
    const bias = values(5, 5);
    const alpha = values(5, 6);
    const run = () =>
      (['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const).map((activation) =>
        tf.tidy(() =>
          tf.fused
            .matMul({
              a: tf.tensor(x, [6, 9]),
              b: tf.tensor(w, [9, 5]),
              bias: tf.tensor(bias),
              activation,
              preluActivationWeights: tf.tensor(alpha),
              leakyreluAlpha: 0.3,
            })
            .dataSync(),
        ),
      );
    const [wasm, cpu] = await onWasmAndCpu(run);
    expectCloseToCpu(wasm, cpu, 1e-5);
  });
});

describe('dense layers on the heap', () => {
  it('give the cpu backend’s outputs and gradients, by weights and by input, for ReLU and other activations', async () => {
    for (const activation of ['relu', 'tanh'] as const) {
      const compute = () => {
        const net = mlp({ inputDim: 7, hidden: [6, 5], activation, output: { kind: 'classification', classes: 3 }, seed: 4 });
        try {
          return tf.tidy(() => {
            const x = tf.tensor(values(11 * 7, 8), [11, 7]);
            const target = tf.range(1, 34).reshape([11, 3]);
            const weights = net.model.trainableWeights.map((w) => w.read()) as unknown as tf.Variable[];
            const f = (input: tf.Tensor) => tf.sum<tf.Scalar>(tf.mul(net.forward(input, { training: true })[0], target));
            const output = net.forward(x, { training: true })[0].dataSync();
            const byInput = tf.grad(f)(x).dataSync();
            const { grads } = tf.variableGrads(() => f(x), weights);
            return [output, byInput, ...weights.map((w) => grads[w.name].dataSync())];
          });
        } finally {
          net.dispose();
        }
      };
      const [wasm, cpu] = await onWasmAndCpu(compute);
      expect(wasm.length).toBe(2 + 6);
      expectCloseToCpu(wasm, cpu, 2e-5);
    }
  });

  it('give the cpu backend’s ReLU gradient where values are NaN or infinite, and its gradient of a gradient', async () => {
    const compute = () => {
      const net = mlp({ inputDim: 3, hidden: [4], output: { kind: 'regression' }, seed: 2 });
      try {
        return tf.tidy(() => {
          const x = tf.tensor([
            [1, -2, 0.5],
            [NaN, 1, 1],
            [-1, -1, -1],
            [3, 0, -2],
          ]);
          const dy = tf.tensor([[1], [2], [Infinity], [-1]]);
          const weights = net.model.trainableWeights.map((w) => w.read()) as unknown as tf.Variable[];
          const { grads } = tf.variableGrads(() => tf.sum<tf.Scalar>(tf.mul(net.forward(x, { training: true })[0], dy)), weights);
          const finite = tf.tensor([
            [1, -2, 0.5],
            [0.3, 1, 1],
          ]);
          // d/dx Σ (∂f/∂x)²: a gradient penalty, which needs the gradient of the layer's gradient.
          const penalty = tf.grad((input: tf.Tensor) =>
            tf.sum(tf.square(tf.grad((z: tf.Tensor) => tf.sum(net.forward(z, { training: true })[0]))(input))),
          );
          return [...weights.map((w) => grads[w.name].dataSync()), penalty(finite).dataSync()];
        });
      } finally {
        net.dispose();
      }
    };
    const [wasm, cpu] = await onWasmAndCpu(compute);
    expectCloseToCpu(wasm, cpu, 2e-5, true);
  });

  it('give the cpu backend’s gradients when a gradient of the layers is taken inside an outer one', async () => {
    const compute = () => {
      const net = mlp({ inputDim: 3, hidden: [4], output: { kind: 'classification', classes: 2 }, seed: 3 });
      try {
        return tf.tidy(() => {
          const x0 = tf.tensor([
            [0.5, -1, 2],
            [1, 0.25, -0.5],
          ]);
          const weights = net.model.trainableWeights.map((w) => w.read()) as unknown as tf.Variable[];
          const { grads } = tf.variableGrads(() => {
            // The forward runs once on the outer tape; the input gradient of its result is taken inside.
            const out = net.forward(x0, { training: true })[0];
            const byInput = tf.grad(() =>
              tf.sum(
                tf.mul(
                  out,
                  tf.tensor([
                    [1, 2],
                    [3, 4],
                  ]),
                ),
              ),
            )(x0);
            const loss = lossFor(
              CLASSES2,
              tf.tensor([
                [1, 0],
                [0, 1],
              ]),
              out,
            );
            return tf.add(loss, tf.sum(tf.square(byInput)));
          }, weights);
          // A mixed second derivative of the loss: d/dy of Σ dL/dp.
          const p = tf.tensor([
            [0.3, 0.7],
            [0.9, 0.1],
          ]);
          const y = tf.tensor([
            [1, 0],
            [0.5, 0.5],
          ]);
          const mixed = tf.grad((targets: tf.Tensor) =>
            tf.sum(tf.grad((probabilities: tf.Tensor) => lossFor(CLASSES2, targets, probabilities))(p)),
          )(y);
          return [...weights.map((w) => grads[w.name].dataSync()), mixed.dataSync()];
        });
      } finally {
        net.dispose();
      }
    };
    const [wasm, cpu] = await onWasmAndCpu(compute);
    expectCloseToCpu(wasm, cpu, 2e-5);
  });

  it('run as tlkit’s kernels in a training step, with no product for the input’s gradient', async () => {
    const net = mlp({ inputDim: 7, hidden: [6, 5], output: { kind: 'classification', classes: 3 }, seed: 4 });
    const x = tf.tensor(values(11 * 7, 8), [11, 7]);
    try {
      const weights = net.model.trainableWeights.map((w) => w.read()) as unknown as tf.Variable[];
      const profile = await tf.profile(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum<tf.Scalar>(net.forward(x, { training: true })[0]), weights);
        tf.dispose([value, ...Object.values(grads)]);
      });
      const count = (name: string) => profile.kernels.filter((k) => k.name === name).length;
      expect(count('TlkitDense')).toBe(3);
      expect(count('TlkitDenseBackward')).toBe(3);
      // dW for three layers and dX for the two above the first: the input's own gradient is not computed.
      expect(count('BatchMatMul')).toBe(5);
    } finally {
      x.dispose();
      net.dispose();
    }
  });
});

describe('the cross-entropy loss on the heap', () => {
  it('gives the cpu backend’s value and gradients by probabilities and by soft targets, at and past the clip bounds', async () => {
    const p = [0.2, 0.7, 0.1, 1, 0, 0, 1e-8, 0.5, 0.5 - 1e-8, NaN, 0.4, 0.6, 1e-7, 1 - 1e-7, 0];
    const y = [0, 1, 0, 1, 0, 0, 0.3, 0.3, 0.4, 0, 0, 1, 0.5, 0.5, 0];
    const compute = () =>
      tf.tidy(() => {
        const [pt, yt] = [tf.tensor(p, [5, 3]), tf.tensor(y, [5, 3])];
        const f = (a: tf.Tensor, b: tf.Tensor) => lossFor(CLASSES3, b, a);
        const [dp, dy] = tf.grads(f)([pt, yt]);
        const value = f(pt, yt);
        const finite = tf.tensor([0.2, 0.7, 0.1, 0.3, 0.3, 0.4], [2, 3]);
        const soft = tf.tensor([0, 1, 0, 0.5, 0.25, 0.25], [2, 3]);
        return [
          value.dataSync(),
          dp.dataSync(),
          dy.dataSync(),
          f(finite, soft).dataSync(),
          tf
            .grad((a: tf.Tensor) => f(a, soft))(finite)
            .dataSync(),
        ];
      });
    const profile = await tf.profile(() => tf.tidy(() => lossFor(CLASSES3, tf.ones([2, 3]), tf.ones([2, 3]))));
    expect(profile.kernels.map((k) => k.name)).toContain('TlkitCrossEntropy');
    const [wasm, cpu] = await onWasmAndCpu(compute);
    expectCloseToCpu(wasm, cpu, 1e-6, true);
  });
});

describe('Identity on wasm', () => {
  it('shares the data of a clone, which outlives its original', () => {
    const a = tf.tensor([1, 2, 3]);
    const backend = tf.backend() as unknown as { getMemoryOffset(id: object): number };
    const c = tf.clone(a);
    expect(backend.getMemoryOffset(c.dataId)).toBe(backend.getMemoryOffset(a.dataId));
    a.dispose();
    expect(Array.from(c.dataSync())).toEqual([1, 2, 3]);
    c.dispose();
  });
});
