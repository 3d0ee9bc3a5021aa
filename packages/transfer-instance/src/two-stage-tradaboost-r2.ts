import {
  NotFittedError,
  checkOneOf,
  kFold,
  r2Score,
  takeRows,
  vstack,
  type DenseMatrix,
  type MatrixInput,
  type VectorInput,
} from '@tlkit/tensor-core';
import type { RidgeCVCriterion } from '@tlkit/ridge';
import {
  checkLearner,
  fitRegressor,
  predictValues,
  regressorFromJSON,
  type LearnerSpec,
  type Regressor,
  type RegressorJSON,
} from './internal/base-learner.js';
import { BOOST_LOSSES, adaBoostR2Frozen, adjustedErrors, predictEnsemble, type BoostLoss, type R2Ensemble } from './internal/boost-r2.js';
import { checkHeader } from './internal/json.js';
import { readRegressionRows, type LabelledRows } from './internal/labelled-rows.js';
import { checkPositiveInteger, numbersFrom, rowsOf } from './internal/rows.js';

export interface TwoStageTrAdaBoostR2Options {
  /** Steps S of the first stage (default 10, as ADAPT). */
  readonly steps?: number;
  /** Rounds N of each AdaBoost.R2′ (default 10). */
  readonly estimators?: number;
  /** Folds F of the cross-validation over the target rows that scores each step (default 5; at most the target rows). */
  readonly folds?: number;
  readonly loss?: BoostLoss;
  /** A fixed ridge alpha for every fit; default: alpha chosen each time by `cv` on the weighted rows. */
  readonly alpha?: number;
  readonly cv?: RidgeCVCriterion;
  /** Seed of the folds. */
  readonly seed?: number;
}

export interface TwoStageTrAdaBoostR2JSON {
  readonly kind: 'TwoStageTrAdaBoostR2';
  readonly version: 1;
  readonly options: {
    steps: number;
    estimators: number;
    folds: number;
    loss: BoostLoss;
    alpha: number | null;
    cv: RidgeCVCriterion;
    seed: number;
  };
  readonly step: number;
  readonly stepErrors: number[];
  readonly estimators: RegressorJSON[];
  readonly voteWeights: number[];
  readonly sourceWeights: number[];
  readonly targetWeights: number[];
}

interface State {
  step: number;
  stepErrors: number[];
  ensemble: { models: Regressor[]; voteWeights: number[] };
  sourceWeights: Float64Array;
  targetWeights: Float64Array;
  width: number;
}

/**
 * Two-stage TrAdaBoost.R2 (Pardoe & Stone 2010, Algorithm 3) over ridge regression. Stage one, for steps t = 1…S:
 * score AdaBoost.R2′ (source weights frozen) under the current weights by F-fold cross-validation over the target
 * rows; fit one ridge h_t; shrink every source row by β_t^{e_i} (e_i its adjusted error under h_t), with β_t chosen
 * by bisection so that the target rows then hold m/(n+m) + t/(S−1)·(1 − m/(n+m)) of the total weight. Stage two:
 * the model is AdaBoost.R2′ on all rows under the weights of the step with the lowest cross-validated error.
 */
export class TwoStageTrAdaBoostR2 {
  readonly steps: number;
  readonly estimators: number;
  readonly folds: number;
  readonly loss: BoostLoss;
  readonly learner: LearnerSpec;
  readonly seed: number;
  private state: State | undefined;

