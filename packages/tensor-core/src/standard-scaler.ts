import { NotFittedError, ShapeMismatchError } from './errors.js';
import { checkSavedHeader } from './saved-header.js';
import { squaringUnit } from './numeric-range.js';
import { columnMeans, type DenseMatrix } from './dense-matrix.js';
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
  /**
   * Rows seen, column means and centred sums of squares, for partialFit. The squares of column j are in units of
   * unit[j]² (a power of two, 1 unless the column's deviations are beyond 2^±500), so that huge columns survive.
   */
  private running: { count: number; mean: Float64Array; squares: Float64Array; unit: Float64Array } | undefined;

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
    this.running = undefined;
    this.meanValues = undefined;
    this.scaleValues = undefined;
    return this.update('StandardScaler.fit', X);
  }

  /**
   * Updates the statistics with one more block of rows, for data that comes in blocks (e.g. readCsvBatches): after
   * any number of calls the scaler equals `fit` on all the rows together (Chan, Golub & LeVeque's pairwise update).
   */
  partialFit(X: MatrixInput): this {
    if (this.meanValues && !this.running) {
      throw new Error('StandardScaler.partialFit: this scaler was restored from JSON, which keeps no row count; fit it anew');
    }
    return this.update('StandardScaler.partialFit', X);
  }

  private update(fn: string, X: MatrixInput): this {
    const m = toDenseMatrix(X, { fn, arg: 'X', borrow: true });
    if (this.running) this.checkCols(fn.slice('StandardScaler.'.length), m);
    const mean = columnMeans(m);
    const { squares, unit } = centredSquares(m, mean);
    const before = this.running;
    if (before) {
      const n = before.count + m.rows;
      for (let j = 0; j < m.cols; j++) {
        const u = Math.max(unit[j], before.unit[j]);
        const delta = mean[j] - before.mean[j];
        const du = delta / u;
        squares[j] =
          squares[j] * (unit[j] / u) ** 2 + (before.squares[j] * (before.unit[j] / u) ** 2 + (du * du * before.count * m.rows) / n);
        unit[j] = u;
        mean[j] = before.mean[j] + (delta * m.rows) / n;
      }
      this.running = { count: n, mean, squares, unit };
    } else {
      this.running = { count: m.rows, mean, squares, unit };
    }
    const { count } = this.running;
    const scale = new Float64Array(m.cols).fill(1);
    if (this.withStd) {
      for (let j = 0; j < m.cols; j++) {
        const sd = unit[j] * Math.sqrt(squares[j] / count);
        scale[j] = sd > 1e-12 * (Math.abs(mean[j]) + 1) && Number.isFinite(sd) ? sd : 1;
      }
    }
    this.meanValues = this.withMean ? mean.slice() : new Float64Array(m.cols);
    this.scaleValues = scale;
    return this;
  }

  transform(X: MatrixInput): DenseMatrix {
    const { mean, scale } = this.fitted('transform');
    const m = toDenseMatrix(X, { fn: 'StandardScaler.transform', arg: 'X', allowEmpty: true });
    this.checkCols('transform', m);
    let finite = true;
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < m.cols; j++) {
        const z = (m.data[i * m.cols + j] - mean[j]) / scale[j];
        m.data[i * m.cols + j] = z;
        finite &&= Number.isFinite(z);
      }
    }
    if (!finite) {
      const k = m.data.findIndex((z) => !Number.isFinite(z));
      const j = k % m.cols;
      throw new RangeError(
        `StandardScaler.transform: row ${Math.floor(k / m.cols)}, column ${j} is ${m.data[k]} once scaled (mean ${mean[j]}, scale ${scale[j]}): beyond fp64's range`,
      );
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
    const fn = 'StandardScaler.fromJSON';
    const j = checkSavedHeader(fn, json, { kind: 'StandardScaler', version: 1 }) as Partial<StandardScalerJSON>;
    if (!Array.isArray(j.mean) || !Array.isArray(j.scale) || j.mean.length !== j.scale.length) {
      throw new TypeError(`${fn}: mean and scale must be arrays of equal length`);
    }
    j.mean.forEach((v: unknown, c) => {
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new RangeError(`${fn}: mean of column ${c} is ${String(v)}, not a finite number`);
    });
    j.scale.forEach((v: unknown, c) => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
        throw new RangeError(`${fn}: scale of column ${c} is ${String(v)}; a scale is a finite number > 0`);
      }
    });
    for (const flag of ['withMean', 'withStd'] as const) {
      if (j[flag] !== undefined && typeof j[flag] !== 'boolean') throw new TypeError(`${fn}: ${flag} must be true or false`);
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

/** Σ (x − mean)² per column, in units of unit[j]² (see squaringUnit): scaled before squaring where it must be. */
function centredSquares(m: DenseMatrix, mean: Float64Array): { squares: Float64Array; unit: Float64Array } {
  const { rows: n, cols: d, data } = m;
  const squares = new Float64Array(d);
  const largest = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const dev = data[i * d + j] - mean[j];
      squares[j] += dev ** 2;
      const a = Math.abs(dev);
      if (a > largest[j]) largest[j] = a;
    }
  }
  const unit = new Float64Array(d).fill(1);
  for (let j = 0; j < d; j++) {
    const u = squaringUnit(largest[j]);
    if (u === 1) continue;
    unit[j] = u;
    let s = 0;
    for (let i = 0; i < n; i++) s += ((data[i * d + j] - mean[j]) / u) ** 2;
    squares[j] = s;
  }
  return { squares, unit };
}
