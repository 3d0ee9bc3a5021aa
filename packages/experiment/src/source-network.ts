import { cnn, mlp, train, type Network } from '@tlkit/nn';
import { compareLabels, type ClassLabel } from '@tlkit/ridge';
import type { ExperimentData } from './experiment-data.js';

/** The source's classes in tlkit's one label order (the same columns as the head of `data.classes`). */
export function sourceClasses(data: ExperimentData): ClassLabel[] {
  return [...new Set(data.ys as readonly ClassLabel[])].sort(compareLabels);
}

/** The source network every neural method starts from: an MLP (a small CNN for image rows), trained once. */
export async function trainSourceNetwork(data: ExperimentData, seed: number, signal?: AbortSignal): Promise<Network> {
  const output =
    data.task === 'classification'
      ? ({ kind: 'classification', classes: sourceClasses(data) } as const)
      : ({ kind: 'regression', units: 1 } as const);
  const shape = data.inputShape;
  const network = shape
    ? cnn({ height: shape[0], width: shape[1], channels: shape[2] ?? 1, kernelSize: 3, filters: [8, 16], dense: [32], output, seed })
    : mlp({ inputDim: data.Xs.cols, hidden: [64, 32], output, seed });
  const n = data.Xs.rows;
  try {
    await train(
      network,
      { X: data.Xs, y: data.ys },
      {
        epochs: Math.max(5, Math.min(200, Math.round(20000 / n))),
        batchSize: 32,
        learningRate: 3e-3,
        validation: 0.1,
        earlyStopping: { patience: 10 },
        seed,
        signal,
      },
    );
  } catch (error) {
    // Cancelled or failed: the network is nobody's to dispose but ours.
    network.dispose();
    throw error;
  }
  return network;
}
