import * as tf from '@tensorflow/tfjs';
import { Random } from '@tlkit/tensor-core';
import { assertBackendReady } from '../backend-ready.js';
import { Network } from '../network.js';
import { resolveOutput, type OutputSpec } from '../output-spec.js';
import { headLayer } from './head-layer.js';
import { checkActivation, checkPositiveInts, checkRate, type Activation } from './mlp.js';
import { kernelInitializer } from './seeded-initializers.js';

export interface CnnOptions {
  readonly height: number;
  readonly width: number;
  readonly channels?: number;
  /** Filters of each convolution block (conv → max-pool), e.g. [16, 32]. */
  readonly filters?: readonly number[];
  readonly kernelSize?: number;
  readonly poolSize?: number;
  /** Dense layers after the convolutions, e.g. [64]. */
  readonly dense?: readonly number[];
  readonly activation?: Activation;
  readonly dropout?: number;
  readonly output: OutputSpec;
  readonly seed?: number;
}

/**
 * A small convolutional network for images (NHWC): `conv_1`, `pool_1`, `conv_2`, `pool_2`, …, `flatten`,
 * `hidden_1`, … (each optionally followed by `hidden_k_dropout`), then `head`. The default is the architecture of the
 * transfer experiments: conv 5×5×16 → pool → conv 5×5×32 → pool → dense 64 → head.
 */
export function cnn(options: CnnOptions): Network {
  const fn = 'cnn';
  assertBackendReady(fn);
  const channels = options.channels ?? 1;
  checkPositiveInts(fn, 'shape', [options.height, options.width, channels]);
  const filters = options.filters ?? [16, 32];
  const dense = options.dense ?? [64];
  checkPositiveInts(fn, 'filters', filters);
  checkPositiveInts(fn, 'dense', dense);
  const kernelSize = options.kernelSize ?? 5;
  const poolSize = options.poolSize ?? 2;
  checkPositiveInts(fn, 'kernelSize/poolSize', [kernelSize, poolSize]);
  const activation = checkActivation(fn, options.activation ?? 'relu');
  const dropout = checkRate(fn, options.dropout ?? 0);
  const output = resolveOutput(fn, options.output);
  const seed = options.seed ?? 0;
  const rng = new Random(seed);
  const inputShape = [options.height, options.width, channels];
  const model = tf.sequential({ name: 'cnn' });
  let h = options.height;
  let w = options.width;
  filters.forEach((f, i) => {
    h = h - kernelSize + 1;
    w = w - kernelSize + 1;
    if (h < 1 || w < 1)
      throw new RangeError(`${fn}: the image is too small for ${filters.length} blocks of ${kernelSize}×${kernelSize} convolutions`);
    model.add(
      tf.layers.conv2d({
        filters: f,
        kernelSize,
        activation,
        name: `conv_${i + 1}`,
        kernelInitializer: kernelInitializer(activation, rng),
        ...(i === 0 ? { inputShape } : {}),
      }),
    );
    model.add(tf.layers.maxPooling2d({ poolSize, name: `pool_${i + 1}` }));
    h = Math.floor(h / poolSize);
    w = Math.floor(w / poolSize);
    if (h < 1 || w < 1)
      throw new RangeError(
        `${fn}: the image is too small for ${filters.length} blocks of ${kernelSize}×${kernelSize} convolutions and ${poolSize}×${poolSize} pooling`,
      );
  });
  model.add(tf.layers.flatten({ name: 'flatten', ...(filters.length === 0 ? { inputShape } : {}) }));
  dense.forEach((units, i) => {
    model.add(tf.layers.dense({ units, activation, name: `hidden_${i + 1}`, kernelInitializer: kernelInitializer(activation, rng) }));
    if (dropout > 0) model.add(tf.layers.dropout({ rate: dropout, name: `hidden_${i + 1}_dropout` }));
  });
  model.add(headLayer(output, rng));
  return new Network(model, { output, inputShape, seed, architecture: 'cnn' });
}
