export {
  ParameterTransfer,
  type ParameterTransferOptions,
  type ParameterTransferJSON,
  type ScalerMode,
  type TransferSource,
  type TransferPrediction,
} from './parameter-transfer.js';
export { resolveSource, type LinearSource, type LinearSourceJSON, type LinearModelLike, type ResolvedSource } from './linear-source.js';
