import * as tf from '@tensorflow/tfjs';
import type { DenseMatrix } from '@tlkit/tensor-core';
import type { Network } from './network.js';
import { inputTensor, type NetworkInput } from './network-input.js';
import { forward } from './training/forward.js';

export interface EmbedOptions {
  /** The layer whose activations are wanted, by name or index (negative from the end); default: the layer before the head. */
  readonly layer?: string | number;
  readonly batchSize?: number;
}

/** The activations of one layer for each row (inference mode), flattened to rows × features. */
export function embed(network: Network, X: NetworkInput, options: EmbedOptions = {}): DenseMatrix {
  const index = network.layerIndex(options.layer ?? -2);
  const batchSize = options.batchSize ?? 512;
  const x = inputTensor('embed', X, network.inputShape);
  try {
    const n = x.shape[0];
    const parts: Float32Array[] = [];
    let width = 0;
    for (let start = 0; start < n; start += batchSize) {
      const out = tf.tidy(() => {
        const h = forward(network.model, x.slice(start, Math.min(batchSize, n - start)), false, index);
        return h.reshape([h.shape[0], -1]);
      });
      width = out.shape[1] ?? 0;
      parts.push(out.dataSync() as Float32Array);
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
