import { NotFittedError, accuracy, vstack, type MatrixInput } from '@tlkit/tensor-core';
import type { ClassLabel, RidgeCVCriterion } from '@tlkit/ridge';
import {
  checkLearner,
  classifierFromJSON,
  fitClassifier,
  type Classifier,
  type ClassifierJSON,
  type LearnerSpec,
} from './internal/base-learner.js';
import { MIN_ERROR, NO_VOTE } from './internal/boost-r2.js';
import { checkHeader } from './internal/json.js';
import { readClassRows, sortedClasses, type LabelledRows } from './internal/labelled-rows.js';
import { checkPositiveInteger, numbersFrom, rowsOf } from './internal/rows.js';

export interface TrAdaBoostOptions {
  /** Boosting rounds N (default 10, as ADAPT). */
  readonly estimators?: number;
  /** A fixed ridge alpha for every round; default: alpha chosen each round by `cv` on the weighted rows. */
  readonly alpha?: number;
  /** How each round's alpha is chosen when `alpha` is not fixed (default 'evidence'). */
  readonly cv?: RidgeCVCriterion;
  /** The class order; default the sorted labels of both domains. */
  readonly classes?: readonly ClassLabel[];
}

export interface TrAdaBoostJSON {
  readonly kind: 'TrAdaBoost';
  readonly version: 1;
  readonly options: { estimators: number; alpha: number | null; cv: RidgeCVCriterion };
  readonly classes: ClassLabel[];
  readonly estimators: ClassifierJSON[];
  readonly errors: number[];
  readonly voteWeights: number[];
  readonly sourceWeights: number[];
  readonly targetWeights: number[];
}

interface State {
  classes: ClassLabel[];
  models: Classifier[];
  errors: number[];
  voteWeights: number[];
  sourceWeights: Float64Array;
  targetWeights: Float64Array;
  width: number;
}

/**
 * TrAdaBoost (Dai, Yang, Xue & Yu 2007) over ridge classifiers: each round fits a ridge classifier to the source and
 * labelled target rows under the current weights; a misclassified source row is multiplied by
 * β = 1/(1 + √(2 ln n / N)) (it looks unlike the target), a misclassified target row by β_t⁻¹ with
 * β_t = ε_t/(1 − ε_t) and ε_t the weighted error on the target rows only. Prediction is the vote of rounds ⌈N/2⌉…N
 * with weights ln(1/β_t) — for two classes exactly the paper's rule, for more the natural multi-class vote. The paper
 * requires ε_t < ½; a round at or above ½ is counted as ½: it gets no vote and leaves the target weights as they are,
 * while misclassified source rows keep being down-weighted (stopping there instead would, with a learner as rigid as
 * ridge, often end the boosting after one round, i.e. at plain pooling).
 */
export class TrAdaBoost {
  readonly estimators: number;
  readonly learner: LearnerSpec;
  private readonly fixedClasses: readonly ClassLabel[] | undefined;
  private state: State | undefined;

