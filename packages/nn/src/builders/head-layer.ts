import * as tf from '@tensorflow/tfjs';
import type { Random } from '@tlkit/tensor-core';
import { outputUnits, type ResolvedOutput } from '../output-spec.js';
import { kernelInitializer } from './seeded-initializers.js';

/** The `head` layer every builder ends with: softmax over the classes, or linear regression outputs. */
export function headLayer(output: ResolvedOutput, rng: Random, inputShape?: number[]): ReturnType<typeof tf.layers.dense> {
  return tf.layers.dense({
    units: outputUnits(output),
    name: 'head',
    activation: output.kind === 'classification' ? 'softmax' : 'linear',
    kernelInitializer: kernelInitializer('linear', rng),
    ...(inputShape ? { inputShape } : {}),
  });
}
