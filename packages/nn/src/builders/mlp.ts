import * as tf from '@tensorflow/tfjs';
import { Random, checkOneOf } from '@tlkit/tensor-core';
import { assertBackendReady } from '../backend-ready.js';
import { Network } from '../network.js';
import { resolveOutput, type OutputSpec } from '../output-spec.js';
import { headLayer } from './head-layer.js';
import { kernelInitializer } from './seeded-initializers.js';

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'selu' | 'linear';
const ACTIVATIONS: readonly Activation[] = ['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'linear'];

export interface MlpOptions {
  readonly inputDim: number;
  /** Units of each hidden layer, e.g. [256, 128]. */
  readonly hidden?: readonly number[];
  readonly activation?: Activation;
  /** Dropout rate after each hidden layer (0 = none). */
  readonly dropout?: number;
  /** Batch normalisation before each hidden activation. */
  readonly batchNorm?: boolean;
  readonly output: OutputSpec;
  /** Seed of the weight initialisers. */
  readonly seed?: number;
}

export function checkActivation(fn: string, activation: unknown): Activation {
  return checkOneOf(fn, 'activation', activation, ACTIVATIONS);
}

export function checkPositiveInts(fn: string, name: string, values: readonly number[]): void {
  values.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${fn}: ${name}[${i}] must be a positive integer, got ${v}`);
  });
}

export function checkRate(fn: string, rate: number): number {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`${fn}: dropout must be in [0, 1), got ${rate}`);
  return rate;
}

/**
 * A multilayer perceptron. Layers are named so transfer code can address them: `hidden_1`, `hidden_1_bn`,
 * `hidden_1_act`, `hidden_1_dropout`, …, and `head` (softmax for classification, linear for regression).
 */
export function mlp(options: MlpOptions): Network {
  const fn = 'mlp';
  assertBackendReady(fn);
  if (!Number.isInteger(options.inputDim) || options.inputDim < 1) {
    throw new RangeError(`${fn}: inputDim must be a positive integer, got ${options.inputDim}`);
  }
  const hidden = options.hidden ?? [64];
  checkPositiveInts(fn, 'hidden', hidden);
  const activation = checkActivation(fn, options.activation ?? 'relu');
  const dropout = checkRate(fn, options.dropout ?? 0);
  const output = resolveOutput(fn, options.output);
  const seed = options.seed ?? 0;
  const rng = new Random(seed);
  const model = tf.sequential({ name: 'mlp' });
  hidden.forEach((units, i) => {
    const name = `hidden_${i + 1}`;
    model.add(
      tf.layers.dense({
        units,
        name,
        activation: options.batchNorm ? 'linear' : activation,
        kernelInitializer: kernelInitializer(activation, rng),
        useBias: !options.batchNorm,
        ...(i === 0 ? { inputShape: [options.inputDim] } : {}),
      }),
    );
    if (options.batchNorm) {
      model.add(tf.layers.batchNormalization({ name: `${name}_bn` }));
      model.add(tf.layers.activation({ activation, name: `${name}_act` }));
    }
    if (dropout > 0) model.add(tf.layers.dropout({ rate: dropout, name: `${name}_dropout` }));
  });
  model.add(headLayer(output, rng, hidden.length === 0 ? [options.inputDim] : undefined));
  return new Network(model, { output, inputShape: [options.inputDim], seed, architecture: 'mlp' });
}
