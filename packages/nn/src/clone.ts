import * as tf from '@tensorflow/tfjs';
import { Random } from '@tlkit/tensor-core';
import { assertBackendReady } from './backend-ready.js';
import { Network } from './network.js';
import { outputUnits, resolveOutput, type OutputSpec, type ResolvedOutput } from './output-spec.js';

export interface CloneOptions {
  /** A new output: the head is replaced by a fresh layer of this size (new classes, or regression). */
  readonly output?: OutputSpec;
  /** Seed of the new head's initialiser (default: the source's seed). */
  readonly seed?: number;
}

interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

function sameOutput(a: ResolvedOutput, b: ResolvedOutput): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A copy of a network's structure and weights that shares nothing with it (the source stays untouched). With
 * `output`, the last layer (`head`) is rebuilt for the new task with freshly initialised, seeded weights.
 */
export async function cloneNetwork(source: Network, options: CloneOptions = {}): Promise<Network> {
  assertBackendReady('cloneNetwork');
  const output = options.output ? resolveOutput('cloneNetwork', options.output) : source.output;
  const replaceHead = !sameOutput(output, source.output);
  const topology = source.model.toJSON(null, false) as unknown as { config: { layers: LayerJson[] } };
  const layers = topology.config.layers;
  if (replaceHead) {
    const head = layers[layers.length - 1];
    if (head.class_name !== 'Dense') throw new TypeError(`cloneNetwork: the last layer is a ${head.class_name}, not a Dense head`);
    const seed = new Random(options.seed ?? source.info.seed).nextSeed();
    head.config = {
      ...head.config,
      units: outputUnits(output),
      activation: output.kind === 'classification' ? 'softmax' : 'linear',
      kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed } },
      trainable: true,
    };
  }
  const model = await tf.models.modelFromJSON({ modelTopology: topology as unknown as tf.io.ModelJSON['modelTopology'] });
  if (!(model instanceof tf.Sequential)) throw new TypeError('cloneNetwork: the source is not a Sequential model');
  const copied = replaceHead ? model.layers.length - 1 : model.layers.length;
  for (let i = 0; i < copied; i++) model.layers[i].setWeights(source.model.layers[i].getWeights());
  model.layers.forEach((layer, i) => {
    layer.trainable = replaceHead && i === model.layers.length - 1 ? true : source.model.layers[i].trainable;
  });
  return new Network(model, { ...source.info, output, seed: options.seed ?? source.info.seed });
}
