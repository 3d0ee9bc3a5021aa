import { checkSavedHeader, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import type { Network } from '@tlkit/nn';
import type { ExperimentData, TaskKind } from './experiment-data.js';
import { methodByName } from './methods/registry.js';
import type { Diagnostic, FittedMethod, MethodContext } from './methods/method.js';
import { sourceClasses, trainSourceNetwork } from './source-network.js';
import { fitSoftmaxScale, isCalibration, softmaxRows, type ProbabilityCalibration } from './class-probabilities.js';

const SAVED_METHOD_KIND = 'FittedMethod';
const SAVED_METHOD_VERSION = 1;

/** A method fitted on all the labelled target rows, saved: what `tlkit transfer` writes and `predict` reads. */
export interface SavedMethod {
  readonly kind: typeof SAVED_METHOD_KIND;
  readonly version: typeof SAVED_METHOD_VERSION;
  readonly method: string;
  readonly task: TaskKind;
  readonly classes?: readonly ClassLabel[];
  /** The method's own saved form (its estimator's JSON; a network's JSON for neural methods; auto's choice and parts). */
  readonly model: unknown;
  /** What the fit reported (λ, auto's choice, weights and leave-one-out errors). */
  readonly diagnostics: Readonly<Record<string, Diagnostic>>;
  /** Classifiers with a ridge head: the softmax scale of their class probabilities, fitted on leave-one-out outputs. */
  readonly probabilities?: ProbabilityCalibration;
}

export interface FitMethodOptions {
  /** The fitted source model (e.g. from a saved bundle); default: ridge by the evidence on the source rows. */
  readonly sourceModel?: RidgeCV | RidgeClassifierCV;
  readonly seed?: number;
  /**
   * Unlabelled target rows for the methods that align the domains (CORAL, SA, TCA, DANN): the rows to be predicted,
   * as compare lets them see its test rows. Without them those methods see only the labelled rows.
   */
  readonly unlabeled?: DenseMatrix;
  readonly signal?: AbortSignal;
  /** The network neural methods start from (a pretrained model): used instead of one trained on the source rows; not disposed. */
  readonly sourceNetwork?: Network;
}

/**
 * Fits one method — exactly as `runExperiment` runs it, the same settings — on every labelled target row of `data`
 * (its `Xt`, `yt`), and returns it saved. Methods that need the source rows read `data.Xs`, `data.ys`; neural
 * methods train the source network on them first. `auto` makes its choice on the target rows and records it.
 */
export async function fitMethod(data: ExperimentData, name: string, options: FitMethodOptions = {}): Promise<SavedMethod> {
  const method = methodByName(name);
  const reason = method.unavailable?.(data);
  if (reason) throw new RangeError(`${name} cannot run on this data: ${reason}`);
  if (method.needsSourceRows && data.Xs.rows === 0) throw new RangeError(`${name} needs the source rows, not only the source model`);
  const seed = options.seed ?? 0;
  let network: Promise<Network> | undefined;
  let sourceModel = options.sourceModel;
  const given = options.sourceNetwork;
  const context: MethodContext = {
    data,
    sourceModel: () =>
      (sourceModel ??=
        data.task === 'classification'
          ? new RidgeClassifierCV({ cv: 'evidence', classes: sourceClasses(data) }).fit(data.Xs, data.ys as readonly ClassLabel[])
          : new RidgeCV({ cv: 'evidence' }).fit(data.Xs, data.ys as Float64Array)),
    sourceNetwork: () => (given ? Promise.resolve(given) : (network ??= trainSourceNetwork(data, seed, options.signal))),
    signal: options.signal,
    cache: new Map(),
  };
  let fitted: FittedMethod | undefined;
  try {
    fitted = await method.fit(context, { Xl: data.Xt, yl: data.yt, Xu: options.unlabeled, seed });
    const probabilities = calibration(data, fitted);
    return {
      kind: SAVED_METHOD_KIND,
      version: SAVED_METHOD_VERSION,
      method: name,
      task: data.task,
      ...(data.classes ? { classes: [...data.classes] } : {}),
      model: fitted.toJSON(),
      diagnostics: fitted.diagnostics ?? {},
      ...(probabilities ? { probabilities } : {}),
    };
  } finally {
    fitted?.dispose?.();
    if (network) (await network.catch(() => undefined))?.dispose();
  }
}

/** A saved method back as a fitted one: `predict(X)` on rows prepared as at fit time (`dispose()` when done). */
export async function restoreMethod(saved: unknown): Promise<FittedMethod> {
  const s = checkSavedHeader('restoreMethod', saved, { kind: SAVED_METHOD_KIND, version: SAVED_METHOD_VERSION }) as Partial<SavedMethod>;
  if (typeof s.method !== 'string' || (s.task !== 'regression' && s.task !== 'classification')) {
    throw new TypeError('restoreMethod: the saved method has no method name or task');
  }
  const method = methodByName(s.method);
  const fitted = await method.restore(s.model, { task: s.task, ...(s.classes ? { classes: s.classes } : {}) });
  const outputs = fitted.outputs?.bind(fitted);
  if (fitted.probabilities || !outputs || s.probabilities === undefined) return fitted;
  if (!isCalibration(s.probabilities)) {
    fitted.dispose?.();
    throw new TypeError(`restoreMethod: the saved probabilities have no finite scale ≥ 0 (${JSON.stringify(s.probabilities)})`);
  }
  const { scale } = s.probabilities;
  return { ...fitted, probabilities: (X) => softmaxRows(outputs(X), scale) };
}

/** A classifier's softmax scale from its leave-one-out outputs on the labelled rows (none for networks, which have their own). */
function calibration(data: ExperimentData, fitted: FittedMethod): ProbabilityCalibration | undefined {
  if (data.task !== 'classification' || !data.classes || fitted.probabilities || !fitted.outputs || !fitted.leaveOneOut) return undefined;
  return fitSoftmaxScale(fitted.leaveOneOut(), data.yt as readonly ClassLabel[], data.classes);
}
