import * as tf from '@tensorflow/tfjs';
import type { DenseMatrix } from '@tlkit/tensor-core';
import { inputTensor, type NetworkInput } from '../network-input.js';
import { checkPreprocessing, preprocess, type Preprocessing } from '../preprocessing.js';
import { handlerOf, type PretrainedSource } from './load-pretrained.js';

export interface GraphFeaturesOptions {
  /** The shape of one input row; default: the graph's input shape (required where it has free sizes). */
  readonly inputShape?: readonly number[];
  /** The node whose values are the features; default: the graph's output. */
  readonly node?: string;
  readonly preprocessing?: Preprocessing;
}

interface GraphNode {
  readonly name: string;
  readonly op: string;
}

/**
 * A TensorFlow.js graph model (`"format": "graph-model"`, what tensorflowjs_converter makes of a SavedModel or a
 * frozen graph) as a frozen feature extractor: it has no layers to train, but any of its nodes can be read as
 * features, e.g. for a ridge head (`RidgeClassifierCV` from `@tlkit/ridge`) or a transfer-feature map.
 */
export class GraphFeatures {
  readonly model: tf.GraphModel;
  readonly inputShape: readonly number[];
  readonly node: string;
  readonly preprocessing: Preprocessing | undefined;
  private readonly graphNodes: readonly GraphNode[];

  constructor(model: tf.GraphModel, nodes: readonly GraphNode[], options: GraphFeaturesOptions = {}) {
    if (model.inputs.length !== 1)
      throw new TypeError(`GraphFeatures: tlkit reads graphs with one input; this one has ${model.inputs.length}`);
    const own = (model.inputs[0].shape ?? []).slice(1);
    const shape = options.inputShape ? [...options.inputShape] : own;
    if (
      shape.some((d) => !Number.isInteger(d) || d < 1) ||
      shape.length !== own.length ||
      shape.some((d, i) => own[i] !== -1 && own[i] !== d)
    ) {
      throw new RangeError(
        `GraphFeatures: the graph takes input [${own.join(', ')}]; pass an inputShape that fits it (got [${shape.join(', ')}])`,
      );
    }
    this.model = model;
    this.graphNodes = nodes;
    this.inputShape = shape;
    this.node = options.node ?? model.outputs[0].name;
    if (!nodes.some((n) => n.name === this.node.split(':')[0])) {
      throw new RangeError(`GraphFeatures: no node named "${this.node}"; nodes are ${nodes.map((n) => n.name).join(', ')}`);
    }
    this.preprocessing = checkPreprocessing('GraphFeatures', options.preprocessing, shape);
  }

  /** The graph's nodes (name and op), in the order of the model file. */
  get nodes(): readonly GraphNode[] {
    return this.graphNodes;
  }

  /** The values of the feature node for each row (preprocessing applied), flattened to rows × features. */
  embed(X: NetworkInput, options: { node?: string; batchSize?: number } = {}): DenseMatrix {
    const node = options.node ?? this.node;
    const batchSize = options.batchSize ?? 256;
    const raw = inputTensor('GraphFeatures.embed', X, this.inputShape);
    const x = preprocess(raw, this.preprocessing);
    raw.dispose();
    try {
      const n = x.shape[0];
      const parts: Float32Array[] = [];
      let width = 0;
      for (let start = 0; start < n; start += batchSize) {
        const out = tf.tidy(() => {
          const h = this.model.execute(x.slice(start, Math.min(batchSize, n - start)), node) as tf.Tensor;
          return h.reshape([h.shape[0], -1]);
        });
        width = out.shape[1] ?? 0;
        parts.push(Float32Array.from(out.dataSync()));
        out.dispose();
      }
      const data = new Float64Array(n * width);
      let offset = 0;
      for (const p of parts) {
        data.set(p, offset);
        offset += p.length;
      }
      return { rows: n, cols: width, data };
    } finally {
      x.dispose();
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** Loads a TensorFlow.js graph model (URL, IOHandler or File objects, as `loadPretrained`) as a frozen feature extractor. */
export async function loadGraphFeatures(source: PretrainedSource, options: GraphFeaturesOptions = {}): Promise<GraphFeatures> {
  const handler = handlerOf(source, typeof source === 'string' ? source : 'the handler');
  if (!handler.load) throw new TypeError('loadGraphFeatures: the handler cannot load');
  const artifacts = await handler.load();
  if (artifacts.format !== 'graph-model') {
    throw new TypeError(
      `loadGraphFeatures: not a graph model (format ${JSON.stringify(artifacts.format)}); load a layers model with loadPretrained`,
    );
  }
  const topology = artifacts.modelTopology as { node?: GraphNode[] } | undefined;
  const nodes = (topology?.node ?? []).map((n) => ({ name: n.name, op: n.op }));
  const model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
  try {
    return new GraphFeatures(model, nodes, options);
  } catch (error) {
    model.dispose();
    throw error;
  }
}
