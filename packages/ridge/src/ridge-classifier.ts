import {
  BadDataError,
  NotFittedError,
  accuracy,
  assertSameRows,
  toDenseMatrix,
  toVector,
  type DenseMatrix,
  type MatrixInput,
} from '@tlkit/tensor-core';
import type { FitOptions } from './fit-input.js';
import { checkHeader, classesFromJSON } from './model-json.js';
import type { RidgePrior } from './prior.js';
import { RidgeCV, autoAlphas, type RidgeCVJSON, type RidgeCVOptions } from './ridge-cv.js';
import { RidgeRegression, type RidgeRegressionJSON, type RidgeRegressionOptions } from './ridge-regression.js';

/** A class label: any JSON-safe primitive. */
export type ClassLabel = string | number | boolean;

function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
}

/**
 * tlkit's one order of class labels, the same in every locale: numbers by value, then booleans (false first), then
 * strings by Unicode code point (never `localeCompare`, whose order depends on the machine's locale).
 */
export function compareLabels(a: ClassLabel, b: ClassLabel): number {
  const rank = (v: ClassLabel) => (typeof v === 'number' ? 0 : typeof v === 'boolean' ? 1 : 2);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return compareCodePoints(String(a), String(b));
}

function sortLabels(labels: Iterable<ClassLabel>): ClassLabel[] {
  return [...new Set(labels)].sort(compareLabels);
}

function checkLabels(fn: string, y: readonly ClassLabel[]): void {
  if (!Array.isArray(y)) throw new TypeError(`${fn}: y must be an array of class labels`);
  y.forEach((v, i) => {
    const t = typeof v;
    if (!(t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(v)))) {
      throw new BadDataError(`${fn}: y has an invalid label (${String(v)}) at row ${i}`, { row: i });
    }
  });
}

interface ClassifierRegressor {
  fit(X: MatrixInput, y: DenseMatrix, options?: FitOptions): unknown;
  predictMatrix(X: MatrixInput): DenseMatrix;
  readonly coefMatrix: DenseMatrix;
  readonly intercepts: Float64Array;
}

export interface RidgeClassifierBaseOptions {
  /** The class order (one column of the decision function each); default: the sorted labels seen in fit. */
  readonly classes?: readonly ClassLabel[];
}

/**
 * Shared logic of the ridge classifiers: targets are ±1 one-hot (one column per class, even with two
 * classes — the decision is the same as scikit-learn's single column), prediction is the argmax.
 */
abstract class RidgeClassifierBase<R extends ClassifierRegressor> {
  protected abstract readonly estimatorName: string;
  protected regressor: R | undefined;
  protected classList: ClassLabel[] | undefined;
  protected readonly fixedClasses: readonly ClassLabel[] | undefined;

  constructor(options: RidgeClassifierBaseOptions) {
    this.fixedClasses = options.classes ? [...options.classes] : undefined;
  }

  /** The regressor for one fit (it may depend on the rows, e.g. for an alpha grid scaled to them). */
  protected abstract makeRegressor(X?: DenseMatrix, options?: FitOptions): R;

  get classes(): readonly ClassLabel[] {
    return this.state('classes').classes;
  }

  get coefMatrix(): DenseMatrix {
    return this.state('coefMatrix').regressor.coefMatrix;
  }

  get intercepts(): Float64Array {
    return this.state('intercepts').regressor.intercepts;
  }

  get isFitted(): boolean {
    return this.regressor !== undefined;
  }

  fit(X: MatrixInput, y: readonly ClassLabel[], options: FitOptions = {}): this {
    const fn = `${this.estimatorName}.fit`;
    checkLabels(fn, y);
    // Only read: a DenseMatrix is validated, not copied.
    const Xm = toDenseMatrix(X, { fn, arg: 'X', borrow: true });
    assertSameRows(fn, { name: 'y', rows: y.length }, { name: 'X', rows: Xm.rows });
    const classes = this.fixedClasses ? [...this.fixedClasses] : sortLabels(y);
    if (classes.length < 2) throw new RangeError(`${fn}: y has ${classes.length} class; at least 2 are needed`);
    const index = new Map(classes.map((c, i) => [c, i]));
    const k = classes.length;
    const Y = new Float64Array(y.length * k).fill(-1);
    y.forEach((label, i) => {
      const c = index.get(label);
      if (c === undefined) {
        throw new BadDataError(`${fn}: label ${JSON.stringify(label)} at row ${i} is not among the classes ${JSON.stringify(classes)}`, {
          row: i,
        });
      }
      Y[i * k + c] = 1;
    });
    const regressor = this.makeRegressor(Xm, options);
    regressor.fit(Xm, { rows: y.length, cols: k, data: Y }, options);
    this.regressor = regressor;
    this.classList = classes;
    return this;
  }

