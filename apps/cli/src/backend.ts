import { selectBackend } from '@tlkit/tensor-core/tf';

/** The TensorFlow.js backend for commands that run (loaded lazily by run.ts: help and version never load tfjs). */
export async function prepareBackend(): Promise<void> {
  await selectBackend('auto');
}
