import {
  NotFittedError,
  ShapeMismatchError,
  StandardScaler,
  checkOneOf,
  checkSavedHeader,
  isTable,
  toDenseMatrix,
  toTargetMatrix,
  type DenseMatrix,
  type MatrixInput,
  type StandardScalerJSON,
  type Table,
  type VectorInput,
} from '@tlkit/tensor-core';
import {
  RidgeCV,
  RidgeClassifierCV,
  type RidgeClassifier,
  compareLabels,
  type LinearModel,
  type AlphaCurve,
  type ClassLabel,
  type FitOptions,
  type RidgeCVCriterion,
  type RidgeCVJSON,
  type RidgeClassifierCVJSON,
} from '@tlkit/ridge';
import { resolveSource, type LinearModelLike, type LinearSource, type LinearSourceJSON, type ResolvedSource } from './linear-source.js';

export type ScalerMode = 'source' | 'refit' | 'none';

export interface ParameterTransferOptions {
  /** Candidate λ: 'auto' (default) spans 0, 10⁻⁶…10⁶ × the data scale, and ∞ — both limits included. */
  readonly alphas?: readonly number[] | 'auto';
  /** How λ is chosen: 'evidence' (default), 'loo', 'gcv' or a number of folds. */
  readonly cv?: RidgeCVCriterion;
  /** Target features scaled with the source's scaler ('source', default), a scaler fitted on the target rows ('refit'), or as they are ('none'). */
  readonly scaler?: ScalerMode;
  /** Classification: the target's classes in order; default the source's classes, then labels new in the target. */
  readonly classes?: readonly ClassLabel[];
  /** Seed for k-fold CV. */
  readonly seed?: number;
}

export interface ParameterTransferJSON {
  readonly kind: 'ParameterTransfer';
  readonly version: 1;
  readonly options: {
    cv: RidgeCVCriterion;
    scaler: ScalerMode;
    seed: number;
    /** Absent in older files: 'auto'. */
    alphas?: 'auto' | (number | 'Infinity')[];
    classes?: ClassLabel[];
  };
  readonly source: LinearSourceJSON;
  readonly target: RidgeCVJSON | RidgeClassifierCVJSON;
  readonly targetScaler: StandardScalerJSON | null;
  readonly logEvidenceRatio: number | null;
}

type TargetModel = RidgeCV | RidgeClassifierCV;

interface Fitted {
  model: TargetModel;
  scaler: StandardScaler | undefined;
  logEvidenceRatio: number;
}

/**
 * Parameter transfer for linear models: the target model solves
 *   min_{w,b} ||y_T − X_T·w − b||² + λ||w − w_S||²
 * (biased ridge toward the source weights w_S; λ proper, the intercept unpenalised), with λ chosen on the target
 * rows by maximum evidence (default), LOO, GCV or k-fold over a grid that includes λ = 0 (the source ignored:
 * target-only least squares) and λ = ∞ (the source model kept). It also reports the log-evidence ratio of a prior
 * centred at the source weights against one centred at zero: above 0, the target data favour the source.
 *
 * ```ts
 * const transfer = new ParameterTransfer(sourceModel).fit(Xtarget, ytarget);
 * transfer.predict(Xnew); transfer.alpha; transfer.logEvidenceRatio;
 * ```
 */
/** Every source `ParameterTransfer` accepts. */
export type TransferSource = LinearModelLike | LinearSource | LinearSourceJSON;

/**
 * What `predict` returns for a source: labels for a classifier, the regressor's output shape (a Float64Array when it
 * was fitted on one output) for a regressor, any of them for a JSON source (only its contents decide).
 */
export type TransferPrediction<S> = S extends RidgeClassifier | RidgeClassifierCV | { readonly model: RidgeClassifier | RidgeClassifierCV }
  ? ClassLabel[]
  : S extends LinearModel<infer P> | { readonly model: LinearModel<infer P> }
    ? P
    : Float64Array | DenseMatrix | ClassLabel[];

export class ParameterTransfer<S extends TransferSource = TransferSource> {
  readonly source: ResolvedSource;
  readonly alphas: readonly number[] | 'auto';
  readonly cv: RidgeCVCriterion;
  readonly scalerMode: ScalerMode;
  readonly seed: number;
  private readonly fixedClasses: readonly ClassLabel[] | undefined;
  private state: Fitted | undefined;

  constructor(source: S, options: ParameterTransferOptions = {}) {
    this.source = resolveSource(source);
    this.alphas = options.alphas ?? 'auto';
    this.cv = options.cv ?? 'evidence';
    this.scalerMode = checkOneOf('ParameterTransfer', 'scaler', options.scaler ?? 'source', ['source', 'refit', 'none']);
    this.seed = options.seed ?? 0;
    this.fixedClasses = options.classes;
  }

  /** The chosen λ: 0 means the source was ignored, ∞ that the source model was kept as it is. */
  get alpha(): number {
    return this.fitted('alpha').model.alpha;
  }

