import type * as tf from '@tensorflow/tfjs';
import type { NetworkInput } from '../network-input.js';

/** Where the loop is when it calls a step. */
export interface StepContext {
  /** 1-based epoch. */
  readonly epoch: number;
  /** 0-based step over the whole run, and the number of steps the run takes. */
  readonly step: number;
  readonly steps: number;
  /** step / steps: training progress in [0, 1), for schedules such as DANN's λ. */
  readonly progress: number;
}

/** One batch: the labelled rows (preprocessed input, one-hot or value targets), and as many unlabelled rows if asked for. */
export interface StepBatch {
  readonly x: tf.Tensor;
  readonly y: tf.Tensor;
  readonly unlabeled?: tf.Tensor;
}

/** What a step computes, inside the gradient scope. */
export interface StepOutput {
  /** The loss to minimise (the loop adds `penalty` to it). */
  readonly loss: tf.Scalar;
  /** The network's outputs for the labelled rows, for the reported metric. */
  readonly prediction: tf.Tensor;
  /** Other per-batch values to report (averaged over each epoch, weighted by rows), e.g. a domain loss. */
  readonly extras?: Readonly<Record<string, tf.Scalar>>;
}

/**
 * A pluggable training step (in the spirit of tfjs-layers' fitLoop and ADAPT's train_step): the loop does the
 * batching, seeds, dropout reseeding, validation, early stopping, abort and tensor bookkeeping, the objective only
 * says what the loss of a batch is. Plain training, fine-tuning and domain adaptation (DANN, Deep CORAL, MMD) all
 * run through it.
 */
export interface TrainingObjective {
  /** The function name that errors about the data start with (default 'train'). */
  readonly name?: string;
  /** Unlabelled rows the step also sees: each step gets as many as it has labelled rows (balanced batches), drawn by cycling through seeded permutations. */
  readonly unlabeled?: NetworkInput;
  /** Variables trained alongside the network's trainable weights, at the base learning rate (e.g. a domain classifier's). */
  readonly variables?: readonly tf.Variable[];
  /** Called before each step, outside the gradient scope (schedules). */
  readonly beforeStep?: (context: StepContext) => void;
  readonly step: (batch: StepBatch, context: StepContext) => StepOutput;
}
