import * as tf from '@tensorflow/tfjs';
import { Random } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { registerWasmConvBackpropFilter } from '@tlkit/nn';

// The wasm backend of tfjs 4.22 has no Conv2DBackpropFilter (tfjs issue #8474); tlkit registers one. Its result
// must equal the cpu backend's reference implementation.
function randomValues(n: number, seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

async function filterGradient(backend: 'cpu' | 'wasm', xShape: [number, number, number, number], fShape: [number, number, number, number], strides: number, pad: 'same' | 'valid'): Promise<Float32Array> {
  await selectBackend(backend);
  if (backend === 'wasm') registerWasmConvBackpropFilter();
  return tf.tidy(() => {
    const x = tf.tensor4d(randomValues(xShape.reduce((a, b) => a * b, 1), 1), xShape);
    const f = tf.tensor4d(randomValues(fShape.reduce((a, b) => a * b, 1), 2), fShape);
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
    const scale = Math.max(...cpu.map(Math.abs));
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
