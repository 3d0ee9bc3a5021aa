import { columnMeans, matmul, type DenseMatrix, type MatrixInput } from '@tlkit/tensor-core';
import { fromSourceCache, type FeatureMap, type FeatureMapFitOptions, type FeatureMapJSON, type TransformOptions } from '../feature-map.js';
import { covarianceFunction } from '../internal/covariance-function.js';
import { checkFitted, matrixToRows, rowsOf, rowsToMatrix, subtractRow } from '../internal/statistics.js';

export interface CoralOptions {
  /** Ridge λ added to both covariances before the matrix roots (default 1e-5, as ADAPT; the paper uses 1 on raw features). */
  readonly lambda?: number;
  /** Also move the source mean onto the target mean (default false: the paper aligns second-order statistics only). */
  readonly alignMeans?: boolean;
}

export interface CoralJSON extends FeatureMapJSON {
  readonly kind: 'CORAL';
  readonly version: 1;
  readonly lambda: number;
  readonly alignMeans: boolean;
  readonly map: number[][];
  readonly sourceMean: number[];
  readonly targetMean: number[];
}

interface State {
  A: DenseMatrix;
  sourceMean: Float64Array;
  targetMean: Float64Array;
}

/**
 * CORAL (Sun, Feng & Saenko 2016): source rows are whitened with (C_S + λI)^(-1/2) and recoloured with
 * (C_T + λI)^(1/2), so their covariance becomes the target's; target rows are left as they are. The matrix roots
 * come from the cheaper side of each domain: the d×d covariance's eigendecomposition, or, for a domain with fewer
 * rows than features, its n×n kernel matrix (the covariance is then of rank below n; see covarianceFunction).
 */
export class CORAL implements FeatureMap {
  readonly kind = 'CORAL';
  readonly lambda: number;
  readonly alignMeans: boolean;
  private state: State | undefined;

  constructor(options: CoralOptions = {}) {
    this.lambda = options.lambda ?? 1e-5;
    if (!(this.lambda >= 0) || !Number.isFinite(this.lambda))
      throw new RangeError(`CORAL: lambda must be a finite number ≥ 0, got ${this.lambda}`);
    this.alignMeans = options.alignMeans ?? false;
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  get outputDim(): number {
    return checkFitted(this.state, 'CORAL', 'outputDim').A.cols;
  }

  fit(source: MatrixInput, options: FeatureMapFitOptions = {}): this {
    const fn = 'CORAL.fit';
    if (options.targetUnlabeled === undefined) throw new TypeError(`${fn}: CORAL needs unlabelled target rows (targetUnlabeled)`);
    const Xs = rowsOf(fn, source, undefined, 'source', true);
    const Xt = rowsOf(fn, options.targetUnlabeled, Xs.cols, 'targetUnlabeled', true);
    if (Xs.rows < 2 || Xt.rows < 2)
      throw new RangeError(`${fn}: covariances need at least 2 rows per domain, got ${Xs.rows} source and ${Xt.rows} target`);
    const targetMean = columnMeans(Xt);
    // A singular covariance with λ = 0 would need 1/0: such directions are dropped (pseudo-inverse root).
    const { sourceMean, whiten } = fromSourceCache(options.sourceCache, `CORAL whitening λ=${this.lambda}`, () => {
      const mean = columnMeans(Xs);
      return { sourceMean: mean, whiten: covarianceFunction(Xs, mean, this.lambda, (l) => (l > 1e-12 ? 1 / Math.sqrt(l) : 0)) };
    });
    const recolour = covarianceFunction(Xt, targetMean, this.lambda, Math.sqrt);
    this.state = { A: matmul(whiten, recolour), sourceMean, targetMean };
    return this;
  }

  transform(X: MatrixInput, options: TransformOptions = {}): DenseMatrix {
    const s = checkFitted(this.state, 'CORAL', 'transform');
    const m = rowsOf('CORAL.transform', X, s.A.rows);
    if ((options.domain ?? 'target') === 'target') return m;
    if (!this.alignMeans) return matmul(m, s.A);
    const d = m.cols;
    const out = matmul(subtractRow(m, s.sourceMean), s.A);
    for (let k = 0; k < out.data.length; k++) out.data[k] += s.targetMean[k % d];
    return out;
  }

  toJSON(): CoralJSON {
    const s = checkFitted(this.state, 'CORAL', 'toJSON');
    return {
      kind: 'CORAL',
      version: 1,
      lambda: this.lambda,
      alignMeans: this.alignMeans,
      map: matrixToRows(s.A),
      sourceMean: Array.from(s.sourceMean),
      targetMean: Array.from(s.targetMean),
    };
  }

  static fromJSON(json: CoralJSON): CORAL {
    const c = new CORAL({ lambda: json.lambda, alignMeans: json.alignMeans });
    c.state = {
      A: rowsToMatrix(json.map, 'CORAL.fromJSON'),
      sourceMean: Float64Array.from(json.sourceMean),
      targetMean: Float64Array.from(json.targetMean),
    };
    return c;
  }
}
