import { takeRows, type DenseMatrix } from '@tlkit/tensor-core';
import {
  RidgeCV,
  RidgeClassifier,
  RidgeClassifierCV,
  RidgeRegression,
  type ClassLabel,
  type RidgeCVCriterion,
  type RidgeCVJSON,
  type RidgeClassifierCVJSON,
  type RidgeClassifierJSON,
  type RidgeRegressionJSON,
} from '@tlkit/ridge';

/** The ridge a method fits on weighted rows: a fixed alpha, or alpha chosen by a criterion on the weighted rows. */
export interface LearnerSpec {
  /** A fixed alpha (RidgeRegression / RidgeClassifier), or undefined for alpha by `cv` (RidgeCV / RidgeClassifierCV). */
  readonly alpha: number | undefined;
  readonly cv: RidgeCVCriterion;
}

export type Regressor = RidgeRegression | RidgeCV;
export type Classifier = RidgeClassifier | RidgeClassifierCV;
export type RegressorJSON = RidgeRegressionJSON | RidgeCVJSON;
export type ClassifierJSON = RidgeClassifierJSON | RidgeClassifierCVJSON;

export function checkLearner(fn: string, alpha: unknown, cv: unknown): LearnerSpec {
  if (alpha !== undefined && (typeof alpha !== 'number' || !(alpha >= 0) || !Number.isFinite(alpha))) {
    throw new RangeError(
      `${fn}: alpha must be a finite number ≥ 0 (or left out for alpha by cv), got ${typeof alpha === 'number' ? alpha : typeof alpha}`,
    );
  }
  const criterion = (cv ?? 'evidence') as RidgeCVCriterion;
  new RidgeCV({ cv: criterion });
  return { alpha, cv: criterion };
}

/** Rows with zero weight carry no information for weighted least squares; they are left out of the fit. */
function positiveRows(w: Float64Array): Int32Array | undefined {
  let zeros = 0;
  for (const v of w) if (!(v > 0)) zeros++;
  if (zeros === 0) return undefined;
  return Int32Array.from({ length: w.length }, (_, i) => i).filter((i) => w[i] > 0);
}

/** Weights scaled to mean 1 over the rows kept, so that a fixed alpha keeps its meaning whatever the weights' scale. */
function meanOne(w: Float64Array): Float64Array {
  let s = 0;
  for (const v of w) s += v;
  return w.map((v) => (v * w.length) / s);
}

export function fitRegressor(spec: LearnerSpec, X: DenseMatrix, y: Float64Array, w: Float64Array): Regressor {
  const keep = positiveRows(w);
  const Xk = keep ? takeRows(X, keep) : X;
  const yk = keep ? Float64Array.from(keep, (i) => y[i]) : y;
  const wk = meanOne(keep ? Float64Array.from(keep, (i) => w[i]) : w);
  const model = spec.alpha === undefined ? new RidgeCV({ cv: spec.cv }) : new RidgeRegression({ alpha: spec.alpha });
  return model.fit(Xk, yk, { sampleWeight: wk });
}

export function fitClassifier(
  spec: LearnerSpec,
  classes: readonly ClassLabel[],
  X: DenseMatrix,
  y: readonly ClassLabel[],
  w: Float64Array,
): Classifier {
  const keep = positiveRows(w);
  const Xk = keep ? takeRows(X, keep) : X;
  const yk = keep ? Array.from(keep, (i) => y[i]) : y;
  const wk = meanOne(keep ? Float64Array.from(keep, (i) => w[i]) : w);
  const model =
    spec.alpha === undefined ? new RidgeClassifierCV({ cv: spec.cv, classes }) : new RidgeClassifier({ alpha: spec.alpha, classes });
  return model.fit(Xk, yk, { sampleWeight: wk });
}

export function predictValues(model: Regressor, X: DenseMatrix): Float64Array {
  return model.predict(X) as Float64Array;
}

export function regressorFromJSON(json: RegressorJSON): Regressor {
  return json.kind === 'RidgeCV' ? RidgeCV.fromJSON(json) : RidgeRegression.fromJSON(json);
}

export function classifierFromJSON(json: ClassifierJSON): Classifier {
  return json.kind === 'RidgeClassifierCV' ? RidgeClassifierCV.fromJSON(json) : RidgeClassifier.fromJSON(json);
}
