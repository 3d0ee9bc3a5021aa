import * as tf from '@tensorflow/tfjs';

/**
 * The gradient reversal layer of domain-adversarial training (Ganin & Lempitsky 2015): the identity going forward,
 * −λ times the incoming gradient going back, so the features learn to confuse the domain classifier that follows.
 */
export function gradientReversal(x: tf.Tensor, lambda: number): tf.Tensor {
  const reverse = tf.customGrad(((input: tf.Tensor) => ({
    value: tf.clone(input),
    gradFunc: (dy: tf.Tensor) => tf.mul(dy, -lambda),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return reverse(x);
}

/** Ganin et al.'s schedule for the adaptation weight: λ_p = 2/(1 + exp(−10p)) − 1 for training progress p in [0, 1]. */
export function ganinLambda(progress: number): number {
  return 2 / (1 + Math.exp(-10 * progress)) - 1;
}
