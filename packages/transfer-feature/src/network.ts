/**
 * `@tlkit/transfer-feature/network`: features of a network layer (NetworkEmbedding). A subpath of its own so that
 * users of the linear maps need neither TensorFlow.js nor @tlkit/nn.
 */
export { NetworkEmbedding, type NetworkEmbeddingOptions, type NetworkEmbeddingJSON } from './maps/network-embedding.js';
