import type { Network } from '@tlkit/nn';

/**
 * Which transferred layers stay frozen while the rest is fine-tuned: the first k layers (a count), every layer up
 * to and including a named one, 'none', 'all-but-head', or layers chosen by name and/or name prefix (e.g.
 * `{ prefixes: ['block1_', 'block2_'] }` for a Keras application model).
 */
export type FreezeSpec =
  | number
  | 'none'
  | 'all-but-head'
  | { readonly upTo: string }
  | { readonly names?: readonly string[]; readonly prefixes?: readonly string[] };

/** The indices (in `network.layers`) of the layers that stay frozen; the head is never among them. */
export function frozenLayers(network: Network, freeze: FreezeSpec): Set<number> {
  const layers = network.layers;
  const n = layers.length;
  const head = network.layerIndex(network.head.name);
  const range = (end: number) => new Set(Array.from({ length: end }, (_, i) => i).filter((i) => i !== head));
  if (freeze === 'none') return new Set();
  if (freeze === 'all-but-head') return range(n);
  if (typeof freeze === 'number') {
    if (!Number.isInteger(freeze) || freeze < 0 || freeze >= n) {
      throw new RangeError(`fineTune: freeze must be a layer count in [0, ${n - 1}] (the head always trains), got ${freeze}`);
    }
    return range(freeze);
  }
  if ('upTo' in freeze) {
    const index = network.layerIndex(freeze.upTo);
    if (index === head) throw new RangeError(`fineTune: freeze up to "${freeze.upTo}" would freeze the head`);
    return range(index + 1);
  }
  const frozen = new Set<number>();
  for (const name of freeze.names ?? []) {
    const index = network.layerIndex(name);
    if (index === head) throw new RangeError(`fineTune: freeze names the head "${name}", which always trains`);
    frozen.add(index);
  }
  for (const prefix of freeze.prefixes ?? []) {
    const matches = layers.map((l, i) => (l.name.startsWith(prefix) && i !== head ? i : -1)).filter((i) => i >= 0);
    if (matches.length === 0)
      throw new RangeError(`fineTune: no layer name starts with "${prefix}"; layers are ${network.layerNames.join(', ')}`);
    matches.forEach((i) => frozen.add(i));
  }
  return frozen;
}

/** Sets layer i trainable exactly when `open(i)`; returns the names of the trainable layers that have weights. */
export function setTrainable(network: Network, open: (index: number) => boolean): string[] {
  const names: string[] = [];
  network.layers.forEach((layer, i) => {
    layer.trainable = open(i);
    if (layer.trainable && layer.getWeights().length > 0) names.push(layer.name);
  });
  return names;
}

/** Indices of the transferred layers with weights that are not frozen, from the top down (gradual unfreezing order). */
export function unfreezeOrder(network: Network, frozen: ReadonlySet<number>): number[] {
  const head = network.layerIndex(network.head.name);
  const order: number[] = [];
  for (let i = network.layers.length - 1; i >= 0; i--) {
    if (i !== head && !frozen.has(i) && network.layers[i].getWeights().length > 0) order.push(i);
  }
  return order;
}
