import * as tf from '@tensorflow/tfjs';
import type { DenseMatrix } from '@tlkit/tensor-core';
import type { Network } from './network.js';
import type { NetworkInput } from './network-input.js';

export interface EmbedOptions {
  /** The layer whose activations are wanted, by name or index (negative from the end); default: the layer feeding the head. */
  readonly layer?: string | number;
  readonly batchSize?: number;
}

/** The activations of one layer for each row (inference mode, preprocessing applied), flattened to rows × features. */
export function embed(network: Network, X: NetworkInput, options: EmbedOptions = {}): DenseMatrix {
  const layer = options.layer ?? network.featureLayer.name;
  network.layerOutput(layer);
  const batchSize = options.batchSize ?? 512;
  const x = network.input(X, 'embed');
  try {
    const n = x.shape[0];
    const parts: Float32Array[] = [];
    let width = 0;
    for (let start = 0; start < n; start += batchSize) {
      const out = tf.tidy(() => {
        const h = network.forward(x.slice(start, Math.min(batchSize, n - start)), { outputs: [layer] })[0];
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
