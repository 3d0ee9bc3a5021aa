import { columnMeans, type DenseMatrix } from '@tlkit/tensor-core';
import type { RowCentring } from './wasm-kernels.js';

/**
 * What makes X and the targets ready for an intercept-free solve: their (weighted) means when an intercept is
 * fitted, and √w per row when there are sample weights. Then `min ||√W(y − Xw − b)||²` over b is
 * `min ||Yc − Xc·w||²` with Xc = √W(X − 1x̄ᵀ), Yc = √W(Y − 1ȳᵀ), and b = ȳ − x̄ᵀw.
 */
export interface Centring {
  readonly xMean: Float64Array;
  readonly yMean: Float64Array;
  /** √w per row (all ones without weights). */
  readonly sqrtWeights: Float64Array;
  readonly weightSum: number;
  /** The row maps giving Xc and Yc; undefined where the map is the identity (no intercept, no weights). */
  readonly x: RowCentring | undefined;
  readonly y: RowCentring | undefined;
}

/** Centring plus the centred copies Xc and Yc themselves. */
export interface CenteredProblem extends Centring {
  readonly Xc: DenseMatrix;
  readonly Yc: DenseMatrix;
}

/** The column sums of the matrix `of`, taken while it was checked (they serve that matrix only). */
export interface ColumnSums {
  readonly of: DenseMatrix;
  readonly sums: Float64Array;
}

export function centringOf(
  X: DenseMatrix,
  Y: DenseMatrix,
  fitIntercept: boolean,
  sampleWeight: Float64Array | undefined,
  xColumnSums?: ColumnSums,
): Centring {
  const n = X.rows;
  let weightSum = n;
  if (sampleWeight) {
    weightSum = 0;
    for (let i = 0; i < n; i++) weightSum += sampleWeight[i];
  }
  const known = !sampleWeight && xColumnSums?.of === X ? xColumnSums.sums : undefined;
  const xMean = !fitIntercept ? new Float64Array(X.cols) : known ? known.map((s) => s / n) : columnMeans(X, sampleWeight);
  const yMean = fitIntercept ? columnMeans(Y, sampleWeight) : new Float64Array(Y.cols);
  const sqrtWeights = sampleWeight ? sampleWeight.map(Math.sqrt) : new Float64Array(n).fill(1);
  const rowScale = sampleWeight ? sqrtWeights : undefined;
  const mapped = fitIntercept || sampleWeight !== undefined;
  return {
    xMean,
    yMean,
    sqrtWeights,
    weightSum,
    x: mapped ? { mean: xMean, rowScale } : undefined,
    y: mapped ? { mean: yMean, rowScale } : undefined,
  };
}

/** The matrix with a row centring applied, as a new matrix (the input itself is never changed). */
export function centredCopy(M: DenseMatrix, centring: RowCentring | undefined): DenseMatrix {
  if (!centring) return { rows: M.rows, cols: M.cols, data: M.data.slice() };
  const { rows: n, cols: d, data } = M;
  const { mean, rowScale } = centring;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const s = rowScale ? rowScale[i] : 1;
    for (let j = 0; j < d; j++) out[i * d + j] = s * (data[i * d + j] - mean[j]);
  }
  return { rows: n, cols: d, data: out };
}

export function centerProblem(
  X: DenseMatrix,
  Y: DenseMatrix,
  fitIntercept: boolean,
  sampleWeight: Float64Array | undefined,
): CenteredProblem {
  const centring = centringOf(X, Y, fitIntercept, sampleWeight);
  return { ...centring, Xc: centredCopy(X, centring.x), Yc: centredCopy(Y, centring.y) };
}
