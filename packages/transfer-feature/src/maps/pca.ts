import { columnMeans, matmul, takeColumns, vstack, type DenseMatrix, type MatrixInput } from '@tlkit/tensor-core';
import type { FeatureMap, FeatureMapFitOptions, FeatureMapJSON } from '../feature-map.js';
import { principalAxes } from '../internal/principal-axes.js';
import { checkFitted, matrixToRows, rowsOf, rowsToMatrix, subtractRow } from '../internal/statistics.js';

export interface PcaOptions {
  /** Number of components, or the smallest number that explains this fraction of the variance (0 < r ≤ 1). Default 0.95 of the variance. */
  readonly components?: number | { readonly varianceRatio: number };
  /** Fit on the source and the unlabelled target rows together (default false: the source alone). */
  readonly useTarget?: boolean;
}

export interface PcaJSON extends FeatureMapJSON {
  readonly kind: 'PCA';
  readonly version: 1;
  readonly mean: number[];
  readonly axes: number[][];
  readonly explainedVarianceRatio: number[];
}

interface State {
  mean: Float64Array;
  axes: DenseMatrix;
  explained: Float64Array;
}

/**
 * Principal component analysis learnt on the source (or source + unlabelled target): x ↦ (x − μ)·P. The axes come
 * from the d×d covariance, or from the n×n kernel matrix when there are fewer rows than features.
 */
export class PCA implements FeatureMap {
  readonly kind = 'PCA';
  readonly options: PcaOptions;
  private state: State | undefined;

  constructor(options: PcaOptions = {}) {
    const c = options.components ?? { varianceRatio: 0.95 };
    if (typeof c === 'number' ? !Number.isInteger(c) || c < 1 : !(c.varianceRatio > 0 && c.varianceRatio <= 1)) {
      throw new RangeError(`PCA: components must be a positive integer or { varianceRatio } in (0, 1], got ${JSON.stringify(c)}`);
    }
    this.options = { ...options, components: c };
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  get outputDim(): number {
    return checkFitted(this.state, 'PCA', 'outputDim').axes.cols;
  }

  /** Fraction of the variance along each kept component. */
  get explainedVarianceRatio(): Float64Array {
    return checkFitted(this.state, 'PCA', 'explainedVarianceRatio').explained.slice();
  }

  /** The components as rows (k×d), like scikit-learn's `components_`. */
  get components(): DenseMatrix {
    const { axes } = checkFitted(this.state, 'PCA', 'components');
    const out = new Float64Array(axes.data.length);
    for (let r = 0; r < axes.rows; r++) for (let c = 0; c < axes.cols; c++) out[c * axes.rows + r] = axes.data[r * axes.cols + c];
    return { rows: axes.cols, cols: axes.rows, data: out };
  }

  fit(source: MatrixInput, options: FeatureMapFitOptions = {}): this {
    const fn = 'PCA.fit';
    let X = rowsOf(fn, source, undefined, 'source', true);
    if (this.options.useTarget && options.targetUnlabeled !== undefined) {
      X = vstack([X, rowsOf(fn, options.targetUnlabeled, X.cols, 'targetUnlabeled', true)]);
    }
    const c = this.options.components ?? { varianceRatio: 0.95 };
    const maxK = Math.min(X.cols, X.rows - 1);
    if (typeof c === 'number' && c > maxK) {
      throw new RangeError(`${fn}: ${c} components asked, but ${X.rows} rows of ${X.cols} features allow at most ${maxK}`);
    }
    if (maxK < 1) throw new RangeError(`${fn}: at least 2 rows are needed, got ${X.rows}`);
    const mean = columnMeans(X);
    const full = principalAxes(X, mean, maxK);
    const total = full.allVariances.reduce((a, b) => a + b, 0) || 1;
    let k: number;
    if (typeof c === 'number') k = c;
    else {
      let acc = 0;
      k = 0;
      while (k < maxK && acc / total < c.varianceRatio - 1e-12) acc += full.allVariances[k++];
      k = Math.max(k, 1);
    }
    this.state = {
      mean,
      axes: takeColumns(
        full.axes,
        Array.from({ length: k }, (_, i) => i),
      ),
      explained: full.variances.map((v) => v / total).slice(0, k),
    };
    return this;
  }

  transform(X: MatrixInput): DenseMatrix {
    const s = checkFitted(this.state, 'PCA', 'transform');
    return matmul(subtractRow(rowsOf('PCA.transform', X, s.mean.length, 'X', true), s.mean), s.axes);
  }

  toJSON(): PcaJSON {
    const s = checkFitted(this.state, 'PCA', 'toJSON');
    return {
      kind: 'PCA',
      version: 1,
      mean: Array.from(s.mean),
      axes: matrixToRows(s.axes),
      explainedVarianceRatio: Array.from(s.explained),
    };
  }

  static fromJSON(json: PcaJSON): PCA {
    const pca = new PCA({ components: json.axes[0]?.length ?? 1 });
    pca.state = {
      mean: Float64Array.from(json.mean),
      axes: rowsToMatrix(json.axes, 'PCA.fromJSON'),
      explained: Float64Array.from(json.explainedVarianceRatio),
    };
    return pca;
  }
}
