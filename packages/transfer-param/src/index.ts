export { ParameterTransfer, type ParameterTransferOptions, type ParameterTransferJSON, type ScalerMode } from './parameter-transfer.js';
export { resolveSource, type LinearSource, type LinearSourceJSON, type LinearModelLike, type ResolvedSource } from './linear-source.js';
