import * as tf from '@tensorflow/tfjs';
import { Random } from '@tlkit/tensor-core';

/**
 * Kernel initialisers seeded from the project's generator: tfjs draws from Math.random unless an initialiser is
 * given a seed, so each layer gets its own seed drawn from one Random.
 */
export function kernelInitializer(activation: string, rng: Random): ReturnType<typeof tf.initializers.heNormal> {
  const seed = rng.nextSeed();
  return activation === 'relu' || activation === 'elu' || activation === 'selu'
    ? tf.initializers.heNormal({ seed })
    : tf.initializers.glorotUniform({ seed });
}
