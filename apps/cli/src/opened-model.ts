import { BadDataError, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import { isCalibration, restoreMethod, softmaxRows, type SavedMethod } from '@tlkit/experiment';
import { sourceModelOf, type ModelBundle, type Predictions } from './model-bundle.js';

/**
 * A saved model opened for use: predictions, its raw outputs where it has them (regression values, or a ridge head's
 * decision value per class), and class probabilities where the model can give them. `dispose` frees what it holds.
 */
export interface OpenedModel {
  readonly classes: readonly ClassLabel[] | undefined;
  predict(X: DenseMatrix): Predictions;
  readonly outputs: ((X: DenseMatrix) => DenseMatrix) | undefined;
  readonly probabilities: ((X: DenseMatrix) => DenseMatrix) | undefined;
  /** Why there are no probabilities (a regression model, or a classifier saved without a calibration). */
  readonly noProbabilities: string | undefined;
  dispose(): void;
}

function corrupt(path: string, error: unknown): BadDataError {
  return new BadDataError(`${path}: the model bundle is corrupt (${(error as Error).message})`, { source: path });
}

function regressionReason(bundle: ModelBundle): string {
  return `this is a regression model (it predicts ${JSON.stringify(bundle.preprocessor.schema.label?.name ?? 'a number')}); class probabilities exist for classifiers only`;
}

/** An edited model can predict the wrong shape (a matrix, too few values, labels for a regression): one clear error. */
function checkPredictions(path: string, task: ModelBundle['task'], rows: number, p: unknown): Predictions {
  const list = Array.isArray(p) || (ArrayBuffer.isView(p) && !(p instanceof DataView)) ? (p as ArrayLike<unknown>) : undefined;
  const fail = (message: string) => corrupt(path, new Error(message));
  if (list?.length !== rows) throw fail(`its model gives ${list ? list.length : 'no list of'} predictions for ${rows} rows`);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    const ok = task === 'regression' ? typeof v === 'number' : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    if (!ok) {
      const shown = (JSON.stringify(v) as string | undefined) ?? typeof v;
      throw fail(`its model predicts ${shown} for row ${i}, not a ${task === 'regression' ? 'number' : 'class'}`);
    }
  }
  return (task === 'regression' && !(list instanceof Float64Array) ? Float64Array.from(list as ArrayLike<number>) : list) as Predictions;
}

/** Opens a bundle's estimator (source ridge or any saved transfer method); its predictions are checked for shape and type. */
export async function openModel(bundle: ModelBundle, path: string): Promise<OpenedModel> {
  const opened = await openUnchecked(bundle, path);
  return { ...opened, predict: (X) => checkPredictions(path, bundle.task, X.rows, opened.predict(X)) };
}

async function openUnchecked(bundle: ModelBundle, path: string): Promise<OpenedModel> {
  if (bundle.kind === 'source') {
    const m = sourceModelOf(bundle, path);
    if (!(m instanceof RidgeClassifierCV)) {
      return {
        classes: undefined,
        predict: (X) => m.predictMatrix(X).data,
        outputs: (X) => m.predictMatrix(X),
        probabilities: undefined,
        noProbabilities: regressionReason(bundle),
        dispose: () => undefined,
      };
    }
    const calibration = bundle.details?.probabilities;
    const scale = isCalibration(calibration) ? calibration.scale : undefined;
    return {
      classes: m.classes,
      predict: (X) => m.predict(X),
      outputs: (X) => m.decisionFunction(X),
      probabilities: scale === undefined ? undefined : (X) => softmaxRows(m.decisionFunction(X), scale),
      noProbabilities:
        scale === undefined ? 'the model was saved without a probability calibration: fit it again with this tlkit' : undefined,
      dispose: () => undefined,
    };
  }
  let fitted;
  try {
    const savedTask = (bundle.model as { task?: unknown }).task;
    if (savedTask !== undefined && savedTask !== bundle.task)
      throw new TypeError(`its model is for ${JSON.stringify(savedTask)}, the bundle says ${bundle.task}`);
    fitted = await restoreMethod(bundle.model);
  } catch (error) {
    throw corrupt(path, error);
  }
  const saved = bundle.model as unknown as SavedMethod;
  const classification = bundle.task === 'classification';
  const probabilities = classification ? fitted.probabilities?.bind(fitted) : undefined;
  const reason = !classification
    ? regressionReason(bundle)
    : probabilities
      ? undefined
      : fitted.outputs === undefined
        ? `${saved.method} predicts labels only (a boosted vote has no decision values to turn into probabilities)`
        : `${saved.method} was saved without calibrated probabilities (too few labelled rows for a leave-one-out calibration: target-only and param need 3)`;
  const f = fitted;
  return {
    classes: saved.classes,
    predict: (X) => f.predict(X),
    outputs: f.outputs?.bind(f),
    probabilities,
    noProbabilities: reason,
    dispose: () => f.dispose?.(),
  };
}
