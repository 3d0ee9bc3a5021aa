import * as tf from '@tensorflow/tfjs';
import { Random } from '@tlkit/tensor-core';
import { assertBackendReady } from './backend-ready.js';
import { Network } from './network.js';
import { outputUnits, resolveOutput, type OutputSpec, type ResolvedOutput } from './output-spec.js';

export interface CloneOptions {
  /** A new output: a fresh head of this size (new classes, or regression) replaces the old one. */
  readonly output?: OutputSpec;
  /**
   * Cut the copy at this layer (name or index) and put a new head on it: the layers after it are left out. Default:
   * the layer feeding the head, when the output changes.
   */
  readonly cutAt?: string | number;
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

function headConfig(output: ResolvedOutput, seed: number): Record<string, unknown> {
  return {
    units: outputUnits(output),
    activation: output.kind === 'classification' ? 'softmax' : 'linear',
    kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed } },
    trainable: true,
  };
}

/** A whole copy of the model: the same topology, the weights and trainability of every layer. */
async function copyModel(source: Network): Promise<tf.LayersModel> {
  const copy = await tf.models.modelFromJSON({ modelTopology: source.model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'] });
  for (const layer of copy.layers) {
    const from = source.model.getLayer(layer.name);
    layer.setWeights(from.getWeights());
    layer.trainable = from.trainable;
  }
  return copy;
}

/** A Sequential source whose own head is replaced: its topology with a new head config (it stays Sequential). */
async function sequentialWithNewHead(source: Network, output: ResolvedOutput, seed: number): Promise<tf.LayersModel> {
  const topology = source.model.toJSON(null, false) as unknown as { config: { layers: LayerJson[] } };
  const layers = topology.config.layers;
  const head = layers[layers.length - 1];
  head.config = { ...head.config, ...headConfig(output, seed) };
  const model = await tf.models.modelFromJSON({ modelTopology: topology as unknown as tf.io.ModelJSON['modelTopology'] });
  model.layers.forEach((layer, i) => {
    if (i < model.layers.length - 1) {
      layer.setWeights(source.model.layers[i].getWeights());
      layer.trainable = source.model.layers[i].trainable;
    }
  });
  return model;
}

/** A whole copy, then a new head on the output of `cut`; the layers past the cut are disposed. */
async function functionalWithNewHead(source: Network, cut: string, output: ResolvedOutput, seed: number): Promise<tf.LayersModel> {
  const copy = await copyModel(source);
  const copied = new Network(copy, source.info);
  let features = copied.layerOutput(cut);
  const taken = ancestorNames(features);
  if (features.shape.length > 2)
    features = tf.layers.flatten({ name: uniqueName(taken, 'head_flatten') }).apply(features) as tf.SymbolicTensor;
  const name = uniqueName(taken, 'head');
  const head = tf.layers.dense({
    name,
    units: outputUnits(output),
    activation: output.kind === 'classification' ? 'softmax' : 'linear',
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
  });
  const model = tf.model({ inputs: copy.inputs, outputs: head.apply(features) as tf.SymbolicTensor, name: copy.name });
  const kept = new Set(model.layers);
  for (const layer of copy.layers) if (!kept.has(layer)) layer.dispose();
  return model;
}

/** The names of the layers a symbolic tensor depends on (what a model cut there keeps). */
function ancestorNames(s: tf.SymbolicTensor): Set<string> {
  const names = new Set<string>();
  const stack = [s as unknown as { sourceLayer: tf.layers.Layer; inputs: unknown[] }];
  while (stack.length > 0) {
    const t = stack.pop();
    if (!t || names.has(t.sourceLayer.name)) continue;
    names.add(t.sourceLayer.name);
    for (const input of t.inputs as (typeof t)[]) stack.push(input);
  }
  return names;
}

/** `base`, or `base_2`, … : a layer name the cut model does not use yet. */
function uniqueName(taken: Set<string>, base: string): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

/**
 * A copy of a network's structure and weights that shares nothing with it (the source stays untouched). With
 * `output` (or `cutAt`), the copy is cut at a layer — by default the one feeding the head — and a new head of
 * freshly initialised, seeded weights is put on it; Sequential and functional models alike.
 */
export async function cloneNetwork(source: Network, options: CloneOptions = {}): Promise<Network> {
  assertBackendReady('cloneNetwork');
  const output = options.output ? resolveOutput('cloneNetwork', options.output) : source.output;
  const seed = options.seed ?? source.info.seed;
  const cut = options.cutAt === undefined ? undefined : source.layer(options.cutAt).name;
  if (cut !== undefined && cut === source.head.name)
    throw new RangeError(`cloneNetwork: cutting at the head "${cut}" leaves no layer for a new head`);
  const newHead = cut !== undefined || !sameOutput(output, source.output);
  const headSeed = new Random(seed).nextSeed();
  let model: tf.LayersModel;
  if (!newHead) {
    model = await copyModel(source);
  } else if (
    source.model instanceof tf.Sequential &&
    source.head.getClassName() === 'Dense' &&
    (cut === undefined || cut === source.featureLayer.name)
  ) {
    model = await sequentialWithNewHead(source, output, headSeed);
  } else {
    model = await functionalWithNewHead(source, cut ?? source.featureLayer.name, output, headSeed);
  }
  return new Network(model, { ...source.info, output, seed });
}
