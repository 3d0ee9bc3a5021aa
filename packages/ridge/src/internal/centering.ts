import type { DenseMatrix } from '@tlkit/tensor-core';

/**
 * X and the targets made ready for an intercept-free solve: centred by their (weighted) means when an
 * intercept is fitted, and rows scaled by √w when there are sample weights. Then
 * `min ||√W(y − Xw − b)||²` over b is `min ||Yc − Xc·w||²` and b = ȳ − x̄ᵀw.
 */
export interface CenteredProblem {
  readonly Xc: DenseMatrix;
  readonly Yc: DenseMatrix;
  readonly xMean: Float64Array;
  readonly yMean: Float64Array;
  /** √w per row (all ones without weights). */
  readonly sqrtWeights: Float64Array;
  readonly weightSum: number;
}

export function centerProblem(
  X: DenseMatrix,
  Y: DenseMatrix,
  fitIntercept: boolean,
  sampleWeight: Float64Array | undefined,
): CenteredProblem {
  const { rows: n, cols: d } = X;
  const k = Y.cols;
  const w = sampleWeight ?? new Float64Array(n).fill(1);
  let weightSum = 0;
  for (let i = 0; i < n; i++) weightSum += w[i];
  const xMean = new Float64Array(d);
  const yMean = new Float64Array(k);
  if (fitIntercept) {
    for (let i = 0; i < n; i++) {
      const wi = w[i];
      for (let j = 0; j < d; j++) xMean[j] += wi * X.data[i * d + j];
      for (let c = 0; c < k; c++) yMean[c] += wi * Y.data[i * k + c];
    }
    for (let j = 0; j < d; j++) xMean[j] /= weightSum;
    for (let c = 0; c < k; c++) yMean[c] /= weightSum;
  }
  const sqrtWeights = new Float64Array(n);
  const xc = new Float64Array(n * d);
  const yc = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const s = Math.sqrt(w[i]);
    sqrtWeights[i] = s;
    for (let j = 0; j < d; j++) xc[i * d + j] = s * (X.data[i * d + j] - xMean[j]);
    for (let c = 0; c < k; c++) yc[i * k + c] = s * (Y.data[i * k + c] - yMean[c]);
  }
  return {
    Xc: { rows: n, cols: d, data: xc },
    Yc: { rows: n, cols: k, data: yc },
    xMean,
    yMean,
    sqrtWeights,
    weightSum,
  };
}
