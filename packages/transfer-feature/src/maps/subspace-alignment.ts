import { columnMeans, matmul, transpose, type DenseMatrix, type MatrixInput } from '@tlkit/tensor-core';
import { fromSourceCache, type FeatureMap, type FeatureMapFitOptions, type FeatureMapJSON, type TransformOptions } from '../feature-map.js';
import { principalAxes } from '../internal/principal-axes.js';
import { checkFitted, matrixToRows, rowsOf, rowsToMatrix, subtractRow } from '../internal/statistics.js';

export interface SubspaceAlignmentOptions {
  /** Dimension of the subspaces (default min(10, d)). */
  readonly components?: number;
}

export interface SubspaceAlignmentJSON extends FeatureMapJSON {
  readonly kind: 'SubspaceAlignment';
  readonly version: 1;
  readonly sourceMap: number[][];
  readonly targetAxes: number[][];
  readonly sourceMean: number[];
  readonly targetMean: number[];
}

interface State {
  sourceMap: DenseMatrix;
  targetAxes: DenseMatrix;
  sourceMean: Float64Array;
  targetMean: Float64Array;
}

/**
 * Subspace alignment (Fernando, Habrard, Sebban & Tuytelaars 2013): with P_S and P_T the leading principal axes of
 * each domain, source rows map to (x − μ_S)·P_S·P_Sᵀ·P_T and target rows to (x − μ_T)·P_T (each domain centred on its
 * own mean, as ADAPT does).
 */
export class SubspaceAlignment implements FeatureMap {
  readonly kind = 'SubspaceAlignment';
  readonly components: number | undefined;
  private state: State | undefined;

  constructor(options: SubspaceAlignmentOptions = {}) {
    if (options.components !== undefined && (!Number.isInteger(options.components) || options.components < 1)) {
      throw new RangeError(`SubspaceAlignment: components must be a positive integer, got ${options.components}`);
    }
    this.components = options.components;
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  get outputDim(): number {
    return checkFitted(this.state, 'SubspaceAlignment', 'outputDim').targetAxes.cols;
  }

  fit(source: MatrixInput, options: FeatureMapFitOptions = {}): this {
    const fn = 'SubspaceAlignment.fit';
    if (options.targetUnlabeled === undefined)
      throw new TypeError(`${fn}: subspace alignment needs unlabelled target rows (targetUnlabeled)`);
    const Xs = rowsOf(fn, source, undefined, 'source', true);
    const Xt = rowsOf(fn, options.targetUnlabeled, Xs.cols, 'targetUnlabeled', true);
    const k = this.components ?? Math.min(10, Xs.cols);
    const maxK = Math.min(Xs.cols, Xs.rows - 1, Xt.rows - 1);
    if (k > maxK) {
      throw new RangeError(
        `${fn}: ${k} components asked, but ${Xs.rows} source and ${Xt.rows} target rows of ${Xs.cols} features allow at most ${Math.max(maxK, 0)}`,
      );
    }
    const targetMean = columnMeans(Xt);
    const { sourceMean, Ps } = fromSourceCache(options.sourceCache, `SubspaceAlignment source axes k=${k}`, () => {
      const mean = columnMeans(Xs);
      return { sourceMean: mean, Ps: principalAxes(Xs, mean, k).axes };
    });
    const Pt = principalAxes(Xt, targetMean, k).axes;
    this.state = { sourceMap: matmul(Ps, matmul(transpose(Ps), Pt)), targetAxes: Pt, sourceMean, targetMean };
    return this;
  }

  transform(X: MatrixInput, options: TransformOptions = {}): DenseMatrix {
    const s = checkFitted(this.state, 'SubspaceAlignment', 'transform');
    const m = rowsOf('SubspaceAlignment.transform', X, s.sourceMean.length, 'X', true);
    return (options.domain ?? 'target') === 'source'
      ? matmul(subtractRow(m, s.sourceMean), s.sourceMap)
      : matmul(subtractRow(m, s.targetMean), s.targetAxes);
  }

  toJSON(): SubspaceAlignmentJSON {
    const s = checkFitted(this.state, 'SubspaceAlignment', 'toJSON');
    return {
      kind: 'SubspaceAlignment',
      version: 1,
      sourceMap: matrixToRows(s.sourceMap),
      targetAxes: matrixToRows(s.targetAxes),
      sourceMean: Array.from(s.sourceMean),
      targetMean: Array.from(s.targetMean),
    };
  }

  static fromJSON(json: SubspaceAlignmentJSON): SubspaceAlignment {
    const fn = 'SubspaceAlignment.fromJSON';
    const sa = new SubspaceAlignment({ components: json.targetAxes[0]?.length ?? 1 });
    sa.state = {
      sourceMap: rowsToMatrix(json.sourceMap, fn),
      targetAxes: rowsToMatrix(json.targetAxes, fn),
      sourceMean: Float64Array.from(json.sourceMean),
      targetMean: Float64Array.from(json.targetMean),
    };
    return sa;
  }
}