  /** Scores per class (rows × classes); the predicted class has the largest. */
  decisionFunction(X: MatrixInput): DenseMatrix {
    return this.state('decisionFunction').regressor.predictMatrix(X);
  }

  predict(X: MatrixInput): ClassLabel[] {
    const { classes } = this.state('predict');
    const D = this.decisionFunction(X);
    const out: ClassLabel[] = [];
    for (let i = 0; i < D.rows; i++) {
      let best = 0;
      for (let c = 1; c < D.cols; c++) if (D.data[i * D.cols + c] > D.data[i * D.cols + best]) best = c;
      out.push(classes[best]);
    }
    return out;
  }

  /** Accuracy. */
  score(X: MatrixInput, y: readonly ClassLabel[]): number {
    return accuracy(y, this.predict(X));
  }

  /** Puts back a fitted regressor and its classes (for fromJSON). */
  protected restore(regressor: R, classes: readonly ClassLabel[]): this {
    this.regressor = regressor;
    this.classList = [...classes];
    return this;
  }

  protected state(method: string): { regressor: R; classes: ClassLabel[] } {
    if (!this.regressor || !this.classList) throw new NotFittedError(this.estimatorName, method);
    return { regressor: this.regressor, classes: this.classList };
  }
}

export interface RidgeClassifierOptions extends RidgeClassifierBaseOptions, Omit<RidgeRegressionOptions, 'prior'> {
  /** Prior coefficients, one row per class in `classes` order (classes × features). */
  readonly prior?: RidgeRegressionOptions['prior'];
}

export interface RidgeClassifierJSON {
  readonly kind: 'RidgeClassifier';
  readonly version: 1;
  readonly classes: ClassLabel[];
  /** The class order given as an option (undefined: the sorted labels of each fit). */
  readonly fixedClasses?: ClassLabel[];
  readonly regressor: RidgeRegressionJSON;
}

/** Ridge classifier with a fixed alpha (scikit-learn's RidgeClassifier), priors included. */
export class RidgeClassifier extends RidgeClassifierBase<RidgeRegression> {
  protected readonly estimatorName = 'RidgeClassifier';
  readonly options: RidgeClassifierOptions;

  constructor(options: RidgeClassifierOptions = {}) {
    super(options);
    this.options = options;
    this.makeRegressor();
  }

  protected makeRegressor(): RidgeRegression {
    const { classes: _classes, ...rest } = this.options;
    return new RidgeRegression(rest);
  }

  toJSON(): RidgeClassifierJSON {
    const { regressor, classes } = this.state('toJSON');
    return {
      kind: 'RidgeClassifier',
      version: 1,
      classes: [...classes],
      ...(this.fixedClasses ? { fixedClasses: [...this.fixedClasses] } : {}),
      regressor: regressor.toJSON(),
    };
  }

  static fromJSON(json: unknown): RidgeClassifier {
    const fn = 'RidgeClassifier.fromJSON';
    checkHeader(fn, json, 'RidgeClassifier', 1);
    const j = json as RidgeClassifierJSON;
    const regressor = RidgeRegression.fromJSON(j.regressor);
    const classes = classesFromJSON(fn, j.classes, regressor.coefMatrix.rows);
    return new RidgeClassifier({
      ...(j.fixedClasses ? { classes: checkSavedClasses(fn, j.fixedClasses) } : {}),
      alpha: regressor.alpha,
      fitIntercept: regressor.fitIntercept,
      solver: regressor.solver,
      ...(regressor.prior ? { prior: regressor.prior } : {}),
    }).restore(regressor, classes);
  }
}

/** Fixed classes saved with the options: the same checks as the fitted classes, without an output count. */
function checkSavedClasses(fn: string, classes: unknown): ClassLabel[] {
  return classesFromJSON(fn, classes);
}

export interface RidgeClassifierCVOptions extends RidgeClassifierBaseOptions, RidgeCVOptions {}

export interface RidgeClassifierCVJSON {
  readonly kind: 'RidgeClassifierCV';
  readonly version: 1;
  readonly classes: ClassLabel[];
  /** The options the classifier was built with (a refit after loading uses them). */
  readonly options: {
    readonly alphas: 'auto' | (number | 'Infinity')[];
    readonly cv: RidgeCVOptions['cv'];
    readonly fitIntercept: boolean;
    readonly solver: NonNullable<RidgeCVOptions['solver']>;
    readonly seed: number;
    readonly prior?: RidgePrior;
    readonly classes?: ClassLabel[];
  };
  readonly regressor: RidgeCVJSON;
}

