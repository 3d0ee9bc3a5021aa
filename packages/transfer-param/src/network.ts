/**
 * `@tlkit/transfer-param/network`: parameter transfer for networks (warm start and L2-SP toward the source weights).
 * A subpath of its own so that users of the fp64 ridge methods need neither TensorFlow.js nor @tlkit/nn.
 */
export {
  transferNetwork,
  type NetworkTransferOptions,
  type NetworkTransferResult,
  type NetworkTransferMethod,
} from './network-transfer.js';
