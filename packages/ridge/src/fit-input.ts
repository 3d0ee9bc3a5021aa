import {
  assertSameRows,
  checkMatrixValues,
  isDenseMatrix,
  toDenseMatrix,
  toTargetMatrix,
  type DenseMatrix,
  type MatrixInput,
  type VectorInput,
} from '@tlkit/tensor-core';
import type { RidgeProblem } from './linear-model.js';
import { checkSampleWeight } from './internal/validate.js';
import { normalizePrior, type NormalizedPrior, type RidgePrior } from './prior.js';

export interface FitOptions {
  /** One non-negative weight per row: the squared error of row i counts w_i times. */
  readonly sampleWeight?: VectorInput;
}

/** Converts and checks the arguments of a `fit` once, at the public boundary. */
export interface PreparedFit extends RidgeProblem {
  readonly isVector: boolean;
  /**
   * The power of two y (and the prior) were divided by, so that their squares stay finite: 1 for ordinary y. The
   * problem is linear in y, so the solution in these units times yUnit is the solution for y itself (exactly: the
   * division by a power of two is exact).
   */
  readonly yUnit: number;
  /** The prior in y's own units, to keep with the model (`prior` is in units of yUnit). */
  readonly savedPrior: NormalizedPrior | undefined;
}

/** Beyond this, sums of squares of a column (Gram matrices, residuals) can overflow fp64 (2^480 ≈ 3e144). */
const MAX_SQUARABLE = 2 ** 480;

/** The bound on X's values that names the column too large for ridge's sums of squares (not NaN coefficients). */
const SQUARABLE = {
  max: MAX_SQUARABLE,
  reason: `too large to square in fp64 (above ${MAX_SQUARABLE.toExponential(0)}); scale X first (e.g. with StandardScaler)`,
};

/** Converts and checks the arguments of a `fit` once, at the public boundary. */
export function prepareFit(
  fn: string,
  X: MatrixInput,
  y: VectorInput | MatrixInput,
  fitIntercept: boolean,
  prior: RidgePrior | undefined,
  options: FitOptions,
  deferValueCheck = false,
): PreparedFit {
  // Fits only read X: a DenseMatrix is used in place rather than copied. Its values are checked (finite, and
  // small enough that ridge's sums of squares cannot overflow) in one pass — or, deferred, by the solve's own pass
  // over X (see RidgeProblem.uncheckedX).
  const xContext = { fn, arg: 'X', borrow: true, magnitude: SQUARABLE } as const;
  const wantsSums = fitIntercept && !options.sampleWeight;
  // With an intercept the fit needs X's column means: a DenseMatrix's column sums come from the same pass.
  const columnSums = !deferValueCheck && wantsSums && isDenseMatrix(X) ? new Float64Array(X.cols) : undefined;
  const Xm = toDenseMatrix(X, { ...xContext, ...(columnSums ? { columnSums } : {}), deferValueCheck });
  const uncheckedX = deferValueCheck
    ? {
        max: SQUARABLE.max,
        check: () => {
          const sums = wantsSums ? new Float64Array(Xm.cols) : undefined;
          checkMatrixValues(Xm, { ...xContext, ...(sums ? { columnSums: sums } : {}) });
          return sums ? { of: Xm, sums } : undefined;
        },
      }
    : undefined;
  const target = toTargetMatrix(y, { fn, arg: 'y' });
  assertSameRows(fn, { name: 'y', rows: target.matrix.rows }, { name: 'X', rows: Xm.rows });
  const savedPrior = prior ? normalizePrior(fn, prior, Xm.cols, target.matrix.cols) : undefined;
  const yUnit = targetUnit(target.matrix, savedPrior);
  return {
    X: Xm,
    Y: yUnit === 1 ? target.matrix : divided(target.matrix, yUnit),
    isVector: target.isVector,
    fitIntercept,
    prior:
      savedPrior && yUnit !== 1
        ? { ...savedPrior, W0: divided(savedPrior.W0, yUnit), b0: savedPrior.b0.map((b) => b / yUnit) }
        : savedPrior,
    sampleWeight: checkSampleWeight(fn, options.sampleWeight, Xm.rows),
    ...(columnSums ? { xColumnSums: { of: Xm, sums: columnSums } } : {}),
    ...(uncheckedX ? { uncheckedX } : {}),
    yUnit,
    savedPrior,
  };
}

/** Past this, y is fitted in units of a power of two near its size (sums of its squares would overflow fp64). */
const RESCALE_ABOVE = 2 ** 400;

function maxAbs(data: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i]));
  return m;
}

function targetUnit(Y: DenseMatrix, prior: NormalizedPrior | undefined): number {
  const m = Math.max(maxAbs(Y.data), prior ? Math.max(maxAbs(prior.W0.data), maxAbs(prior.b0)) : 0);
  return m > RESCALE_ABOVE ? 2 ** Math.floor(Math.log2(m)) : 1;
}

function divided(m: DenseMatrix, unit: number): DenseMatrix {
  return { rows: m.rows, cols: m.cols, data: m.data.map((v) => v / unit) };
}

/** A solution found in units of yUnit, in y's own units; a coefficient that overflows there is one clear error. */
export function inTargetUnits<S extends { readonly coef: DenseMatrix; readonly intercept: Float64Array }>(
  fn: string,
  solution: S,
  yUnit: number,
): S {
  if (yUnit === 1) return solution;
  const coef = solution.coef.data.map((v) => v * yUnit);
  const intercept = solution.intercept.map((v) => v * yUnit);
  if (!coef.every(Number.isFinite) || !intercept.every(Number.isFinite)) {
    throw new RangeError(
      `${fn}: the coefficients for this y (values near ${yUnit.toExponential(0)}) are beyond fp64's range; scale X or y`,
    );
  }
  return { ...solution, coef: { ...solution.coef, data: coef }, intercept };
}