  constructor(options: TwoStageTrAdaBoostR2Options = {}) {
    const fn = 'TwoStageTrAdaBoostR2';
    this.steps = checkPositiveInteger(fn, 'steps', options.steps ?? 10, 2);
    this.estimators = checkPositiveInteger(fn, 'estimators', options.estimators ?? 10);
    this.folds = checkPositiveInteger(fn, 'folds', options.folds ?? 5, 2);
    this.loss = checkOneOf(fn, 'loss', options.loss ?? 'linear', BOOST_LOSSES);
    this.learner = checkLearner(fn, options.alpha, options.cv);
    this.seed = options.seed ?? 0;
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /** The step (1-based) whose weights the final model uses. */
  get step(): number {
    return this.fitted('step').step;
  }

  /** The cross-validated mean squared error of AdaBoost.R2′ at every step. */
  get stepErrors(): readonly number[] {
    return this.fitted('stepErrors').stepErrors;
  }

  /** The chosen step's source weights (normalised with the target rows' to sum 1). */
  get sourceWeights(): Float64Array {
    return this.fitted('sourceWeights').sourceWeights;
  }

  get targetWeights(): Float64Array {
    return this.fitted('targetWeights').targetWeights;
  }

  fit(source: LabelledRows, target: LabelledRows): this {
    const fn = 'TwoStageTrAdaBoostR2.fit';
    const src = readRegressionRows(fn, source, undefined, 'source');
    const tgt = readRegressionRows(fn, target, src.X.cols, 'target');
    const n = src.X.rows;
    const m = tgt.X.rows;
    if (m < 2) throw new RangeError(`${fn}: needs at least 2 labelled target rows for its cross-validation, got ${m}`);
    const X = vstack([src.X, tgt.X]);
    const y = Float64Array.from([...src.y, ...tgt.y]);
    const folds = kFold(m, Math.min(this.folds, m), { seed: this.seed }).map((f) => f.test);
    const S = this.steps;
    let w: Float64Array = new Float64Array(n + m).fill(1 / (n + m));
    const history: Float64Array[] = [];
    const stepErrors: number[] = [];
    for (let t = 1; t <= S; t++) {
      history.push(w.slice());
      stepErrors.push(cvError(this.learner, X, y, w, n, folds, this.estimators, this.loss));
      if (t === S) break;
      const h = fitRegressor(this.learner, X, y, w);
      const e = adjustedErrors(y, predictValues(h, X), this.loss);
      const share = m / (n + m) + (t / (S - 1)) * (1 - m / (n + m));
      w = shrinkSource(w, e, n, share);
    }
    let best = 0;
    stepErrors.forEach((v, i) => {
      if (v < stepErrors[best]) best = i;
    });
    const chosen = history[best];
    const ensemble = adaBoostR2Frozen(this.learner, X, y, chosen, n, this.estimators, this.loss);
    this.state = {
      step: best + 1,
      stepErrors,
      ensemble,
      sourceWeights: chosen.slice(0, n),
      targetWeights: chosen.slice(n),
      width: src.X.cols,
    };
    return this;
  }

  predict(X: MatrixInput): Float64Array {
    const s = this.fitted('predict');
    return predictEnsemble(s.ensemble, rowsOf('TwoStageTrAdaBoostR2.predict', X, s.width, 'X', true));
  }

  /** R². */
  score(X: MatrixInput, y: VectorInput): number {
    return r2Score(Float64Array.from(y as ArrayLike<number>), this.predict(X));
  }

  toJSON(): TwoStageTrAdaBoostR2JSON {
    const s = this.fitted('toJSON');
    return {
      kind: 'TwoStageTrAdaBoostR2',
      version: 1,
      options: {
        steps: this.steps,
        estimators: this.estimators,
        folds: this.folds,
        loss: this.loss,
        alpha: this.learner.alpha ?? null,
        cv: this.learner.cv,
        seed: this.seed,
      },
      step: s.step,
      stepErrors: [...s.stepErrors],
      estimators: s.ensemble.models.map((model) => model.toJSON()),
      voteWeights: [...s.ensemble.voteWeights],
      sourceWeights: Array.from(s.sourceWeights),
      targetWeights: Array.from(s.targetWeights),
    };
  }

  static fromJSON(json: unknown): TwoStageTrAdaBoostR2 {
    const fn = 'TwoStageTrAdaBoostR2.fromJSON';
    checkHeader(fn, json, 'TwoStageTrAdaBoostR2', 1);
    const j = json as TwoStageTrAdaBoostR2JSON;
    if (!Array.isArray(j.estimators) || j.estimators.length === 0) throw new TypeError(`${fn}: estimators must be a non-empty array`);
    const o = j.options;
    const out = new TwoStageTrAdaBoostR2({ ...o, alpha: o.alpha ?? undefined });
    const models = j.estimators.map((e) => regressorFromJSON(e));
    const voteWeights = Array.from(numbersFrom(fn, j.voteWeights, 'voteWeights'));
    if (voteWeights.length !== models.length)
      throw new TypeError(`${fn}: ${voteWeights.length} vote weights for ${models.length} estimators`);
    out.state = {
      step: j.step,
      stepErrors: Array.from(numbersFrom(fn, j.stepErrors, 'stepErrors')),
      ensemble: { models, voteWeights },
      sourceWeights: numbersFrom(fn, j.sourceWeights, 'sourceWeights'),
      targetWeights: numbersFrom(fn, j.targetWeights, 'targetWeights'),
      width: models[0].coefMatrix.cols,
    };
    return out;
  }

  private fitted(method: string): State {
    if (!this.state) throw new NotFittedError('TwoStageTrAdaBoostR2', method);
    return this.state;
  }
}

/** Mean squared error of AdaBoost.R2′ over the target folds (every source row always trains). */
function cvError(
  spec: LearnerSpec,
  X: DenseMatrix,
  y: Float64Array,
  w: Float64Array,
  n: number,
  folds: readonly Int32Array[],
  rounds: number,
  loss: BoostLoss,
): number {
  const m = X.rows - n;
  let sse = 0;
  for (const test of folds) {
    const held = new Uint8Array(m);
    test.forEach((j) => (held[j] = 1));
    const train = Int32Array.from({ length: n + m }, (_, i) => i).filter((i) => i < n || !held[i - n]);
    const ensemble: R2Ensemble = adaBoostR2Frozen(
      spec,
      takeRows(X, train),
      Float64Array.from(train, (i) => y[i]),
      Float64Array.from(train, (i) => w[i]),
      n,
      rounds,
      loss,
    );
    const rows = Int32Array.from(test, (j) => n + j);
    const predicted = predictEnsemble(ensemble, takeRows(X, rows));
    rows.forEach((row, k) => (sse += (y[row] - predicted[k]) ** 2));
  }
  return sse / m;
}

/**
 * The source rows multiplied by β^{e_i} and all weights renormalised, with β ∈ [0, 1] found by bisection so that the
 * target rows hold `share` of the total (the share grows as β falls: it is the target total over the target total
 * plus Σ_source w_i β^{e_i}).
 */
function shrinkSource(w: Float64Array, e: Float64Array, n: number, share: number): Float64Array {
  let targetTotal = 0;
  for (let i = n; i < w.length; i++) targetTotal += w[i];
  const sourceTotal = (beta: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i] * beta ** e[i];
    return s;
  };
  const shareAt = (beta: number): number => targetTotal / (targetTotal + sourceTotal(beta));
  let beta: number;
  if (shareAt(1) >= share) beta = 1;
  else if (shareAt(0) <= share) beta = 0;
  else {
    let lo = 0;
    let hi = 1;
    for (let it = 0; it < 200 && hi - lo > 1e-15; it++) {
      const mid = 0.5 * (lo + hi);
      if (shareAt(mid) < share) hi = mid;
      else lo = mid;
    }
    beta = 0.5 * (lo + hi);
  }
  const out = w.slice();
  for (let i = 0; i < n; i++) out[i] *= beta ** e[i];
  let total = 0;
  for (const v of out) total += v;
  return out.map((v) => v / total);
}
