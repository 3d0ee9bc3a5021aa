import * as tf from '@tensorflow/tfjs';
import { checkOneOf } from '@tlkit/tensor-core';

export type OptimizerName = 'adam' | 'sgd' | 'momentum' | 'rmsprop';
const NAMES: readonly OptimizerName[] = ['adam', 'sgd', 'momentum', 'rmsprop'];

function makeOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  checkOneOf('train', 'optimizer', name, NAMES);
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new RangeError(`train: learningRate must be > 0, got ${learningRate}`);
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
      return tf.train.momentum(learningRate, 0.9);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
  }
}

/** Trainable variables grouped by learning rate: one optimizer per distinct rate (discriminative rates). */
export interface ParameterGroup {
  readonly optimizer: tf.Optimizer;
  readonly rate: number;
  readonly variables: tf.Variable[];
}

export function parameterGroups(
  layers: readonly tf.layers.Layer[],
  name: OptimizerName,
  learningRate: number,
  perLayer: Readonly<Record<string, number>> = {},
  extra: readonly tf.Variable[] = [],
): ParameterGroup[] {
  const known = new Set(layers.map((l) => l.name));
  for (const layerName of Object.keys(perLayer)) {
    if (!known.has(layerName))
      throw new RangeError(`train: learningRates names no layer "${layerName}"; layers are ${[...known].join(', ')}`);
  }
  const byRate = new Map<number, tf.Variable[]>();
  if (extra.length > 0) byRate.set(learningRate, [...extra]);
  for (const layer of layers) {
    if (!layer.trainable) continue;
    const rate = perLayer[layer.name] ?? learningRate;
    // A LayerVariable's value is the tf.Variable the optimizer updates.
    const vars = layer.trainableWeights.map((w) => w.read()) as unknown as tf.Variable[];
    if (vars.length === 0) continue;
    byRate.set(rate, [...(byRate.get(rate) ?? []), ...vars]);
  }
  return [...byRate.entries()].map(([rate, variables]) => ({ optimizer: makeOptimizer(name, rate), rate, variables }));
}

/** Sets an optimizer's learning rate between steps (tfjs' SGD family has a setter; the others read a field). */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  const o = optimizer as unknown as { setLearningRate?: (r: number) => void; learningRate: number };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(rate);
  else o.learningRate = rate;
}
