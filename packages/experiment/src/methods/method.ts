import type { DenseMatrix } from '@tlkit/tensor-core';
import type { ClassLabel, RidgeCV, RidgeClassifierCV } from '@tlkit/ridge';
import type { Network } from '@tlkit/nn';
import type { ExperimentData } from '../experiment-data.js';

export type Labels = Float64Array | readonly ClassLabel[];

/** What every method may use: the data, the fitted source model, and a source network trained once on demand. */
export interface MethodContext {
  readonly data: ExperimentData;
  readonly sourceModel: () => RidgeCV | RidgeClassifierCV;
  readonly sourceNetwork: () => Promise<Network>;
  readonly signal?: AbortSignal;
}

/** One draw's training material: k labelled target rows, and the unlabelled target rows alignment may use. */
export interface DrawData {
  readonly Xl: DenseMatrix;
  readonly yl: Labels;
  /** Unlabelled target rows (the test rows in the transductive protocol; none when switched off). */
  readonly Xu: DenseMatrix | undefined;
  readonly seed: number;
}

export interface FittedMethod {
  predict(X: DenseMatrix): Labels;
  /** For parameter transfer: the chosen λ. */
  readonly lambda?: number;
  /** For auto: the method it chose. */
  readonly chosen?: string;
  dispose?(): void;
}

export interface TransferMethod {
  readonly name: string;
  /** Needs labelled target rows (skipped at size 0, the unsupervised protocol). */
  readonly needsLabels: boolean;
  /** Needs target rows of some kind, labelled or not (domain alignment). */
  readonly needsTargetRows?: boolean;
  /** Too slow to cross-validate inside `auto` (e.g. TCA's n×n kernel). */
  readonly slow?: boolean;
  /** Trains networks (slower; not in the default set). */
  readonly neural: boolean;
  /** Why the method cannot run on this data, or undefined. */
  unavailable?(data: ExperimentData): string | undefined;
  fit(context: MethodContext, draw: DrawData): Promise<FittedMethod>;
}

export function isClassification(data: ExperimentData): boolean {
  return data.task === 'classification';
}

/** Why a method that predicts only the source's classes cannot serve this target, or undefined. */
export function newClassesReason(data: ExperimentData): string | undefined {
  if (!isClassification(data)) return undefined;
  const seen = new Set(data.ys as readonly ClassLabel[]);
  return (data.yt as readonly ClassLabel[]).some((c) => !seen.has(c)) ? 'the target has classes the source never saw' : undefined;
}
