import {
  BadDataError,
  NotFittedError,
  accuracy,
  assertSameRows,
  toDenseMatrix,
  type DenseMatrix,
  type MatrixInput,
} from '@tlkit/tensor-core';
import type { FitOptions } from './fit-input.js';
import { checkHeader, classesFromJSON } from './model-json.js';
import { RidgeCV, type RidgeCVJSON, type RidgeCVOptions } from './ridge-cv.js';
import { RidgeRegression, type RidgeRegressionJSON, type RidgeRegressionOptions } from './ridge-regression.js';

/** A class label: any JSON-safe primitive. */
export type ClassLabel = string | number | boolean;

function sortLabels(labels: Iterable<ClassLabel>): ClassLabel[] {
  return [...new Set(labels)].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
  );
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

  protected abstract makeRegressor(): R;

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
    const Xm = toDenseMatrix(X, { fn, arg: 'X' });
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
    const regressor = this.makeRegressor();
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
    return { kind: 'RidgeClassifier', version: 1, classes: [...classes], regressor: regressor.toJSON() };
  }

  static fromJSON(json: unknown): RidgeClassifier {
    checkHeader('RidgeClassifier.fromJSON', json, 'RidgeClassifier', 1);
    const j = json as RidgeClassifierJSON;
    const regressor = RidgeRegression.fromJSON(j.regressor);
    const classes = classesFromJSON('RidgeClassifier.fromJSON', j.classes, regressor.coefMatrix.rows);
    return new RidgeClassifier({ classes, alpha: regressor.alpha, fitIntercept: regressor.fitIntercept }).restore(regressor, classes);
  }
}

export interface RidgeClassifierCVOptions extends RidgeClassifierBaseOptions, RidgeCVOptions {}

export interface RidgeClassifierCVJSON {
  readonly kind: 'RidgeClassifierCV';
  readonly version: 1;
  readonly classes: ClassLabel[];
  readonly regressor: RidgeCVJSON;
}

/** Ridge classifier with alpha chosen by LOO, GCV, evidence or k-fold on the ±1 targets. */
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

  protected makeRegressor(): RidgeCV {
    const { classes: _classes, ...rest } = this.options;
    return new RidgeCV(rest);
  }

  toJSON(): RidgeClassifierCVJSON {
    const { regressor, classes } = this.state('toJSON');
    return { kind: 'RidgeClassifierCV', version: 1, classes: [...classes], regressor: regressor.toJSON() };
  }

  static fromJSON(json: unknown): RidgeClassifierCV {
    checkHeader('RidgeClassifierCV.fromJSON', json, 'RidgeClassifierCV', 1);
    const j = json as RidgeClassifierCVJSON;
    const regressor = RidgeCV.fromJSON(j.regressor);
    const classes = classesFromJSON('RidgeClassifierCV.fromJSON', j.classes, regressor.coefMatrix.rows);
    return new RidgeClassifierCV({ classes, cv: regressor.cv, fitIntercept: regressor.fitIntercept }).restore(regressor, classes);
  }
}
