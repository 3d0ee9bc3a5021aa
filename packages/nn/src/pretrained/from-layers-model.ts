import * as tf from '@tensorflow/tfjs';
import { Network } from '../network.js';
import { resolveOutput, type OutputSpec, type ResolvedOutput } from '../output-spec.js';
import type { Preprocessing } from '../preprocessing.js';

/** What tlkit needs to know about a model it did not build. */
export interface PretrainedOptions {
  /** The model's output; default: a softmax head of k units reads as classes 0…k−1, anything else as k regression outputs. */
  readonly output?: OutputSpec;
  /** The shape of one input row; default: the model's input shape (required where it has free sizes). */
  readonly inputShape?: readonly number[];
  /** How raw rows become the model's input (e.g. `{ scale: 1 / 255 }`); saved with the network. */
  readonly preprocessing?: Preprocessing;
  readonly seed?: number;
}

function isSoftmax(layer: tf.layers.Layer): boolean {
  const config = layer.getConfig() as { activation?: unknown };
  return config.activation === 'softmax' || layer.getClassName() === 'Softmax';
}

/** The output a model's head implies: classes for a softmax head, regression values otherwise. */
function inferOutput(model: tf.LayersModel): ResolvedOutput {
  const out = model.outputs[0];
  const units = out.shape[out.shape.length - 1];
  if (out.shape.length !== 2 || units === null) {
    throw new TypeError(`fromLayersModel: the model's output has shape [${out.shape.join(', ')}]; tlkit needs one vector per row`);
  }
  const head = (out as unknown as { sourceLayer: tf.layers.Layer }).sourceLayer;
  if (isSoftmax(head) && units >= 2) return resolveOutput('fromLayersModel', { kind: 'classification', classes: units });
  return resolveOutput('fromLayersModel', { kind: 'regression', units });
}

function inputShapeOf(model: tf.LayersModel, given: readonly number[] | undefined): number[] {
  const own = model.inputs[0].shape.slice(1);
  if (given) {
    const shape = [...given];
    if (shape.length !== own.length || shape.some((d, i) => !Number.isInteger(d) || d < 1 || (own[i] !== null && own[i] !== d))) {
      throw new RangeError(
        `fromLayersModel: inputShape [${shape.join(', ')}] does not fit the model's input [${own.map(String).join(', ')}]`,
      );
    }
    return shape;
  }
  if (own.some((d) => d === null)) {
    throw new RangeError(`fromLayersModel: the model's input [${own.map(String).join(', ')}] has free sizes; pass inputShape`);
  }
  return own as number[];
}

/**
 * Wraps any tfjs LayersModel — Sequential or functional, built in tfjs or converted from Keras — as a tlkit
 * Network, so every method that takes a network (embed, fineTune, transferNetwork, dann, adaptDomains, bundles)
 * takes it. The model is used as it is (not copied); `dispose()` on the network frees it.
 */
export function fromLayersModel(model: tf.LayersModel, options: PretrainedOptions = {}): Network {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new TypeError(
      `fromLayersModel: tlkit uses models with one input and one output; this one has ${model.inputs.length} and ${model.outputs.length}`,
    );
  }
  const output = options.output ? resolveOutput('fromLayersModel', options.output) : inferOutput(model);
  const inputShape = inputShapeOf(model, options.inputShape);
  return new Network(model, {
    output,
    inputShape,
    seed: options.seed ?? 0,
    architecture: 'custom',
    ...(options.preprocessing ? { preprocessing: options.preprocessing } : {}),
  });
}
