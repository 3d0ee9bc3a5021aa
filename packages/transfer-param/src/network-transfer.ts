import { checkOneOf } from '@tlkit/tensor-core';
import {
  cloneNetwork,
  ReferencePenalty,
  train,
  type Network,
  type OutputSpec,
  type TrainData,
  type TrainHistory,
  type TrainOptions,
} from '@tlkit/nn';

export type NetworkTransferMethod = 'warm-start' | 'l2-sp';

export interface NetworkTransferOptions extends Omit<TrainOptions, 'penalty'> {
  /** 'l2-sp' (default): pull transferred weights toward the source's; 'warm-start': start from them, no pull. */
  readonly method?: NetworkTransferMethod;
  /** L2-SP strength α toward the source weights (default 0.1, as Li et al. 2018). */
  readonly alpha?: number;
  /** L2-SP weight decay β on new layers (default 0.01, as Li et al. 2018). */
  readonly beta?: number;
  /** The target's output when it differs from the source's: the head is replaced (new classes or regression). */
  readonly output?: OutputSpec;
}

export interface NetworkTransferResult {
  /** The trained target network; its `info.extra.transfer` records how it was made. */
  readonly network: Network;
  readonly history: TrainHistory;
  /** The layers pulled toward the source (L2-SP) and the new ones. */
  readonly transferredLayers: readonly string[];
  readonly newLayers: readonly string[];
}

/**
 * Parameter transfer for networks: copy the source network's weights (the source stays untouched), replace the
 * head if the target's output differs, and train on the target rows — from the source weights only (warm start),
 * or with the L2-SP penalty α/2·||w − w_S||² on transferred layers and β/2·||w||² on new ones.
 */
export async function transferNetwork(
  source: Network,
  data: TrainData,
  options: NetworkTransferOptions = {},
): Promise<NetworkTransferResult> {
  const method = checkOneOf('transferNetwork', 'method', options.method ?? 'l2-sp', ['warm-start', 'l2-sp']);
  const { method: _m, alpha: _a, beta: _b, output, ...trainOptions } = options;
  const alpha = options.alpha ?? 0.1;
  const beta = options.beta ?? 0.01;
  const target = await cloneNetwork(source, { output, seed: options.seed });
  const penalty = method === 'l2-sp' ? new ReferencePenalty(target, { reference: source, alpha, beta }) : undefined;
  try {
    const history = await train(target, data, { ...trainOptions, ...(penalty ? { penalty: penalty.value } : {}) });
    const transferredLayers = penalty
      ? penalty.transferred
      : target.layerNames.filter((n) => !(output && n === 'head') && target.layer(n).getWeights().length > 0);
    const newLayers = penalty ? penalty.fresh : output ? ['head'] : [];
    const network = target.withInfo({
      extra: {
        ...target.info.extra,
        transfer: { family: 'parameter', method, ...(penalty ? { alpha, beta } : {}), transferredLayers, newLayers },
      },
    });
    return { network, history, transferredLayers, newLayers };
  } catch (error) {
    target.dispose();
    throw error;
  } finally {
    penalty?.dispose();
  }
}
