import type { Network } from '@tlkit/nn';

/** Which transferred layers stay frozen while the rest is fine-tuned. */
export type FreezeSpec = number | 'none' | 'all-but-head' | { readonly upTo: string };

/**
 * The number of leading layers to keep frozen: a count, `{ upTo: name }` (frozen up to and including that layer),
 * 'none', or 'all-but-head' (every layer before the last).
 */
export function frozenCount(network: Network, freeze: FreezeSpec): number {
  const n = network.model.layers.length;
  if (freeze === 'none') return 0;
  if (freeze === 'all-but-head') return n - 1;
  if (typeof freeze === 'number') {
    if (!Number.isInteger(freeze) || freeze < 0 || freeze >= n) {
      throw new RangeError(`fineTune: freeze must be a layer count in [0, ${n - 1}] (the head always trains), got ${freeze}`);
    }
    return freeze;
  }
  const index = network.layerIndex(freeze.upTo);
  if (index === n - 1) throw new RangeError(`fineTune: freeze up to "${freeze.upTo}" would freeze the head`);
  return index + 1;
}

/** Sets layer i trainable exactly when `open(i)`; returns the names of the trainable layers that have weights. */
export function setTrainable(network: Network, open: (index: number) => boolean): string[] {
  const names: string[] = [];
  network.model.layers.forEach((layer, i) => {
    layer.trainable = open(i);
    if (layer.trainable && layer.getWeights().length > 0) names.push(layer.name);
  });
  return names;
}

/** Indices of the layers with weights, from the last transferred one down to `floor` (gradual unfreezing order). */
export function unfreezeOrder(network: Network, floor: number): number[] {
  const order: number[] = [];
  for (let i = network.model.layers.length - 2; i >= floor; i--) {
    if (network.model.layers[i].getWeights().length > 0) order.push(i);
  }
  return order;
}
