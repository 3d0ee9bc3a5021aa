import type { FeatureMap } from './feature-map.js';
import { CORAL, type CoralJSON } from './maps/coral.js';
import { FeatureAugmentation, type FeatureAugmentationJSON } from './maps/feature-augmentation.js';
import { NetworkEmbedding, type NetworkEmbeddingJSON } from './maps/network-embedding.js';
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
      return NetworkEmbedding.fromJSON(j as NetworkEmbeddingJSON);
    default:
      throw new TypeError(`featureMapFromJSON: unknown feature map kind ${JSON.stringify(j.kind)}`);
  }
}
