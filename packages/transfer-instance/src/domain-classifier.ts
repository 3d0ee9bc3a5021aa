import {
  kFold,
  takeRows,
  vstack,
  type DenseMatrix,
  type MatrixInput,
  type StandardScaler,
  type StandardScalerJSON,
} from '@tlkit/tensor-core';
import { checkHeader } from './internal/json.js';
import { fitLogistic, logisticScores, meanLogLoss, type LogisticFit } from './internal/logistic.js';
import { checkFitted, checkGrid, checkPositive, checkPositiveInteger, numbersFrom, rowsOf } from './internal/rows.js';
import { checkScale, prepareDomains, scaleRows, scalerFromJSON, type InstanceWeighting, type ScaleMode } from './instance-weighting.js';

/** C = 10⁻³ … 10³. */
const AUTO_CS: readonly number[] = [1e-3, 1e-2, 0.1, 1, 10, 100, 1000];

export interface DomainClassifierOptions {
  /** Inverse L2 strength of the logistic domain classifier, or 'cv' (default): chosen by held-out log-loss over `Cs`. */
  readonly C?: number | 'cv';
  /** Candidate C for 'cv' (default 10⁻³ … 10³). */
  readonly Cs?: readonly number[];
  /** Folds of that cross-validation, stratified by domain (default 5). */
  readonly folds?: number;
  readonly scale?: ScaleMode;
  readonly seed?: number;
}

export interface DomainClassifierJSON {
  readonly kind: 'DomainClassifierWeighting';
  readonly version: 1;
  readonly options: { C: number | 'cv'; Cs: number[]; folds: number; scale: ScaleMode; seed: number };
  readonly C: number;
  readonly coef: number[];
  readonly intercept: number;
  /** n_s/n_t, the prior correction. */
  readonly priorRatio: number;
  readonly curve: { Cs: number[]; logLoss: number[] } | null;
  readonly weights: number[];
  readonly scaler: StandardScalerJSON | null;
}

interface State {
  C: number;
  fit: LogisticFit;
  priorRatio: number;
  curve: { Cs: number[]; logLoss: number[] } | undefined;
  weights: Float64Array;
  scaler: StandardScaler | undefined;
  width: number;
}

/**
 * Importance weights from a probabilistic domain classifier (Zadrozny 2004; Bickel, Brückner & Scheffer 2007): a
 * logistic regression learns P(target | x) from source rows (label 0) and target rows (label 1), and Bayes' rule
 * turns it into the density ratio with the prior correction for unequal domain sizes:
 *   p_t(x)/p_s(x) = [P(t | x)/P(s | x)]·(n_s/n_t) = exp(xᵀw + b)·n_s/n_t.
 * The log ratio is linear in x, which is exact for Gaussian domains with a shared covariance.
 */
export class DomainClassifierWeighting implements InstanceWeighting {
  readonly kind = 'DomainClassifierWeighting';
  readonly inductive = true;
  readonly C: number | 'cv';
  readonly Cs: readonly number[];
  readonly folds: number;
  readonly scale: ScaleMode;
  readonly seed: number;
  private state: State | undefined;

