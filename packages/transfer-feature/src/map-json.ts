import type { FeatureMap } from './feature-map.js';
import { CORAL, type CoralJSON } from './maps/coral.js';
import { FeatureAugmentation, type FeatureAugmentationJSON } from './maps/feature-augmentation.js';
import type { NetworkEmbeddingJSON } from './maps/network-embedding.js';
import { PCA, type PcaJSON } from './maps/pca.js';
import { SubspaceAlignment, type SubspaceAlignmentJSON } from './maps/subspace-alignment.js';
import { TCA, type TcaJSON } from './maps/tca.js';

/** Rebuilds any saved feature map from its JSON (async, since a network embedding loads a network). */
export async function featureMapFromJSON(json: unknown): Promise<FeatureMap> {
  const j = json as { kind?: unknown; version?: unknown } | null;
  if (typeof j !== 'object' || j === null) throw new TypeError('featureMapFromJSON: expected an object');
  if (j.version !== 1) throw new RangeError(`featureMapFromJSON: ${String(j.kind)} version ${String(j.version)} is not supported`);
  switch (j.kind) {
    case 'PCA':
      return PCA.fromJSON(j as PcaJSON);
    case 'CORAL':
      return CORAL.fromJSON(j as CoralJSON);
    case 'SubspaceAlignment':
      return SubspaceAlignment.fromJSON(j as SubspaceAlignmentJSON);
    case 'FeatureAugmentation':
      return FeatureAugmentation.fromJSON(j as FeatureAugmentationJSON);
    case 'TCA':
      return TCA.fromJSON(j as TcaJSON);
    case 'NetworkEmbedding':
      return (await loadNetworkEmbedding()).fromJSON(j as NetworkEmbeddingJSON);
    default:
      throw new TypeError(`featureMapFromJSON: unknown feature map kind ${JSON.stringify(j.kind)}`);
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
