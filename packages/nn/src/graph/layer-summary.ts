import type * as tf from '@tensorflow/tfjs';

/** One layer of a model, as `inspect` lists it. */
export interface LayerSummary {
  readonly name: string;
  /** The tfjs/Keras class name, e.g. 'Conv2D', 'BatchNormalization', 'Add'. */
  readonly type: string;
  /** The output shape without the batch axis (null for a free size); several for a multi-output layer. */
  readonly outputShape: (number | null)[] | (number | null)[][];
  readonly parameters: number;
  readonly trainable: boolean;
  /** The layers it reads from (empty for an input layer). */
  readonly inputs: readonly string[];
}

function withoutBatch(shape: unknown): (number | null)[] | (number | null)[][] {
  const s = shape as (number | null)[] | (number | null)[][];
  if (Array.isArray(s[0])) return (s as (number | null)[][]).map((t) => t.slice(1));
  return (s as (number | null)[]).slice(1);
}

/** The layers of a model in graph order with their types, output shapes and parameter counts. */
export function describeLayers(model: tf.LayersModel): LayerSummary[] {
  return model.layers.map((layer) => {
    const nodes = (layer as unknown as { inboundNodes: { inboundLayers: tf.layers.Layer[] }[] }).inboundNodes;
    const inputs = [...new Set(nodes.flatMap((n) => n.inboundLayers.map((l) => l.name)))];
    return {
      name: layer.name,
      type: layer.getClassName(),
      outputShape: withoutBatch(layer.outputShape),
      parameters: layer.countParams(),
      trainable: layer.trainable,
      inputs,
    };
  });
}
