import * as tf from '@tensorflow/tfjs';
import { applyDenseOnHeap } from '../kernels/wasm-dense.js';

/** A tfjs-layers symbolic tensor: what a layer's output is called in a model's graph. */
export type SymbolicTensor = tf.SymbolicTensor;

/** A symbolic tensor and what tfjs-layers keeps about where it comes from (public fields, untyped in the .d.ts). */
interface Symbolic {
  readonly id: number;
  readonly sourceLayer: tf.layers.Layer;
  readonly inputs: readonly Symbolic[];
  readonly nodeIndex: number;
}

interface LayerNode {
  readonly outputTensors: readonly Symbolic[];
}

function isFrozenBatchNorm(layer: tf.layers.Layer): boolean {
  return layer.getClassName() === 'BatchNormalization' && !layer.trainable;
}

function nodeOutputs(s: Symbolic): readonly Symbolic[] {
  const nodes = (s.sourceLayer as unknown as { inboundNodes: LayerNode[] }).inboundNodes;
  return nodes[s.nodeIndex].outputTensors;
}

/**
 * Runs a tfjs LayersModel (Sequential or functional: branches, skip connections, shared layers, nested models) on
 * concrete tensors, layer by layer along its graph. `feeds` maps symbolic tensors (the model's inputs, or any inner
 * output, to run only the part after it) to values; the requested `fetches` come back in order. In training mode,
 * batch-normalisation layers that are frozen (trainable = false) still run in inference mode with their moving
 * statistics — Keras' behaviour since 2.1.3, which tfjs-layers does not follow by itself.
 */
export function runLayers(
  feeds: ReadonlyMap<SymbolicTensor, tf.Tensor>,
  fetches: readonly SymbolicTensor[],
  training: boolean,
): tf.Tensor[] {
  const values = new Map<number, tf.Tensor>();
  for (const [s, v] of feeds) values.set((s as unknown as Symbolic).id, v);
  const evaluate = (s: Symbolic): tf.Tensor => {
    const known = values.get(s.id);
    if (known) return known;
    const layer = s.sourceLayer;
    if (layer.getClassName() === 'InputLayer') throw new RangeError(`runLayers: no value for the input "${layer.name}"`);
    const inputs = s.inputs.map(evaluate);
    const outputs = layer instanceof tf.LayersModel ? runModel(layer, inputs, training) : applyLayer(layer, inputs, training);
    nodeOutputs(s).forEach((o, i) => values.set(o.id, outputs[i]));
    const value = values.get(s.id);
    if (!value) throw new Error(`runLayers: layer "${layer.name}" gave no output ${s.id}`);
    return value;
  };
  return fetches.map((f) => evaluate(f as unknown as Symbolic));
}

function applyLayer(layer: tf.layers.Layer, inputs: tf.Tensor[], training: boolean): tf.Tensor[] {
  const dense = applyDenseOnHeap(layer, inputs);
  if (dense) return [dense];
  const out = layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training: training && !isFrozenBatchNorm(layer) });
  return Array.isArray(out) ? (out as tf.Tensor[]) : [out as tf.Tensor];
}

/** A whole model on its inputs (also a model nested as a layer of another). */
function runModel(model: tf.LayersModel, inputs: readonly tf.Tensor[], training: boolean): tf.Tensor[] {
  if (inputs.length !== model.inputs.length) {
    throw new RangeError(`runLayers: model "${model.name}" takes ${model.inputs.length} inputs, got ${inputs.length}`);
  }
  return runLayers(new Map(model.inputs.map((s, i) => [s, inputs[i]])), model.outputs, training);
}
