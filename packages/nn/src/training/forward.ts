import * as tf from '@tensorflow/tfjs';

/**
 * Runs a Sequential model layer by layer. In training mode, batch-normalisation layers that are frozen
 * (trainable = false) still run in inference mode, with their moving statistics — Keras' behaviour since 2.1.3,
 * which tfjs-layers does not follow by itself. `upTo` stops after that layer index (for embeddings); `from` starts at
 * a later layer, with `x` the previous layer's output (to run a network in two parts, as domain-adversarial training does).
 */
export function forward(model: tf.Sequential, x: tf.Tensor, training: boolean, upTo = model.layers.length - 1, from = 0): tf.Tensor {
  let h = x;
  for (let i = from; i <= upTo; i++) {
    const layer = model.layers[i];
    const isFrozenBatchNorm = layer.getClassName() === 'BatchNormalization' && !layer.trainable;
    h = layer.apply(h, { training: training && !isFrozenBatchNorm }) as tf.Tensor;
  }
  return h;
}
