import { checkSavedHeader } from '@tlkit/tensor-core';
import type { FeatureMap } from './feature-map.js';
import { CORAL, type CoralJSON } from './maps/coral.js';
import { FeatureAugmentation, type FeatureAugmentationJSON } from './maps/feature-augmentation.js';
import type { NetworkEmbeddingJSON } from './maps/network-embedding.js';
import { PCA, type PcaJSON } from './maps/pca.js';
import { SubspaceAlignment, type SubspaceAlignmentJSON } from './maps/subspace-alignment.js';
import { TCA, type TcaJSON } from './maps/tca.js';

const MAP_KINDS = ['PCA', 'CORAL', 'SubspaceAlignment', 'FeatureAugmentation', 'TCA', 'NetworkEmbedding'];

/** Rebuilds any saved feature map from its JSON (async, since a network embedding loads a network). */
export async function featureMapFromJSON(json: unknown): Promise<FeatureMap> {
  const fn = 'featureMapFromJSON';
  const kind = typeof json === 'object' && json !== null ? (json as { kind?: unknown }).kind : undefined;
  if (typeof kind !== 'string' || !MAP_KINDS.includes(kind)) {
    const what =
      typeof json !== 'object' || json === null
        ? `not an object (${json === null ? 'null' : typeof json})`
        : kind === undefined
          ? 'no kind'
          : `kind ${JSON.stringify(kind)}`;
    throw new TypeError(`${fn}: expected a saved feature map (kind ${MAP_KINDS.join(', ')}), got ${what}`);
  }
  checkSavedHeader(fn, json, { kind, version: 1 });
  switch (kind) {
    case 'PCA':
      return PCA.fromJSON(json as PcaJSON);
    case 'CORAL':
      return CORAL.fromJSON(json as CoralJSON);
    case 'SubspaceAlignment':
      return SubspaceAlignment.fromJSON(json as SubspaceAlignmentJSON);
    case 'FeatureAugmentation':
      return FeatureAugmentation.fromJSON(json as FeatureAugmentationJSON);
    case 'TCA':
      return TCA.fromJSON(json as TcaJSON);
    case 'NetworkEmbedding':
      return (await loadNetworkEmbedding()).fromJSON(json as NetworkEmbeddingJSON);
    default:
      throw new TypeError(`${fn}: unknown feature map kind ${kind}`);
  }
}

/** The network map loads on demand: it needs @tlkit/nn and TensorFlow.js, which users of the linear maps may not have. */
async function loadNetworkEmbedding(): Promise<typeof import('./maps/network-embedding.js').NetworkEmbedding> {
  try {
    return (await import('./maps/network-embedding.js')).NetworkEmbedding;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`featureMapFromJSON: a NetworkEmbedding needs @tlkit/nn and @tensorflow/tfjs installed (${reason})`, { cause: error });
  }
}