  /** The selection criterion for every candidate λ. */
  get curve(): AlphaCurve {
    return this.fitted('curve').model.curve;
  }

  /** log p(y | prior at w_S) − log p(y | prior at 0), each at its best λ. */
  get logEvidenceRatio(): number {
    return this.fitted('logEvidenceRatio').logEvidenceRatio;
  }

  /** The fitted target model (a RidgeCV, or a RidgeClassifierCV for a classifier source). */
  get model(): TargetModel {
    return this.fitted('model').model;
  }

  /** The target coefficients, outputs (or classes) × features. */
  get coefMatrix(): DenseMatrix {
    return this.fitted('coefMatrix').model.coefMatrix;
  }

  /** The target intercepts, one per output (or class). */
  get intercepts(): Float64Array {
    return this.fitted('intercepts').model.intercepts;
  }

  get classes(): readonly ClassLabel[] | undefined {
    const m = this.fitted('classes').model;
    return m instanceof RidgeClassifierCV ? m.classes : undefined;
  }

  /**
   * Fits on the labelled target rows: a matrix with `y`, or a Table (checked against the source schema; the label is
   * read from it unless `y` is given).
   */
  fit(X: MatrixInput | Table, y?: VectorInput | MatrixInput | readonly ClassLabel[], options: FitOptions = {}): this {
    const fn = 'ParameterTransfer.fit';
    const { X: raw, y: labels } = this.readRows(fn, X, y);
    let scaler: StandardScaler | undefined;
    if (this.scalerMode === 'source') scaler = this.source.preprocessor?.scaler;
    else if (this.scalerMode === 'refit') scaler = new StandardScaler().fit(raw);
    const Xs = scaler ? scaler.transform(raw) : raw;
    const common = { alphas: this.alphas === 'auto' ? ('auto' as const) : [...this.alphas], seed: this.seed };
    let model: TargetModel;
    let zeroPrior: TargetModel;
    let sourcePrior: TargetModel;
    if (this.source.kind === 'classification') {
      const classes = this.targetClasses(labels as readonly ClassLabel[]);
      const prior = { coef: this.classPrior(classes) };
      model = new RidgeClassifierCV({ ...common, cv: this.cv, classes, prior }).fit(Xs, labels as readonly ClassLabel[], options);
      sourcePrior =
        this.cv === 'evidence'
          ? model
          : new RidgeClassifierCV({ ...common, cv: 'evidence', classes, prior }).fit(Xs, labels as readonly ClassLabel[], options);
      zeroPrior = new RidgeClassifierCV({ ...common, cv: 'evidence', classes }).fit(Xs, labels as readonly ClassLabel[], options);
    } else {
      const prior = { coef: this.source.coef };
      const target = labels as VectorInput | MatrixInput;
      const outputs = toTargetMatrix(target, { fn, arg: 'y' }).matrix.cols;
      if (outputs !== this.source.coef.rows) {
        throw new ShapeMismatchError(`${fn}: y has ${outputs} outputs, the source model has ${this.source.coef.rows}`);
      }
      model = new RidgeCV({ ...common, cv: this.cv, prior }).fit(Xs, target, options);
      sourcePrior = this.cv === 'evidence' ? model : new RidgeCV({ ...common, cv: 'evidence', prior }).fit(Xs, target, options);
      zeroPrior = new RidgeCV({ ...common, cv: 'evidence' }).fit(Xs, target, options);
    }
    this.state = { model, scaler, logEvidenceRatio: sourcePrior.logEvidence - zeroPrior.logEvidence };
    return this;
  }

  /** Predictions for target rows (a matrix or a Table), scaled as in fit. */
  predict(X: MatrixInput | Table): TransferPrediction<S> {
    const { model } = this.fitted('predict');
    const Xs = this.prepareRows('ParameterTransfer.predict', X);
    // The target model has the source's kind and output count, so its prediction has the source's shape.
    return (model instanceof RidgeClassifierCV ? model.predict(Xs) : model.predict(Xs)) as TransferPrediction<S>;
  }

  /** R² for regression, accuracy for classification. */
  score(X: MatrixInput | Table, y?: VectorInput | MatrixInput | readonly ClassLabel[]): number {
    const { model } = this.fitted('score');
    const rows = this.readRows('ParameterTransfer.score', X, y);
    const Xs = this.scaleWith(this.fitted('score').scaler, rows.X);
    return model instanceof RidgeClassifierCV ? model.score(Xs, rows.y as readonly ClassLabel[]) : model.score(Xs, rows.y as VectorInput);
  }

  toJSON(): ParameterTransferJSON {
    const s = this.fitted('toJSON');
    return {
      kind: 'ParameterTransfer',
      version: 1,
      options: {
        cv: this.cv,
        scaler: this.scalerMode,
        seed: this.seed,
        alphas: this.alphas === 'auto' ? 'auto' : this.alphas.map((a) => (a === Infinity ? 'Infinity' : a)),
        ...(this.fixedClasses ? { classes: [...this.fixedClasses] } : {}),
      },
      source: this.source.json,
      target: s.model.toJSON(),
      targetScaler: s.scaler && this.scalerMode === 'refit' ? s.scaler.toJSON() : null,
      logEvidenceRatio: Number.isFinite(s.logEvidenceRatio) ? s.logEvidenceRatio : null,
    };
  }

