import * as tf from '@tensorflow/tfjs';
import { accuracy, r2Score, type DenseMatrix, type StandardScalerJSON, type TableSchema } from '@tlkit/tensor-core';
import { runLayers, type SymbolicTensor } from './graph/run-layers.js';
import { describeLayers, type LayerSummary } from './graph/layer-summary.js';
import { inputTensor, targetTensor, type NetworkInput, type NetworkTargets } from './network-input.js';
import type { ClassLabel, ResolvedOutput } from './output-spec.js';
import { lossFor } from './training/losses.js';
import { checkPreprocessing, preprocess, type Preprocessing } from './preprocessing.js';

/** What travels with a network: what it predicts, what it takes, and what a later user needs to use it. */
export interface NetworkInfo {
  readonly output: ResolvedOutput;
  readonly inputShape: readonly number[];
  /** The seed the network was built (and last trained) with. */
  readonly seed: number;
  readonly architecture: 'mlp' | 'cnn' | 'custom';
  /** How raw rows become the model's input (scale, mean, std); applied by every method that takes rows. */
  readonly preprocessing?: Preprocessing;
  /** The feature schema of the table it was trained on, when it came from a table. */
  readonly schema?: TableSchema;
  /** The scaler fitted on the training features, when one was used. */
  readonly scaler?: StandardScalerJSON;
  /** Free-form settings of the methods that made it (e.g. transfer settings). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface ForwardOptions {
  /** Training mode: dropout on, batch statistics in (trainable) batch-norm layers. Default false. */
  readonly training?: boolean;
  /** The layers whose outputs are wanted, by name or index (default: the model's output). */
  readonly outputs?: readonly (string | number)[];
}

const PREDICT_BATCH = 1024;

function isInputLayer(layer: tf.layers.Layer): boolean {
  return layer.getClassName() === 'InputLayer';
}

/**
 * A TensorFlow.js LayersModel — Sequential or functional (branches, skip connections, shared layers) — with its
 * metadata: one input, one output. The model is public: transfer code reads and sets its layers. `dispose()` frees
 * its weights.
 */
export class Network {
  readonly model: tf.LayersModel;
  readonly info: NetworkInfo;

  constructor(model: tf.LayersModel, info: NetworkInfo) {
    if (model.inputs.length !== 1 || model.outputs.length !== 1) {
      throw new TypeError(
        `Network: tlkit networks have one input and one output; this model has ${model.inputs.length} and ${model.outputs.length}`,
      );
    }
    this.model = model;
    const preprocessing = checkPreprocessing('Network', info.preprocessing, info.inputShape);
    this.info = { ...info, inputShape: [...info.inputShape], ...(preprocessing ? { preprocessing } : {}) };
  }

  get output(): ResolvedOutput {
    return this.info.output;
  }

  get inputShape(): readonly number[] {
    return this.info.inputShape;
  }

  /** The model's layers in graph order, input layers left out (what names and indices refer to). */
  get layers(): tf.layers.Layer[] {
    return this.model.layers.filter((l) => !isInputLayer(l));
  }

  get layerNames(): string[] {
    return this.layers.map((l) => l.name);
  }

  /** The layer that gives the model's output. */
  get head(): tf.layers.Layer {
    return (this.model.outputs[0] as unknown as { sourceLayer: tf.layers.Layer }).sourceLayer;
  }

  /** Where features are read and new heads attach by default: the layer feeding the head. */
  get featureLayer(): tf.layers.Layer {
    const inputs = (this.model.outputs[0] as unknown as { inputs: { sourceLayer: tf.layers.Layer }[] }).inputs;
    if (inputs.length !== 1 || isInputLayer(inputs[0].sourceLayer)) {
      throw new RangeError(`Network: the head "${this.head.name}" does not follow a single layer; name the layer to cut at`);
    }
    return inputs[0].sourceLayer;
  }

  /** A layer by name or index (negative counts from the end), with an error naming the layers there are. */
  layer(which: string | number): tf.layers.Layer {
    const layers = this.layers;
    if (typeof which === 'number') {
      const i = which < 0 ? layers.length + which : which;
      if (!Number.isInteger(which) || i < 0 || i >= layers.length) {
        throw new RangeError(`Network.layer: index ${which} is out of range for ${layers.length} layers`);
      }
      return layers[i];
    }
    const found = layers.find((l) => l.name === which);
    if (!found) throw new RangeError(`Network.layer: no layer named "${which}"; layers are ${this.layerNames.join(', ')}`);
    return found;
  }

