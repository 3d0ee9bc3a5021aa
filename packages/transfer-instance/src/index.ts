export type { InstanceWeighting, InstanceWeightingJSON, ScaleMode } from './instance-weighting.js';
export { DomainClassifierWeighting, type DomainClassifierOptions, type DomainClassifierJSON } from './domain-classifier.js';
export { KMM, type KMMOptions, type KMMJSON } from './kmm.js';
export { KLIEP, type KLIEPOptions, type KLIEPJSON } from './kliep.js';
export { ULSIF, RuLSIF, type LsifOptions, type RuLSIFOptions, type LsifJSON, type LsifCurve } from './lsif.js';
export { weightingFromJSON } from './weighting-json.js';
export {
  InstanceTransfer,
  makeWeighting,
  WEIGHTING_NAMES,
  type InstanceTransferOptions,
  type InstanceTransferFitOptions,
  type InstanceTransferJSON,
  type WeightingName,
  type HeadKind,
} from './instance-transfer.js';
export { TrAdaBoost, type TrAdaBoostOptions, type TrAdaBoostJSON } from './tradaboost.js';
export { TrAdaBoostR2, type TrAdaBoostR2Options, type TrAdaBoostR2JSON } from './tradaboost-r2.js';
export { TwoStageTrAdaBoostR2, type TwoStageTrAdaBoostR2Options, type TwoStageTrAdaBoostR2JSON } from './two-stage-tradaboost-r2.js';
export type { LabelledRows } from './internal/labelled-rows.js';
export type { BoostLoss } from './internal/boost-r2.js';
