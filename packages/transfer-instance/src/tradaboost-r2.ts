import { NotFittedError, checkOneOf, r2Score, vstack, type MatrixInput, type VectorInput } from '@tlkit/tensor-core';
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
import { BOOST_LOSSES, MIN_ERROR, adjustedErrors, predictEnsemble, type BoostLoss } from './internal/boost-r2.js';
import { checkHeader } from './internal/json.js';
import { readRegressionRows, type LabelledRows } from './internal/labelled-rows.js';
import { checkPositiveInteger, numbersFrom, rowsOf } from './internal/rows.js';

export interface TrAdaBoostR2Options {
  /** Boosting rounds N (default 10, as ADAPT). */
  readonly estimators?: number;
  /** Drucker's loss of the relative error (default 'linear'). */
  readonly loss?: BoostLoss;
  /** A fixed ridge alpha for every round; default: alpha chosen each round by `cv` on the weighted rows. */
  readonly alpha?: number;
  readonly cv?: RidgeCVCriterion;
}

export interface TrAdaBoostR2JSON {
  readonly kind: 'TrAdaBoostR2';
  readonly version: 1;
  readonly options: { estimators: number; loss: BoostLoss; alpha: number | null; cv: RidgeCVCriterion };
  readonly estimators: RegressorJSON[];
  readonly errors: number[];
  readonly voteWeights: number[];
  readonly sourceWeights: number[];
  readonly targetWeights: number[];
}

interface State {
  models: Regressor[];
  errors: number[];
  voteWeights: number[];
  sourceWeights: Float64Array;
  targetWeights: Float64Array;
  width: number;
}

/**
 * TrAdaBoost.R2 (Pardoe & Stone 2010, Algorithm 2) over ridge regression: TrAdaBoost's reverse boosting with
 * AdaBoost.R2's adjusted errors e_i = loss(|y_i − h_t(x_i)| / D_t), D_t the largest error over all rows. Source rows
 * are multiplied by β^{e_i} with β = 1/(1 + √(2 ln n / N)), target rows by β_t^{−e_i} with β_t = ε_t/(1 − ε_t) and
 * ε_t the weighted adjusted error on the target rows (counted as ½ when above: no vote, target weights unchanged, as
 * in TrAdaBoost). The prediction is the weighted median of rounds ⌈N/2⌉…N with weights ln(1/β_t).
 */
export class TrAdaBoostR2 {
  readonly estimators: number;
  readonly loss: BoostLoss;
  readonly learner: LearnerSpec;
  private state: State | undefined;

  constructor(options: TrAdaBoostR2Options = {}) {
    this.estimators = checkPositiveInteger('TrAdaBoostR2', 'estimators', options.estimators ?? 10);
    this.loss = checkOneOf('TrAdaBoostR2', 'loss', options.loss ?? 'linear', BOOST_LOSSES);
    this.learner = checkLearner('TrAdaBoostR2', options.alpha, options.cv);
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  get errors(): readonly number[] {
    return this.fitted('errors').errors;
  }

  get voteWeights(): readonly number[] {
    return this.fitted('voteWeights').voteWeights;
  }

  get sourceWeights(): Float64Array {
    return this.fitted('sourceWeights').sourceWeights;
  }

  get targetWeights(): Float64Array {
    return this.fitted('targetWeights').targetWeights;
  }

  fit(source: LabelledRows, target: LabelledRows): this {
    const fn = 'TrAdaBoostR2.fit';
    const src = readRegressionRows(fn, source, undefined, 'source');
    const tgt = readRegressionRows(fn, target, src.X.cols, 'target');
    const n = src.X.rows;
    const m = tgt.X.rows;
    if (m === 0) throw new RangeError(`${fn}: TrAdaBoost.R2 needs labelled target rows`);
    const X = vstack([src.X, tgt.X]);
    const y = Float64Array.from([...src.y, ...tgt.y]);
    const N = this.estimators;
    const beta = 1 / (1 + Math.sqrt((2 * Math.log(n)) / N));
    const w = new Float64Array(n + m).fill(1 / (n + m));
    const models: Regressor[] = [];
    const errors: number[] = [];
    const voteWeights: number[] = [];
    for (let t = 0; t < N; t++) {
      const model = fitRegressor(this.learner, X, y, w);
      const e = adjustedErrors(y, predictValues(model, X), this.loss);
      let num = 0;
      let den = 0;
      for (let i = n; i < n + m; i++) {
        num += w[i] * e[i];
        den += w[i];
      }
      const error = num / den;
      const c = Math.min(Math.max(error, MIN_ERROR), 0.5);
      const betaT = c / (1 - c);
      models.push(model);
      errors.push(error);
      voteWeights.push(Math.log(1 / betaT));
      for (let i = 0; i < n + m; i++) w[i] *= i < n ? beta ** e[i] : betaT ** -e[i];
      let sum = 0;
      for (const v of w) sum += v;
      for (let i = 0; i < w.length; i++) w[i] /= sum;
    }
    this.state = { models, errors, voteWeights, sourceWeights: w.slice(0, n), targetWeights: w.slice(n), width: src.X.cols };
    return this;
  }

  predict(X: MatrixInput): Float64Array {
    const s = this.fitted('predict');
    const rows = rowsOf('TrAdaBoostR2.predict', X, s.width, 'X', true);
    return predictEnsemble(s, rows, Math.max(Math.ceil(s.models.length / 2) - 1, 0));
  }

  /** R². */
  score(X: MatrixInput, y: VectorInput): number {
    return r2Score(Float64Array.from(y as ArrayLike<number>), this.predict(X));
  }

  toJSON(): TrAdaBoostR2JSON {
    const s = this.fitted('toJSON');
    return {
      kind: 'TrAdaBoostR2',
      version: 1,
      options: { estimators: this.estimators, loss: this.loss, alpha: this.learner.alpha ?? null, cv: this.learner.cv },
      estimators: s.models.map((m) => m.toJSON()),
      errors: [...s.errors],
      voteWeights: [...s.voteWeights],
      sourceWeights: Array.from(s.sourceWeights),
      targetWeights: Array.from(s.targetWeights),
    };
  }

  static fromJSON(json: unknown): TrAdaBoostR2 {
    const fn = 'TrAdaBoostR2.fromJSON';
    checkHeader(fn, json, 'TrAdaBoostR2', 1);
    const j = json as TrAdaBoostR2JSON;
    if (!Array.isArray(j.estimators) || j.estimators.length === 0) throw new TypeError(`${fn}: estimators must be a non-empty array`);
    const o = j.options;
    const out = new TrAdaBoostR2({ estimators: o.estimators, loss: o.loss, alpha: o.alpha ?? undefined, cv: o.cv });
    const models = j.estimators.map((e) => regressorFromJSON(e));
    const voteWeights = Array.from(numbersFrom(fn, j.voteWeights, 'voteWeights'));
    if (voteWeights.length !== models.length)
      throw new TypeError(`${fn}: ${voteWeights.length} vote weights for ${models.length} estimators`);
    out.state = {
      models,
      errors: Array.from(numbersFrom(fn, j.errors, 'errors')),
      voteWeights,
      sourceWeights: numbersFrom(fn, j.sourceWeights, 'sourceWeights'),
      targetWeights: numbersFrom(fn, j.targetWeights, 'targetWeights'),
      width: models[0].coefMatrix.cols,
    };
    return out;
  }

  private fitted(method: string): State {
    if (!this.state) throw new NotFittedError('TrAdaBoostR2', method);
    return this.state;
  }
}
