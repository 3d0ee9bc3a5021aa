export type { FeatureMap, FeatureMapJSON, FeatureMapFitOptions, TransformOptions, Domain } from './feature-map.js';
export { PCA, type PcaOptions, type PcaJSON } from './maps/pca.js';
export { CORAL, type CoralOptions, type CoralJSON } from './maps/coral.js';
export { SubspaceAlignment, type SubspaceAlignmentOptions, type SubspaceAlignmentJSON } from './maps/subspace-alignment.js';
export { FeatureAugmentation, type FeatureAugmentationJSON } from './maps/feature-augmentation.js';
export { TCA, type TcaOptions, type TcaJSON, type TcaKernel } from './maps/tca.js';
export { featureMapFromJSON } from './map-json.js';
export {
  FeatureTransfer,
  type FeatureTransferOptions,
  type FeatureTransferFitOptions,
  type FeatureTransferJSON,
  type LabelledRows,
  type HeadKind,
} from './feature-transfer.js';