/** Sum of squares of the (weighted-)centred columns: the trace of XcᵀXc, all the 'auto' alpha grid needs. */
function centredTrace(X: DenseMatrix, weights: ArrayLike<number> | undefined, centre: boolean): number {
  const { rows: n, cols: d, data } = X;
  const mean = new Float64Array(d);
  if (centre) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights ? weights[i] : 1;
      total += w;
      for (let j = 0; j < d; j++) mean[j] += w * data[i * d + j];
    }
    for (let j = 0; j < d; j++) mean[j] /= total;
  }
  let trace = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    for (let j = 0; j < d; j++) trace += w * (data[i * d + j] - mean[j]) ** 2;
  }
  return trace;
}

/**
 * Ridge classifier with alpha chosen by LOO, GCV, evidence or k-fold on the ±1 targets.
 *
 * Without a prior, the 'auto' grid stops at its largest finite alpha: alpha = ∞ would predict the intercepts alone —
 * the majority class whatever the features, and no class at all when the labelled classes are balanced (one row per
 * class), where it used to fall back to the first class. At the largest finite alpha the intercepts still decide when
 * the classes are unbalanced, and the features (a nearest-class-mean rule in the limit) decide when they tie.
 */
export class RidgeClassifierCV extends RidgeClassifierBase<RidgeCV> {
  protected readonly estimatorName = 'RidgeClassifierCV';
  readonly options: RidgeClassifierCVOptions;

  constructor(options: RidgeClassifierCVOptions = {}) {
    super(options);
    this.options = options;
    this.makeRegressor();
  }

  get alpha(): number {
    return this.state('alpha').regressor.alpha;
  }

  get curve(): RidgeCV['curve'] {
    return this.state('curve').regressor.curve;
  }

  get logEvidence(): number {
    return this.state('logEvidence').regressor.logEvidence;
  }

  protected makeRegressor(X?: DenseMatrix, fitOptions: FitOptions = {}): RidgeCV {
    const { classes: _classes, ...rest } = this.options;
    if (!X || rest.prior || (rest.alphas !== undefined && rest.alphas !== 'auto')) return new RidgeCV(rest);
    const weights =
      fitOptions.sampleWeight === undefined
        ? undefined
        : toVector(fitOptions.sampleWeight, { fn: 'RidgeClassifierCV.fit', arg: 'sampleWeight' });
    const trace = centredTrace(X, weights, rest.fitIntercept ?? true);
    const alphas = autoAlphas(Float64Array.of(trace), X.cols).filter((a) => a !== Infinity);
    return new RidgeCV({ ...rest, alphas });
  }

  toJSON(): RidgeClassifierCVJSON {
    const { regressor, classes } = this.state('toJSON');
    const o = this.options;
    const alphas = o.alphas === undefined || o.alphas === 'auto' ? 'auto' : o.alphas.map((a) => (a === Infinity ? 'Infinity' : a));
    return {
      kind: 'RidgeClassifierCV',
      version: 1,
      classes: [...classes],
      options: {
        alphas,
        cv: regressor.cv,
        fitIntercept: regressor.fitIntercept,
        solver: regressor.solver,
        seed: regressor.seed,
        ...(regressor.prior ? { prior: regressor.toJSON().prior } : {}),
        ...(this.fixedClasses ? { classes: [...this.fixedClasses] } : {}),
      },
      regressor: regressor.toJSON(),
    };
  }

  static fromJSON(json: unknown): RidgeClassifierCV {
    const fn = 'RidgeClassifierCV.fromJSON';
    checkHeader(fn, json, 'RidgeClassifierCV', 1);
    const j = json as RidgeClassifierCVJSON;
    const o = j.options as Partial<RidgeClassifierCVJSON['options']> | null | undefined;
    if (typeof o !== 'object' || o === null) throw new TypeError(`${fn}: options are required`);
    const alphas =
      o.alphas === 'auto'
        ? 'auto'
        : Array.isArray(o.alphas)
          ? o.alphas.map((a) => (a === 'Infinity' ? Infinity : a))
          : (() => {
              throw new TypeError(`${fn}: options.alphas must be "auto" or an array of numbers`);
            })();
    const regressor = RidgeCV.fromJSON(j.regressor);
    const classes = classesFromJSON(fn, j.classes, regressor.coefMatrix.rows);
    return new RidgeClassifierCV({
      alphas,
      cv: o.cv,
      fitIntercept: o.fitIntercept,
      solver: o.solver,
      seed: o.seed,
      ...(o.prior ? { prior: o.prior } : {}),
      ...(o.classes ? { classes: checkSavedClasses(fn, o.classes) } : {}),
    }).restore(regressor, classes);
  }
}