  /** The index of a layer given by name or index. */
  layerIndex(which: string | number): number {
    return this.layers.indexOf(this.layer(which));
  }

  /** The symbolic output of a layer in this model's graph (a layer called more than once is ambiguous). */
  layerOutput(which: string | number): SymbolicTensor {
    const layer = this.layer(which);
    const calls = (layer as unknown as { inboundNodes: unknown[] }).inboundNodes.length;
    if (calls !== 1) throw new RangeError(`Network: layer "${layer.name}" is shared (called ${calls} times); name a layer used once`);
    return layer.output as SymbolicTensor;
  }

  /** Name, type, output shape, parameter count and trainability of every layer. */
  describe(): LayerSummary[] {
    return describeLayers(this.model);
  }

  /** A copy of this network's metadata with some fields replaced; the model is shared, not copied. */
  withInfo(patch: Partial<NetworkInfo>): Network {
    return new Network(this.model, { ...this.info, ...patch });
  }

  /** Rows as the model's input: a float32 tensor [n, ...inputShape], preprocessed; the caller disposes it. */
  input(X: NetworkInput, fn = 'Network.input'): tf.Tensor {
    const x = inputTensor(fn, X, this.inputShape);
    if (!this.info.preprocessing) return x;
    try {
      return preprocess(x, this.info.preprocessing);
    } finally {
      x.dispose();
    }
  }

  /**
   * Runs the model on input tensors (already preprocessed, as `input` gives them): the model's output, or the
   * outputs of the named layers in one pass. Frozen batch-norm layers run in inference mode even when training.
   */
  forward(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor[] {
    const fetches = options.outputs ? options.outputs.map((w) => this.layerOutput(w)) : [this.model.outputs[0]];
    return runLayers(new Map([[this.model.inputs[0], x]]), fetches, options.training ?? false);
  }

  /** The training loss of outputs against targets: mean cross-entropy for a classifier, mean squared error for regression. */
  loss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
    return lossFor(this.output, yTrue, yPred);
  }

  /** Outputs per row: class probabilities for a classifier, values for regression. */
  predict(X: NetworkInput): DenseMatrix {
    const x = this.input(X, 'Network.predict');
    try {
      const n = x.shape[0];
      const parts: Float32Array[] = [];
      let cols = 0;
      for (let start = 0; start < n; start += PREDICT_BATCH) {
        const out = tf.tidy(() => {
          const h = this.forward(x.slice(start, Math.min(PREDICT_BATCH, n - start)))[0];
          return h.reshape([h.shape[0], -1]);
        });
        cols = out.shape[1] ?? 0;
        parts.push(out.dataSync() as Float32Array);
        out.dispose();
      }
      const data = new Float64Array(n * cols);
      let offset = 0;
      for (const p of parts) {
        data.set(p, offset);
        offset += p.length;
      }
      return { rows: n, cols, data };
    } finally {
      x.dispose();
    }
  }

  /** The most probable class of each row (classifiers only). */
  predictLabels(X: NetworkInput): ClassLabel[] {
    const output = this.output;
    if (output.kind !== 'classification') throw new TypeError('Network.predictLabels: the network is a regression network');
    const P = this.predict(X);
    const labels: ClassLabel[] = [];
    for (let i = 0; i < P.rows; i++) {
      let best = 0;
      for (let c = 1; c < P.cols; c++) if (P.data[i * P.cols + c] > P.data[i * P.cols + best]) best = c;
      labels.push(output.classes[best]);
    }
    return labels;
  }

  /** Accuracy for a classifier, R² (averaged over outputs) for regression. */
  score(X: NetworkInput, y: NetworkTargets): number {
    if (this.output.kind === 'classification') return accuracy(y as readonly ClassLabel[], this.predictLabels(X));
    const P = this.predict(X);
    const T = targetTensor('Network.score', y, this.output, P.rows);
    const t = T.dataSync();
    T.dispose();
    let total = 0;
    for (let c = 0; c < P.cols; c++) {
      const tc = Float64Array.from({ length: P.rows }, (_, i) => t[i * P.cols + c]);
      const pc = Float64Array.from({ length: P.rows }, (_, i) => P.data[i * P.cols + c]);
      total += r2Score(tc, pc);
    }
    return total / P.cols;
  }

  dispose(): void {
    this.model.dispose();
  }
}
