import type { DenseMatrix } from '@tlkit/tensor-core';
import type { ClassLabel, RidgeCV, RidgeClassifierCV } from '@tlkit/ridge';
import type { Network } from '@tlkit/nn';
import type { ExperimentData, TaskKind } from '../experiment-data.js';

export type Labels = Float64Array | readonly ClassLabel[];

/** What every method may use: the data, the fitted source model, and a source network trained once on demand. */
export interface MethodContext {
  readonly data: ExperimentData;
  readonly sourceModel: () => RidgeCV | RidgeClassifierCV;
  readonly sourceNetwork: () => Promise<Network>;
  readonly signal?: AbortSignal;
  /** Values a method computes once per experiment (e.g. the source rows' moments), by key. */
  readonly cache: Map<string, unknown>;
}

/** One draw's training material: k labelled target rows, and the unlabelled target rows alignment may use. */
export interface DrawData {
  readonly Xl: DenseMatrix;
  readonly yl: Labels;
  /** Unlabelled target rows (the test rows in the transductive protocol; none when switched off). */
  readonly Xu: DenseMatrix | undefined;
  readonly seed: number;
  /** Fits of other methods on this same draw, which `auto` reuses instead of fitting them again. */
  readonly shared?: ReadonlyMap<string, FittedMethod>;
}

/** A value a method reports about one fit (λ, a choice, weights), collected by the runner over draws. */
export type Diagnostic = number | string | Readonly<Record<string, number>>;

export interface FittedMethod {
  predict(X: DenseMatrix): Labels;
  /**
   * Raw outputs, rows × columns: the prediction for regression, the ridge decision value of every class of
   * `data.classes` for classification (ridge-headed methods; what `auto` combines).
   */
  outputs?(X: DenseMatrix): DenseMatrix;
  /** The exact leave-one-out outputs on the draw's labelled rows (closed form for ridge heads), in the same columns. */
  leaveOneOut?(): DenseMatrix;
  /** Class probabilities, rows × `classes` (networks' softmax; ridge heads once calibrated, see class-probabilities.ts). */
  probabilities?(X: DenseMatrix): DenseMatrix;
  /** What the fit chose or measured, by name (e.g. `lambda` for parameter transfer). */
  readonly diagnostics?: Readonly<Record<string, Diagnostic>>;
  /**
   * The candidates a label-free choice (auto at size 0) scored, fitted on the draw: the runner sets the scorer's ranking
   * beside their realised metric on the test rows, which the choice never saw.
   */
  readonly scored?: ReadonlyMap<string, FittedMethod>;
  /** The fitted model as JSON, which the method's `restore` reads back (what `tlkit transfer` saves). */
  toJSON(): unknown;
  dispose?(): void;
}

/** What restoring a saved fit needs to know of the task. */
export interface RestoreInfo {
  readonly task: TaskKind;
  readonly classes?: readonly ClassLabel[];
}

export interface TransferMethod {
  readonly name: string;
  /** One line for reports and help: what the method does. */
  readonly summary: string;
  /** Needs labelled target rows (skipped at size 0, the unsupervised protocol). */
  readonly needsLabels: boolean;
  /** Needs target rows of some kind, labelled or not (domain alignment). */
  readonly needsTargetRows?: boolean;
  /** Needs the source rows themselves, not only the fitted source model. */
  readonly needsSourceRows: boolean;
  /** Too slow to fit once per candidate inside `auto` by default (e.g. TCA's n×n kernel). */
  readonly slow?: boolean;
  /** For a slow method: true where a fit on this draw is quick after all (its costly part computed once and shared). */
  readonly cheapFor?: (context: MethodContext, draw: DrawData) => boolean;
  /** Trains networks (slower; not in the default set, never an `auto` candidate). */
  readonly neural: boolean;
  /** Why the method cannot run on this data, or undefined. */
  unavailable?(data: ExperimentData): string | undefined;
  fit(context: MethodContext, draw: DrawData): Promise<FittedMethod>;
  /** Rebuilds a fit from its `toJSON()`. */
  restore(saved: unknown, info: RestoreInfo): Promise<FittedMethod>;
}

export function isClassification(data: ExperimentData): boolean {
  return data.task === 'classification';
}

/** Why a method that predicts only the source's classes cannot serve this target, or undefined. */
export function newClassesReason(data: ExperimentData): string | undefined {
  if (!isClassification(data)) return undefined;
  const seen = new Set(data.sourceClasses ?? (data.ys as readonly ClassLabel[]));
  return (data.yt as readonly ClassLabel[]).some((c) => !seen.has(c)) ? 'the target has classes the source never saw' : undefined;
}
