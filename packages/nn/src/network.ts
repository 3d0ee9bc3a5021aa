import * as tf from '@tensorflow/tfjs';
import { accuracy, r2Score, type DenseMatrix, type StandardScalerJSON, type TableSchema } from '@tlkit/tensor-core';
import { inputTensor, targetTensor, type NetworkInput, type NetworkTargets } from './network-input.js';
import type { ClassLabel, ResolvedOutput } from './output-spec.js';

/** What travels with a network: what it predicts, what it takes, and what a later user needs to use it. */
export interface NetworkInfo {
  readonly output: ResolvedOutput;
  readonly inputShape: readonly number[];
  /** The seed the network was built (and last trained) with. */
  readonly seed: number;
  readonly architecture: 'mlp' | 'cnn' | 'custom';
  /** The feature schema of the table it was trained on, when it came from a table. */
  readonly schema?: TableSchema;
  /** The scaler fitted on the training features, when one was used. */
  readonly scaler?: StandardScalerJSON;
  /** Free-form settings of the methods that made it (e.g. transfer settings). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

const PREDICT_BATCH = 1024;

/**
 * A TensorFlow.js Sequential model with its metadata. The model is public: transfer code reads and sets its
 * layers. `dispose()` frees its weights.
 */
export class Network {
  readonly model: tf.Sequential;
  readonly info: NetworkInfo;

  constructor(model: tf.Sequential, info: NetworkInfo) {
    this.model = model;
    this.info = { ...info, inputShape: [...info.inputShape] };
  }

  get output(): ResolvedOutput {
    return this.info.output;
  }

  get inputShape(): readonly number[] {
    return this.info.inputShape;
  }

  get layerNames(): string[] {
    return this.model.layers.map((l) => l.name);
  }

  /** A layer by name or index (negative counts from the end), with an error naming the layers there are. */
  layer(which: string | number): tf.layers.Layer {
    const layers = this.model.layers;
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
    return this.model.layers.indexOf(this.layer(which));
  }

  /** A copy of this network's metadata with some fields replaced; the model is shared, not copied. */
  withInfo(patch: Partial<NetworkInfo>): Network {
    return new Network(this.model, { ...this.info, ...patch });
  }

  /** Outputs per row: class probabilities for a classifier, values for regression. */
  predict(X: NetworkInput): DenseMatrix {
    const x = inputTensor('Network.predict', X, this.inputShape);
    try {
      const out = tf.tidy(() => this.model.predict(x, { batchSize: PREDICT_BATCH }) as tf.Tensor2D);
      const [rows, cols] = out.shape;
      const data = Float64Array.from(out.dataSync());
      out.dispose();
      return { rows, cols, data };
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
