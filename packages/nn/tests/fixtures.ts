import * as tf from '@tensorflow/tfjs';
import { Random } from '@tlkit/tensor-core';

/**
 * A small functional CNN built with tfjs' own API: a stem convolution, a residual block (conv → batch norm → relu,
 * added back to the stem), global average pooling, a feature layer and a softmax head — the shape of a ResNet in
 * miniature.
 */
export function residualCnn(seed: number, classes = 3): tf.LayersModel {
  const rng = new Random(seed);
  const init = () => tf.initializers.glorotUniform({ seed: rng.nextSeed() });
  const input = tf.input({ shape: [8, 8, 1], name: 'image' });
  const stem = tf.layers
    .conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'stem', kernelInitializer: init() })
    .apply(input);
  const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'block_conv', kernelInitializer: init() }).apply(stem);
  const bn = tf.layers.batchNormalization({ name: 'block_bn' }).apply(conv);
  const relu = tf.layers.activation({ activation: 'relu', name: 'block_relu' }).apply(bn);
  const added = tf.layers.add({ name: 'block_add' }).apply([stem, relu] as tf.SymbolicTensor[]);
  const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(added);
  const features = tf.layers.dense({ units: 6, activation: 'relu', name: 'features', kernelInitializer: init() }).apply(pooled);
  const out = tf.layers.dense({ units: classes, activation: 'softmax', name: 'predictions', kernelInitializer: init() }).apply(features);
  return tf.model({ inputs: input, outputs: out as tf.SymbolicTensor, name: 'tiny_resnet' });
}

/** Images whose class is the direction of a bright bar (horizontal, vertical, diagonal) at a random place, with noise. */
export function bars(n: number, seed: number): { X: tf.Tensor4D; y: number[] } {
  const rng = new Random(seed);
  const data = new Float32Array(n * 64);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    y.push(c);
    for (let p = 0; p < 64; p++) data[i * 64 + p] = 0.1 * rng.uniform(0, 1);
    const r0 = 1 + rng.int(3);
    const c0 = 1 + rng.int(3);
    for (let t = 0; t < 4; t++) {
      const [r, k] = c === 0 ? [r0 + 1, c0 + t] : c === 1 ? [r0 + t, c0 + 1] : [r0 + t, c0 + t];
      data[i * 64 + r * 8 + k] = 1;
    }
  }
  return { X: tf.tensor4d(data, [n, 8, 8, 1]), y };
}
