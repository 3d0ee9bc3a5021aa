import * as tf from '@tensorflow/tfjs';
import { toArray2D, toDenseMatrix } from '@tlkit/tensor-core';
import { fromTensor2D, selectBackend, toTensor2D } from '@tlkit/tensor-core/tf';

describe('TensorFlow.js interop', () => {
  it('selects wasm by default in Node and rejects unknown backends', async () => {
    expect(await selectBackend()).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    await expect(selectBackend('gpu' as 'cpu')).rejects.toThrow('selectBackend: backend must be one of auto, cpu, wasm, webgl, got "gpu"');
    expect(await selectBackend('cpu')).toBe('cpu');
    expect(await selectBackend('wasm')).toBe('wasm');
  });

  it('converts DenseMatrix ↔ Tensor2D without leaking tensors', () => {
    const before = tf.memory().numTensors;
    const m = toDenseMatrix(
      [
        [1, 2],
        [3, 4.5],
      ],
      { fn: 't', arg: 'm' },
    );
    const t = toTensor2D(m);
    expect(t.shape).toEqual([2, 2]);
    expect(toArray2D(fromTensor2D(t))).toEqual([
      [1, 2],
      [3, 4.5],
    ]);
    // Tensors are accepted wherever a matrix is, through the structural check.
    expect(toDenseMatrix(t, { fn: 't', arg: 'm' }).rows).toBe(2);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const bad = tf.tensor2d([[NaN, 1]]);
    expect(() => fromTensor2D(bad)).toThrow('fromTensor2D: t has NaN at row 0, column 0');
    bad.dispose();
  });
});