  static fromJSON(json: unknown): ParameterTransfer {
    const j = checkSavedHeader('ParameterTransfer.fromJSON', json, {
      kind: 'ParameterTransfer',
      version: 1,
    }) as Partial<ParameterTransferJSON>;
    if (!j.source || !j.target || !j.options) throw new TypeError('ParameterTransfer.fromJSON: source, target and options are required');
    const o = j.options;
    if (o.alphas !== undefined && o.alphas !== 'auto' && !Array.isArray(o.alphas)) {
      throw new TypeError('ParameterTransfer.fromJSON: options.alphas must be "auto" or an array of alphas');
    }
    const alphas = o.alphas === undefined || o.alphas === 'auto' ? 'auto' : Array.from(o.alphas, (a) => (a === 'Infinity' ? Infinity : a));
    const out = new ParameterTransfer(j.source, {
      cv: o.cv,
      scaler: o.scaler,
      seed: o.seed,
      alphas,
      ...(o.classes ? { classes: o.classes } : {}),
    });
    const model = j.target.kind === 'RidgeClassifierCV' ? RidgeClassifierCV.fromJSON(j.target) : RidgeCV.fromJSON(j.target);
    const scaler =
      j.options.scaler === 'refit' && j.targetScaler
        ? StandardScaler.fromJSON(j.targetScaler)
        : j.options.scaler === 'source'
          ? out.source.preprocessor?.scaler
          : undefined;
    out.state = { model, scaler, logEvidenceRatio: j.logEvidenceRatio ?? NaN };
    return out;
  }

  private readRows(
    fn: string,
    X: MatrixInput | Table,
    y: VectorInput | MatrixInput | readonly ClassLabel[] | undefined,
  ): { X: DenseMatrix; y: VectorInput | MatrixInput | readonly ClassLabel[] } {
    let matrix: DenseMatrix;
    let labels = y;
    if (isTable(X)) {
      const encoded = this.tablePreprocessor(fn).encode(X, { labelOptional: y !== undefined });
      matrix = encoded.X;
      labels ??= encoded.y as VectorInput | readonly ClassLabel[] | undefined;
    } else {
      matrix = toDenseMatrix(X, { fn, arg: 'X' });
    }
    if (matrix.cols !== this.source.coef.cols) {
      throw new ShapeMismatchError(`${fn}: X has ${matrix.cols} columns, the source model has ${this.source.coef.cols}`);
    }
    if (labels === undefined) throw new TypeError(`${fn}: y is required (or a Table with the label column)`);
    return { X: matrix, y: labels };
  }

  private prepareRows(fn: string, X: MatrixInput | Table): DenseMatrix {
    if (isTable(X)) return this.scaleWith(this.fitted(fn).scaler, this.tablePreprocessor(fn).encode(X, { labelOptional: true }).X);
    const m = toDenseMatrix(X, { fn, arg: 'X', allowEmpty: true });
    if (m.rows > 0 && m.cols !== this.source.coef.cols) {
      throw new ShapeMismatchError(`${fn}: X has ${m.cols} columns, the source model has ${this.source.coef.cols}`);
    }
    return this.scaleWith(this.fitted(fn).scaler, m);
  }

  private tablePreprocessor(fn: string) {
    const { preprocessor } = this.source;
    if (!preprocessor) throw new TypeError(`${fn}: a Table needs a source with a preprocessor ({ model, preprocessor })`);
    return preprocessor;
  }

  private scaleWith(scaler: StandardScaler | undefined, X: DenseMatrix): DenseMatrix {
    return scaler && X.rows > 0 ? scaler.transform(X) : X;
  }

  private targetClasses(labels: readonly ClassLabel[]): ClassLabel[] {
    if (this.fixedClasses) return [...this.fixedClasses];
    const known = [...(this.source.classes ?? [])];
    const fresh = [...new Set(labels)].filter((l) => !known.includes(l));
    fresh.sort(compareLabels);
    return [...known, ...fresh];
  }

  /** One prior row per target class: the source's row for a class it knows, zeros for a class it never saw. */
  private classPrior(classes: readonly ClassLabel[]): number[][] {
    const { coef, classes: sourceClasses = [] } = this.source;
    return classes.map((c) => {
      const i = sourceClasses.indexOf(c);
      return i < 0 ? new Array<number>(coef.cols).fill(0) : Array.from(coef.data.subarray(i * coef.cols, (i + 1) * coef.cols));
    });
  }

  private fitted(method: string): Fitted {
    if (!this.state) throw new NotFittedError('ParameterTransfer', method);
    return this.state;
  }
}
