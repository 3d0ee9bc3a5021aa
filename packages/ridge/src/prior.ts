import { isDenseMatrix, toDenseMatrix, toVector, ShapeMismatchError, type DenseMatrix } from '@tlkit/tensor-core';

/**
 * The prior mean of a biased (prior-centred) ridge: usually a source model's coefficients. `coef` is one
 * weight per feature for single-output y, or one row per output (outputs × features). `intercept` is used only
 * when the intercept is not fitted: it is then held fixed.
 */
export interface RidgePrior {
  readonly coef: readonly number[] | Float64Array | readonly (readonly number[])[] | DenseMatrix;
  readonly intercept?: number | readonly number[] | Float64Array;
}

/** A prior as an outputs×features matrix and one intercept per output. */
export interface NormalizedPrior {
  readonly W0: DenseMatrix;
  readonly b0: Float64Array;
}

export function normalizePrior(fn: string, prior: RidgePrior, d: number, k: number): NormalizedPrior {
  const raw = prior.coef;
  let W0: DenseMatrix;
  if (isDenseMatrix(raw) || (Array.isArray(raw) && raw.length > 0 && Array.isArray(raw[0]))) {
    W0 = toDenseMatrix(raw as DenseMatrix, { fn, arg: 'prior.coef' });
  } else {
    const v = toVector(raw as readonly number[], { fn, arg: 'prior.coef' });
    W0 = { rows: 1, cols: v.length, data: v };
  }
  if (W0.rows === 1 && k > 1) {
    throw new ShapeMismatchError(`${fn}: prior.coef has 1 output, y has ${k}`);
  }
  if (W0.rows !== k || W0.cols !== d) {
    throw new ShapeMismatchError(
      `${fn}: prior.coef is ${W0.rows}×${W0.cols} (outputs × features), expected ${k}×${d} for X with ${d} columns`,
    );
  }
  let b0: Float64Array = new Float64Array(k);
  if (prior.intercept !== undefined) {
    const iv = prior.intercept;
    b0 = typeof iv === 'number' ? new Float64Array([iv]) : toVector(iv, { fn, arg: 'prior.intercept' });
    if (b0.length !== k) throw new ShapeMismatchError(`${fn}: prior.intercept has ${b0.length} values, y has ${k} outputs`);
    if (!Number.isFinite(b0[0])) throw new RangeError(`${fn}: prior.intercept must be finite`);
  }
  return { W0, b0 };
}

/** R = Y − X·W0ᵀ − b0 (n×k): the part of y the prior does not explain. */
export function priorResidual(X: DenseMatrix, Y: DenseMatrix, prior: NormalizedPrior, subtractIntercept: boolean): DenseMatrix {
  const { rows: n, cols: d } = X;
  const k = Y.cols;
  const out = Y.data.slice();
  const w = prior.W0.data;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let s = subtractIntercept ? prior.b0[c] : 0;
      for (let j = 0; j < d; j++) s += X.data[i * d + j] * w[c * d + j];
      out[i * k + c] -= s;
    }
  }
  return { rows: n, cols: k, data: out };
}
