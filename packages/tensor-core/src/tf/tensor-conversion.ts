import * as tf from '@tensorflow/tfjs';
import type { DenseMatrix } from '../dense-matrix.js';
import { toDenseMatrix, type MatrixInput } from '../matrix-input.js';

/** A DenseMatrix (or any matrix input) as a float32 tf.Tensor2D; the caller disposes it. */
export function toTensor2D(m: MatrixInput): tf.Tensor2D {
  if (m instanceof tf.Tensor) {
    if (m.rank !== 2) throw new RangeError(`toTensor2D: expected a rank-2 tensor, got rank ${m.rank}`);
    return tf.clone(m) as tf.Tensor2D;
  }
  const d = toDenseMatrix(m, { fn: 'toTensor2D', arg: 'm', allowEmpty: true });
  return tf.tensor2d(Float32Array.from(d.data), [d.rows, d.cols], 'float32');
}

/** A rank-2 tensor's values as a validated fp64 DenseMatrix (reads synchronously; the tensor is kept). */
export function fromTensor2D(t: tf.Tensor): DenseMatrix {
  return toDenseMatrix(t, { fn: 'fromTensor2D', arg: 't', allowEmpty: true });
}
