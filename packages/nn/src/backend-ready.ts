import * as tf from '@tensorflow/tfjs';

/** Fails with a clear message where tfjs would throw its own about an uninitialised (async) backend. */
export function assertBackendReady(fn: string): void {
  try {
    tf.backend();
  } catch (error) {
    throw new Error(
      `${fn}: no TensorFlow.js backend is ready yet; await selectBackend() from @tlkit/tensor-core/tf (or tf.ready()) first`,
      { cause: error },
    );
  }
}
