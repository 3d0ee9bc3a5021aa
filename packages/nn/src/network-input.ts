import * as tf from '@tensorflow/tfjs';
import { BadDataError, ShapeMismatchError, toDenseMatrix, toTargetMatrix, type MatrixInput, type VectorInput } from '@tlkit/tensor-core';
import type { ClassLabel, ResolvedOutput } from './output-spec.js';

/** Rows of network input: a matrix of flattened rows, or a tensor of shape [n, ...inputShape]. */
export type NetworkInput = MatrixInput | tf.Tensor;

/** Targets: class labels for a classifier; a vector or a matrix (one column per unit) for regression. */
export type NetworkTargets = readonly ClassLabel[] | VectorInput | MatrixInput;

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The input as a float32 tensor of shape [n, ...inputShape]; always a new tensor the caller disposes. */
export function inputTensor(fn: string, X: NetworkInput, inputShape: readonly number[]): tf.Tensor {
  const width = inputShape.reduce((a, b) => a * b, 1);
  if (X instanceof tf.Tensor) {
    const [n, ...rest] = X.shape;
    if (sameShape(rest, inputShape)) return X.toFloat();
    if (rest.length === 1 && rest[0] === width) return tf.tidy(() => X.toFloat().reshape([n, ...inputShape]));
    throw new ShapeMismatchError(`${fn}: X has shape [${X.shape.join(', ')}], the network takes [n, ${inputShape.join(', ')}]`);
  }
  const m = toDenseMatrix(X, { fn, arg: 'X' });
  if (m.cols !== width) {
    throw new ShapeMismatchError(`${fn}: X has ${m.cols} columns, the network takes ${width} (${inputShape.join('×')})`);
  }
  return tf.tensor(Float32Array.from(m.data), [m.rows, ...inputShape], 'float32');
}

/** Targets as a float32 tensor [n, units]: one-hot for classes, values for regression. */
export function targetTensor(fn: string, y: NetworkTargets, output: ResolvedOutput, rows: number): tf.Tensor2D {
  if (output.kind === 'classification') {
    if (!Array.isArray(y)) throw new TypeError(`${fn}: y must be an array of class labels for a classifier`);
    const labels = y as readonly ClassLabel[];
    if (labels.length !== rows) throw new ShapeMismatchError(`${fn}: y has ${labels.length} rows, X has ${rows}`);
    const index = new Map(output.classes.map((c, i) => [c, i]));
    const k = output.classes.length;
    const data = new Float32Array(rows * k);
    labels.forEach((label, i) => {
      const c = index.get(label);
      if (c === undefined) {
        throw new BadDataError(
          `${fn}: label ${JSON.stringify(label)} at row ${i} is not one of the network's classes ${JSON.stringify(output.classes)}`,
          { row: i },
        );
      }
      data[i * k + c] = 1;
    });
    return tf.tensor2d(data, [rows, k]);
  }
  const T = toTargetMatrix(y as VectorInput | MatrixInput, { fn, arg: 'y' }).matrix;
  if (T.rows !== rows) throw new ShapeMismatchError(`${fn}: y has ${T.rows} rows, X has ${rows}`);
  if (T.cols !== output.units) throw new ShapeMismatchError(`${fn}: y has ${T.cols} columns, the network has ${output.units} outputs`);
  return tf.tensor2d(Float32Array.from(T.data), [rows, T.cols]);
}
