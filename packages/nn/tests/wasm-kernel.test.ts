import * as tf from '@tensorflow/tfjs';
import { Random } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { registerWasmConvBackpropFilter, registerWasmMatMul } from '@tlkit/nn';

// The wasm backend of tfjs 4.22 has no Conv2DBackpropFilter (tfjs issue #8474); tlkit registers one. Its result
// must equal the cpu backend's reference implementation.
function randomValues(n: number, seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

async function filterGradient(
  backend: 'cpu' | 'wasm',
  xShape: [number, number, number, number],
  fShape: [number, number, number, number],
  strides: number,
  pad: 'same' | 'valid',
): Promise<Float32Array> {
  await selectBackend(backend);
  if (backend === 'wasm') registerWasmConvBackpropFilter();
  return tf.tidy(() => {
    const x = tf.tensor4d(
      randomValues(
        xShape.reduce((a, b) => a * b, 1),
        1,
      ),
      xShape,
    );
    const f = tf.tensor4d(
      randomValues(
        fShape.reduce((a, b) => a * b, 1),
        2,
      ),
      fShape,
    );
    const y = tf.conv2d(x, f, strides, pad);
    const dy = tf.tensor(randomValues(y.size, 3), y.shape);
    // d/dF Σ conv2d(x, F)·dy is exactly the filter gradient for the upstream gradient dy.
    const gradient = tf.grad((filter: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, filter as tf.Tensor4D, strides, pad), dy)));
    return gradient(f).dataSync() as Float32Array;
  });
}

describe('Conv2DBackpropFilter on wasm', () => {
  it.each([
    [[2, 9, 9, 1], [5, 5, 1, 4], 1, 'valid'],
    [[3, 8, 7, 3], [3, 3, 3, 5], 1, 'same'],
    [[2, 11, 11, 2], [3, 3, 2, 3], 2, 'valid'],
    [[2, 10, 9, 2], [4, 3, 2, 2], 2, 'same'],
  ] as const)('x %j, filter %j, stride %d, pad %s equals the cpu backend', async (xShape, fShape, strides, pad) => {
    const cpu = await filterGradient('cpu', [...xShape], [...fShape], strides, pad);
    const wasm = await filterGradient('wasm', [...xShape], [...fShape], strides, pad);
    expect(wasm.length).toBe(cpu.length);
    const scale = cpu.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
    cpu.forEach((v, i) => expect(Math.abs(wasm[i] - v)).toBeLessThan(1e-4 * scale));
  });

  it('makes the gradient of a conv layer available on wasm without leaking tensors', async () => {
    await selectBackend('wasm');
    registerWasmConvBackpropFilter();
    registerWasmConvBackpropFilter();
    const before = tf.memory().numTensors;
    const init = tf.ones([3, 3, 1, 2]);
    const f = tf.variable(init);
    init.dispose();
    const x = tf.ones<tf.Rank.R4>([1, 6, 6, 1]);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.conv2d(x, f as tf.Tensor4D, 1, 'valid')), [f]);
    expect(Array.from(grads[f.name].dataSync())).toEqual(new Array(18).fill(16));
    tf.dispose([f, x, value, grads[f.name]]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

// tfjs 4.22's wasm product with transposed operands is ~10× slower than the plain one; tlkit replaces BatchMatMul
// and _FusedMatMul with its own products (heap-kernels.test.ts has more shapes). They must give the cpu backend's
// results and leak nothing.
describe('matrix products with transposed operands on wasm', () => {
  async function products(backend: 'cpu' | 'wasm'): Promise<Float32Array[]> {
    await selectBackend(backend);
    if (backend === 'wasm') registerWasmMatMul();
    return tf.tidy(() => {
      const a = tf.tensor2d(randomValues(7 * 5, 4), [7, 5]);
      const b = tf.tensor2d(randomValues(7 * 3, 5), [7, 3]);
      const c = tf.tensor2d(randomValues(3 * 5, 6), [3, 5]);
      const batched = tf.tensor3d(randomValues(2 * 4 * 5, 7), [2, 4, 5]);
      const d = tf.tensor2d(randomValues(4 * 7, 10), [4, 7]);
      const bias = tf.tensor1d(randomValues(3, 8));
      return [
        tf.matMul(a, b, true, false),
        tf.matMul(a, c, false, true),
        tf.matMul(b, a, true, false),
        tf.matMul(batched, batched, false, true),
        tf.matMul(batched, batched, true, false),
        tf.fused.matMul({ a, b, transposeA: true, bias, activation: 'relu' }),
        tf.fused.matMul({ a: b, b: d, transposeA: true, transposeB: true }),
      ].map((t) => t.dataSync() as Float32Array);
    });
  }

  it('equal the cpu backend', async () => {
    const cpu = await products('cpu');
    const wasm = await products('wasm');
    cpu.forEach((values, k) => {
      expect(wasm[k].length).toBe(values.length);
      values.forEach((v, i) => expect(Math.abs(wasm[k][i] - v)).toBeLessThan(1e-5 * Math.max(1, Math.abs(v))));
    });
  });

  it('can be registered again, and free their transposed copies', async () => {
    await selectBackend('wasm');
    registerWasmMatMul();
    registerWasmMatMul();
    const a = tf.tensor2d(randomValues(6 * 4, 9), [6, 4]);
    const before = tf.memory().numTensors;
    const bytesBefore = tf.memory().numBytes;
    for (let i = 0; i < 5; i++) tf.matMul(a, a, true, false).dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.memory().numBytes).toBe(bytesBefore);
    a.dispose();
  });
});