  constructor(options: DomainClassifierOptions = {}) {
    const fn = 'DomainClassifierWeighting';
    this.C = options.C === undefined || options.C === 'cv' ? 'cv' : checkPositive(fn, 'C', options.C);
    this.Cs = checkGrid(fn, 'Cs', options.Cs ?? AUTO_CS);
    this.folds = checkPositiveInteger(fn, 'folds', options.folds ?? 5, 2);
    this.scale = checkScale(fn, options.scale);
    this.seed = options.seed ?? 0;
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  get weights(): Float64Array {
    return this.fitted('weights').weights;
  }

  /** The C used (chosen by CV unless fixed). */
  get chosenC(): number {
    return this.fitted('chosenC').C;
  }

  /** Held-out log-loss of every candidate C (undefined when C was fixed). */
  get curve(): { Cs: number[]; logLoss: number[] } | undefined {
    return this.fitted('curve').curve;
  }

  fit(Xs: MatrixInput, Xt: MatrixInput): this {
    const fn = 'DomainClassifierWeighting.fit';
    const { Xs: S, Xt: T, scaler } = prepareDomains(fn, Xs, Xt, this.scale);
    const X = vstack([S, T]);
    const y = new Uint8Array(S.rows + T.rows);
    y.fill(1, S.rows);
    let C: number;
    let curve: State['curve'];
    if (this.C === 'cv') {
      const folds = Math.min(this.folds, S.rows, T.rows);
      if (folds < 2) throw new RangeError(`${fn}: C 'cv' needs at least 2 rows in each domain`);
      const splits = kFold(X.rows, folds, { seed: this.seed, stratify: Array.from(y) });
      // Each fold walks the C grid from the strongest penalty up, warm-starting every fit from the previous one.
      const order = this.Cs.map((_c, i) => i).sort((a, b) => this.Cs[a] - this.Cs[b]);
      const totals = new Float64Array(this.Cs.length);
      for (const { train, test } of splits) {
        const Xtrain = takeRows(X, train);
        const ytrain = Uint8Array.from(train, (i) => y[i]);
        const Xtest = takeRows(X, test);
        const ytest = Uint8Array.from(test, (i) => y[i]);
        let previous: LogisticFit | undefined;
        for (const k of order) {
          previous = fitLogistic(Xtrain, ytrain, this.Cs[k], { start: previous });
          totals[k] += meanLogLoss(logisticScores(Xtest, previous), ytest) * test.length;
        }
      }
      const logLoss = Array.from(totals, (t) => t / X.rows);
      let best = 0;
      logLoss.forEach((v, i) => {
        if (v < logLoss[best]) best = i;
      });
      C = this.Cs[best];
      curve = { Cs: [...this.Cs], logLoss };
    } else {
      C = this.C;
    }
    const model = fitLogistic(X, y, C);
    const priorRatio = S.rows / T.rows;
    const weights = ratioFrom(logisticScores(S, model), priorRatio);
    this.state = { C, fit: model, priorRatio, curve, weights, scaler, width: S.cols };
    return this;
  }

  /** P(target | x) for new rows. */
  predictProba(X: MatrixInput): Float64Array {
    return this.scores('predictProba', X).map((z) => 1 / (1 + Math.exp(-z)));
  }

  predictWeights(X: MatrixInput): Float64Array {
    const s = this.fitted('predictWeights');
    return ratioFrom(this.scores('predictWeights', X), s.priorRatio);
  }

  /** Mean log-likelihood of the domain labels of held-out rows (higher is better). */
  score(Xs: MatrixInput, Xt: MatrixInput): number {
    const zs = this.scores('score', Xs, 'Xs');
    const zt = this.scores('score', Xt, 'Xt');
    const z = Float64Array.from([...zs, ...zt]);
    const y = new Uint8Array(z.length);
    y.fill(1, zs.length);
    return -meanLogLoss(z, y);
  }

  toJSON(): DomainClassifierJSON {
    const s = this.fitted('toJSON');
    return {
      kind: 'DomainClassifierWeighting',
      version: 1,
      options: { C: this.C, Cs: [...this.Cs], folds: this.folds, scale: this.scale, seed: this.seed },
      C: s.C,
      coef: Array.from(s.fit.coef),
      intercept: s.fit.intercept,
      priorRatio: s.priorRatio,
      curve: s.curve ?? null,
      weights: Array.from(s.weights),
      scaler: s.scaler ? s.scaler.toJSON() : null,
    };
  }

  static fromJSON(json: unknown): DomainClassifierWeighting {
    const fn = 'DomainClassifierWeighting.fromJSON';
    checkHeader(fn, json, 'DomainClassifierWeighting', 1);
    const j = json as DomainClassifierJSON;
    const out = new DomainClassifierWeighting(j.options);
    const coef = numbersFrom(fn, j.coef, 'coef');
    out.state = {
      C: checkPositive(fn, 'C', j.C),
      fit: { coef, intercept: j.intercept, iterations: 0 },
      priorRatio: checkPositive(fn, 'priorRatio', j.priorRatio),
      curve: j.curve ?? undefined,
      weights: numbersFrom(fn, j.weights, 'weights'),
      scaler: scalerFromJSON(j.scaler),
      width: coef.length,
    };
    return out;
  }

  private scores(method: string, X: MatrixInput, arg = 'X'): Float64Array {
    const s = this.fitted(method);
    const rows: DenseMatrix = scaleRows(s.scaler, rowsOf(`DomainClassifierWeighting.${method}`, X, s.width, arg, true));
    return logisticScores(rows, s.fit);
  }

  private fitted(method: string): State {
    return checkFitted(this.state, 'DomainClassifierWeighting', method);
  }
}

function ratioFrom(z: Float64Array, priorRatio: number): Float64Array {
  return z.map((v) => Math.exp(v) * priorRatio);
}