  constructor(options: TrAdaBoostOptions = {}) {
    this.estimators = checkPositiveInteger('TrAdaBoost', 'estimators', options.estimators ?? 10);
    this.learner = checkLearner('TrAdaBoost', options.alpha, options.cv);
    this.fixedClasses = options.classes ? [...options.classes] : undefined;
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  get classes(): readonly ClassLabel[] {
    return this.fitted('classes').classes;
  }

  /** ε_t of every round run: the weighted error on the target rows. */
  get errors(): readonly number[] {
    return this.fitted('errors').errors;
  }

  /** ln(1/β_t) of every round run (only rounds ⌈N/2⌉…N vote). */
  get voteWeights(): readonly number[] {
    return this.fitted('voteWeights').voteWeights;
  }

  /** The source rows' weights after the last round, normalised with the target rows' to sum 1. */
  get sourceWeights(): Float64Array {
    return this.fitted('sourceWeights').sourceWeights;
  }

  get targetWeights(): Float64Array {
    return this.fitted('targetWeights').targetWeights;
  }

  fit(source: LabelledRows, target: LabelledRows): this {
    const fn = 'TrAdaBoost.fit';
    const src = readClassRows(fn, source, undefined, 'source');
    const tgt = readClassRows(fn, target, src.X.cols, 'target');
    const n = src.X.rows;
    const m = tgt.X.rows;
    if (m === 0) throw new RangeError(`${fn}: TrAdaBoost needs labelled target rows`);
    const classes = this.fixedClasses ? [...this.fixedClasses] : sortedClasses([...src.y, ...tgt.y]);
    const X = vstack([src.X, tgt.X]);
    const y = [...src.y, ...tgt.y];
    const N = this.estimators;
    const beta = 1 / (1 + Math.sqrt((2 * Math.log(n)) / N));
    const w = new Float64Array(n + m).fill(1 / (n + m));
    const models: Classifier[] = [];
    const errors: number[] = [];
    const voteWeights: number[] = [];
    for (let t = 0; t < N; t++) {
      const model = fitClassifier(this.learner, classes, X, y, w);
      const predicted = model.predict(X);
      let wrong = 0;
      let total = 0;
      for (let i = n; i < n + m; i++) {
        total += w[i];
        if (predicted[i] !== y[i]) wrong += w[i];
      }
      const error = wrong / total;
      const e = Math.min(Math.max(error, MIN_ERROR), 0.5);
      const betaT = e / (1 - e);
      models.push(model);
      errors.push(error);
      voteWeights.push(Math.log(1 / betaT));
      for (let i = 0; i < n + m; i++) {
        if (predicted[i] === y[i]) continue;
        w[i] *= i < n ? beta : 1 / betaT;
      }
      let sum = 0;
      for (const v of w) sum += v;
      for (let i = 0; i < w.length; i++) w[i] /= sum;
    }
    this.state = {
      classes,
      models,
      errors,
      voteWeights,
      sourceWeights: w.slice(0, n),
      targetWeights: w.slice(n),
      width: src.X.cols,
    };
    return this;
  }

  predict(X: MatrixInput): ClassLabel[] {
    const s = this.fitted('predict');
    const rows = rowsOf('TrAdaBoost.predict', X, s.width, 'X', true);
    const first = Math.ceil(s.models.length / 2) - 1;
    const voters = s.models.slice(Math.max(first, 0));
    const weights = s.voteWeights.slice(Math.max(first, 0));
    // Rounds at ε = ½ have no vote; when no round votes, all vote equally.
    const equal = weights.reduce((a, b) => a + b, 0) <= NO_VOTE;
    const predictions = voters.map((model) => model.predict(rows));
    const index = new Map(s.classes.map((c, i) => [c, i]));
    return Array.from({ length: rows.rows }, (_, i) => {
      const votes = new Float64Array(s.classes.length);
      predictions.forEach((p, t) => (votes[index.get(p[i]) ?? 0] += equal ? 1 : weights[t]));
      let best = 0;
      // Ties go to the later class, as the paper's "≥" does for two classes.
      for (let c = 1; c < votes.length; c++) if (votes[c] >= votes[best]) best = c;
      return s.classes[best];
    });
  }

  /** Accuracy on labelled rows. */
  score(X: MatrixInput, y: readonly ClassLabel[]): number {
    return accuracy(y, this.predict(X));
  }

  toJSON(): TrAdaBoostJSON {
    const s = this.fitted('toJSON');
    return {
      kind: 'TrAdaBoost',
      version: 1,
      options: { estimators: this.estimators, alpha: this.learner.alpha ?? null, cv: this.learner.cv },
      classes: [...s.classes],
      estimators: s.models.map((m) => m.toJSON()),
      errors: [...s.errors],
      voteWeights: [...s.voteWeights],
      sourceWeights: Array.from(s.sourceWeights),
      targetWeights: Array.from(s.targetWeights),
    };
  }

  static fromJSON(json: unknown): TrAdaBoost {
    const fn = 'TrAdaBoost.fromJSON';
    checkHeader(fn, json, 'TrAdaBoost', 1);
    const j = json as TrAdaBoostJSON;
    if (!Array.isArray(j.estimators) || j.estimators.length === 0) throw new TypeError(`${fn}: estimators must be a non-empty array`);
    const out = new TrAdaBoost({
      estimators: j.options.estimators,
      alpha: j.options.alpha ?? undefined,
      cv: j.options.cv,
      classes: j.classes,
    });
    const models = j.estimators.map((e) => classifierFromJSON(e));
    const voteWeights = Array.from(numbersFrom(fn, j.voteWeights, 'voteWeights'));
    if (voteWeights.length !== models.length)
      throw new TypeError(`${fn}: ${voteWeights.length} vote weights for ${models.length} estimators`);
    out.state = {
      classes: [...j.classes],
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
    if (!this.state) throw new NotFittedError('TrAdaBoost', method);
    return this.state;
  }
}
