import { NotFittedError, ShapeMismatchError } from './errors.js';
import type { DenseMatrix } from './dense-matrix.js';
import { toDenseMatrix, type MatrixInput } from './matrix-input.js';

export interface StandardScalerOptions {
  readonly withMean?: boolean;
  readonly withStd?: boolean;
}

export interface StandardScalerJSON {
  readonly kind: 'StandardScaler';
  readonly version: 1;
  readonly withMean: boolean;
  readonly withStd: boolean;
  readonly mean: number[];
  readonly scale: number[];
}

/**
 * Standardises columns with statistics of the set it was fitted on (population std, as scikit-learn);
 * constant columns keep scale 1 so they map to 0 instead of NaN.
 */
export class StandardScaler {
  readonly withMean: boolean;
  readonly withStd: boolean;
  private meanValues: Float64Array | undefined;
  private scaleValues: Float64Array | undefined;

  constructor(options: StandardScalerOptions = {}) {
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
  }

  get mean(): Float64Array {
    return this.fitted('mean').mean;
  }

  get scale(): Float64Array {
    return this.fitted('scale').scale;
  }

  get isFitted(): boolean {
    return this.meanValues !== undefined;
  }

  fit(X: MatrixInput): this {
    const m = toDenseMatrix(X, { fn: 'StandardScaler.fit', arg: 'X' });
    const mean = new Float64Array(m.cols);
    const scale = new Float64Array(m.cols).fill(1);
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) mean[j] += m.data[i * m.cols + j];
    for (let j = 0; j < m.cols; j++) mean[j] /= m.rows;
    if (this.withStd) {
      const ss = new Float64Array(m.cols);
      for (let i = 0; i < m.rows; i++) {
        for (let j = 0; j < m.cols; j++) ss[j] += (m.data[i * m.cols + j] - mean[j]) ** 2;
      }
      for (let j = 0; j < m.cols; j++) {
        const sd = Math.sqrt(ss[j] / m.rows);
        scale[j] = sd > 1e-12 * (Math.abs(mean[j]) + 1) ? sd : 1;
      }
    }
    this.meanValues = this.withMean ? mean : new Float64Array(m.cols);
    this.scaleValues = scale;
    return this;
  }

  transform(X: MatrixInput): DenseMatrix {
    const { mean, scale } = this.fitted('transform');
    const m = toDenseMatrix(X, { fn: 'StandardScaler.transform', arg: 'X', allowEmpty: true });
    this.checkCols('transform', m);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < m.cols; j++) m.data[i * m.cols + j] = (m.data[i * m.cols + j] - mean[j]) / scale[j];
    }
    return m;
  }

  fitTransform(X: MatrixInput): DenseMatrix {
    return this.fit(X).transform(X);
  }

  inverseTransform(X: MatrixInput): DenseMatrix {
    const { mean, scale } = this.fitted('inverseTransform');
    const m = toDenseMatrix(X, { fn: 'StandardScaler.inverseTransform', arg: 'X', allowEmpty: true });
    this.checkCols('inverseTransform', m);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < m.cols; j++) m.data[i * m.cols + j] = m.data[i * m.cols + j] * scale[j] + mean[j];
    }
    return m;
  }

  toJSON(): StandardScalerJSON {
    const { mean, scale } = this.fitted('toJSON');
    return {
      kind: 'StandardScaler',
      version: 1,
      withMean: this.withMean,
      withStd: this.withStd,
      mean: Array.from(mean),
      scale: Array.from(scale),
    };
  }

  static fromJSON(json: unknown): StandardScaler {
    const j = json as Partial<StandardScalerJSON> | null;
    if (typeof j !== 'object' || j === null || j.kind !== 'StandardScaler') {
      throw new TypeError(`StandardScaler.fromJSON: expected kind "StandardScaler", got ${JSON.stringify(j?.kind)}`);
    }
    if (j.version !== 1) throw new RangeError(`StandardScaler.fromJSON: unsupported version ${String(j.version)}`);
    if (!Array.isArray(j.mean) || !Array.isArray(j.scale) || j.mean.length !== j.scale.length) {
      throw new TypeError('StandardScaler.fromJSON: mean and scale must be arrays of equal length');
    }
    const s = new StandardScaler({ withMean: j.withMean ?? true, withStd: j.withStd ?? true });
    s.meanValues = Float64Array.from(j.mean);
    s.scaleValues = Float64Array.from(j.scale);
    return s;
  }

  private fitted(method: string): { mean: Float64Array; scale: Float64Array } {
    if (!this.meanValues || !this.scaleValues) throw new NotFittedError('StandardScaler', method);
    return { mean: this.meanValues, scale: this.scaleValues };
  }

  private checkCols(method: string, m: DenseMatrix): void {
    const d = this.meanValues?.length ?? 0;
    if (m.cols !== d) {
      throw new ShapeMismatchError(`StandardScaler.${method}: X has ${m.cols} columns, the scaler was fitted on ${d}`);
    }
  }
}
