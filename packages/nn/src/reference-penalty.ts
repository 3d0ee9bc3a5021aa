import * as tf from '@tensorflow/tfjs';
import type { Network } from './network.js';

export interface ReferencePenaltyOptions {
  /** The network whose weights are the reference (usually the source network); they are copied at creation. */
  readonly reference: Network;
  /** Strength α of the pull toward the reference on transferred layers. */
  readonly alpha: number;
  /** Strength β of plain weight decay on the layers that are new (not in the reference). */
  readonly beta?: number;
  /** The transferred layers, by name; default: every layer whose name and weight shapes match the reference's. */
  readonly layers?: readonly string[];
}

function sameShapes(a: tf.Tensor[], b: tf.Tensor[]): boolean {
  return a.length === b.length && a.every((t, i) => t.shape.join() === b[i].shape.join());
}

/**
 * L2-SP (Li, Grandvalet & Davoine 2018): Ω(w) = α/2·Σ_transferred ||w − w_ref||² + β/2·Σ_new ||w||², over
 * trainable weights. A regulariser of the model layer, shared by parameter and deep transfer. Pass `value` as
 * `train`'s `penalty`; call `dispose()` afterwards to free the reference copy.
 */
export class ReferencePenalty {
  readonly alpha: number;
  readonly beta: number;
  readonly transferred: readonly string[];
  readonly fresh: readonly string[];
  private readonly network: Network;
  private readonly referenceWeights: Map<string, tf.Tensor[]>;

  constructor(network: Network, options: ReferencePenaltyOptions) {
    const fn = 'ReferencePenalty';
    if (!(options.alpha >= 0) || !Number.isFinite(options.alpha))
      throw new RangeError(`${fn}: alpha must be a finite number ≥ 0, got ${options.alpha}`);
    const beta = options.beta ?? 0;
    if (!(beta >= 0) || !Number.isFinite(beta)) throw new RangeError(`${fn}: beta must be a finite number ≥ 0, got ${beta}`);
    this.alpha = options.alpha;
    this.beta = beta;
    this.network = network;
    const refNames = new Set(options.reference.layerNames);
    const chosen = options.layers ? new Set(options.layers) : undefined;
    for (const name of chosen ?? []) {
      network.layer(name);
      if (!refNames.has(name)) throw new RangeError(`${fn}: layer "${name}" is not in the reference network`);
    }
    const transferred: string[] = [];
    const fresh: string[] = [];
    this.referenceWeights = new Map();
    for (const layer of network.layers) {
      const own = layer.getWeights();
      if (own.length === 0) continue;
      const refLayer = refNames.has(layer.name) ? options.reference.layer(layer.name) : undefined;
      const refWeights = refLayer?.getWeights();
      const matches = refWeights !== undefined && sameShapes(own, refWeights);
      if (chosen ? chosen.has(layer.name) : matches) {
        if (!matches) throw new RangeError(`${fn}: layer "${layer.name}" has other weight shapes than in the reference`);
        transferred.push(layer.name);
        this.referenceWeights.set(
          layer.name,
          refWeights.map((w) => tf.keep(w.clone())),
        );
      } else {
        fresh.push(layer.name);
      }
    }
    this.transferred = transferred;
    this.fresh = fresh;
  }

  /** Ω at the network's current weights (only trainable layers count), as a scalar to add to the loss. */
  readonly value = (): tf.Scalar =>
    tf.tidy(() => {
      let pull: tf.Scalar = tf.scalar(0);
      let decay: tf.Scalar = tf.scalar(0);
      for (const layer of this.network.layers) {
        if (!layer.trainable) continue;
        const weights = layer.trainableWeights.map((w) => w.read());
        const reference = this.referenceWeights.get(layer.name);
        if (reference) {
          const all = layer.weights;
          for (const w of weights) {
            const ref = reference[all.findIndex((v) => v.read() === w)];
            pull = tf.add(pull, tf.sum(tf.squaredDifference(w, ref)));
          }
        } else {
          for (const w of weights) decay = tf.add(decay, tf.sum(tf.square(w)));
        }
      }
      return tf.add(tf.mul(this.alpha / 2, pull), tf.mul(this.beta / 2, decay));
    });

  dispose(): void {
    for (const ws of this.referenceWeights.values()) ws.forEach((w) => w.dispose());
    this.referenceWeights.clear();
  }
}
