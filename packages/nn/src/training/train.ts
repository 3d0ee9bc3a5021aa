import * as tf from '@tensorflow/tfjs';
import { Random } from '@tlkit/tensor-core';
import { registerWasmTrainingKernels } from '../kernels/wasm-training-kernels.js';
import type { Network } from '../network.js';
import type { NetworkInput, NetworkTargets } from '../network-input.js';
import { runEpochs, type EarlyStopping, type ProgressEvent, type TrainHistory } from './loop.js';
import type { TrainingObjective } from './objective.js';
import { parameterGroups, type OptimizerName, type StepOptimizer } from './optimizers.js';
import { prepareRows, splitValidation, type PreparedRows } from './prepared-rows.js';

export type { EarlyStopping, ProgressEvent, TrainHistory } from './loop.js';

export interface TrainData {
  readonly X: NetworkInput;
  readonly y: NetworkTargets;
}

export interface TrainOptions {
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly optimizer?: OptimizerName;
  /** Held-out rows, or a fraction of the training rows to hold out (seeded, stratified for classes). */
  readonly validation?: TrainData | number;
  /** Monitors the validation loss when there is validation data, else the training loss. */
  readonly earlyStopping?: EarlyStopping;
  /** Seeds shuffling, dropout and the unlabelled rows' order; default: the network's seed. */
  readonly seed?: number;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Progress per 'epoch' (default) or also per 'batch'. */
  readonly progressEvery?: 'epoch' | 'batch';
  /** Learning rates of particular layers (by name), for discriminative fine-tuning. */
  readonly learningRates?: Readonly<Record<string, number>>;
  /** Multiplies every learning rate by schedule(progress) before each step, progress in [0, 1) (e.g. Ganin's annealing). */
  readonly learningRateSchedule?: (progress: number) => number;
  /** An extra loss term added at every step (e.g. an L2-SP penalty), built inside the step's tidy scope. */
  readonly penalty?: () => tf.Scalar;
  /** What a step minimises (default: the network's label loss); see TrainingObjective. */
  readonly objective?: TrainingObjective;
  /** Stops between batches when aborted; `train` then rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

function checkInt(name: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min) throw new RangeError(`train: ${name} must be an integer ≥ ${min}, got ${v}`);
  return v;
}

/** The default objective: the label loss of the network's output on the batch. */
function labelObjective(network: Network): TrainingObjective {
  return {
    step: ({ x, y }) => {
      const prediction = network.forward(x, { training: true })[0];
      return { loss: network.loss(y, prediction), prediction };
    },
  };
}

/**
 * Trains a network with tlkit's one training loop (tf.variableGrads + optimizers, no model.compile/fit): seeded
 * shuffling and dropout, progress events, validation, early stopping with best-weight restore, per-layer learning
 * rates, a learning-rate schedule, an optional extra penalty, a pluggable objective (what fine-tuning and domain
 * adaptation plug in), and cancellation. Layers with trainable = false are left bit-identical. Every tensor it makes
 * is disposed.
 */
export async function train(network: Network, data: TrainData, options: TrainOptions = {}): Promise<TrainHistory> {
  const epochs = checkInt('epochs', options.epochs ?? 10, 1);
  const batchSize = checkInt('batchSize', options.batchSize ?? 32, 1);
  if (options.earlyStopping) checkInt('earlyStopping.patience', options.earlyStopping.patience, 0);
  const rng = new Random(options.seed ?? network.info.seed);
  registerWasmTrainingKernels();
  const objective = options.objective ?? labelObjective(network);
  const fn = objective.name ?? 'train';
  const optimizers: StepOptimizer[] = [];
  try {
    const all = prepareRows(network, data, fn);
    let trainSet: PreparedRows = all;
    let valSet: PreparedRows | undefined;
    if (typeof options.validation === 'number') {
      [trainSet, valSet] = splitValidation(network, all, options.validation, data.y, rng);
    } else if (options.validation) {
      valSet = prepareRows(network, options.validation, `${fn} (validation)`);
    }
    if (trainSet.n === 0) throw new RangeError(`${fn}: no training rows`);
    const unlabeled = objective.unlabeled === undefined ? undefined : prepareRows(network, { X: objective.unlabeled }, `${fn} (target)`);
    if (unlabeled?.n === 0) throw new RangeError(`${fn}: the objective's unlabelled rows are empty`);
    const groups = parameterGroups(
      network.layers,
      options.optimizer ?? 'adam',
      options.learningRate ?? 1e-3,
      options.learningRates,
      objective.variables,
    );
    for (const g of groups) optimizers.push(g.optimizer);
    return await runEpochs({
      network,
      train: trainSet,
      validation: valSet,
      unlabeled: unlabeled?.x,
      groups,
      objective,
      epochs,
      batchSize,
      rng,
      earlyStopping: options.earlyStopping,
      schedule: options.learningRateSchedule,
      penalty: options.penalty,
      onProgress: options.onProgress,
      perBatch: options.progressEvery === 'batch',
      signal: options.signal,
    });
  } finally {
    optimizers.forEach((o) => o.dispose());
  }
}
