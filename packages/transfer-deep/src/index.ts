export { fineTune, type FineTuneOptions, type FineTuneResult, type FineTuneStage } from './fine-tune.js';
export { dann, type DannOptions, type DannProgress, type DannResult } from './dann.js';
export {
  adaptDomains,
  type Alignment,
  type AdaptationProgress,
  type AdaptationResult,
  type DomainAdaptationOptions,
} from './domain-adaptation.js';
export { coralLoss, mmdLoss } from './alignment-losses.js';
export { gradientReversal, ganinLambda } from './gradient-reversal.js';
export type { FreezeSpec } from './freezing.js';
