import * as tf from '@tensorflow/tfjs';
import { crossEntropyOnHeap } from '../kernels/wasm-cross-entropy.js';
import type { ResolvedOutput } from '../output-spec.js';

const EPS = 1e-7;

/** Mean categorical cross-entropy of softmax outputs (clipped as Keras does) or mean squared error. */
export function lossFor(output: ResolvedOutput, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    if (output.kind === 'classification') {
      const fused = crossEntropyOnHeap(yTrue, yPred, EPS);
      if (fused) return fused;
      return tf.neg(tf.mean(tf.sum(tf.mul(yTrue, tf.log(tf.clipByValue(yPred, EPS, 1 - EPS))), -1)));
    }
    return tf.mean(tf.squaredDifference(yTrue, yPred));
  });
}

/** Number of correct argmax predictions (classification) or the sum of squared errors (regression) in a batch. */
export function metricSum(output: ResolvedOutput, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    if (output.kind === 'classification') return tf.sum(tf.cast(tf.equal(tf.argMax(yTrue, -1), tf.argMax(yPred, -1)), 'float32'));
    return tf.sum(tf.mean(tf.squaredDifference(yTrue, yPred), -1));
  });
}

export type MetricName = 'accuracy' | 'rmse';

export function metricName(output: ResolvedOutput): MetricName {
  return output.kind === 'classification' ? 'accuracy' : 'rmse';
}

/** Turns a metric sum over n rows into the reported metric. */
export function finishMetric(name: MetricName, sum: number, n: number): number {
  return name === 'accuracy' ? sum / n : Math.sqrt(sum / n);
}
