import { assertSameRows, toDenseMatrix, toTargetMatrix, type DenseMatrix, type MatrixInput, type VectorInput } from '@tlkit/tensor-core';
import type { RidgeProblem } from './linear-model.js';
import { checkSampleWeight } from './internal/validate.js';
import { normalizePrior, type RidgePrior } from './prior.js';

export interface FitOptions {
  /** One non-negative weight per row: the squared error of row i counts w_i times. */
  readonly sampleWeight?: VectorInput;
}

/** Converts and checks the arguments of a `fit` once, at the public boundary. */
export function prepareFit(
  fn: string,
  X: MatrixInput,
  y: VectorInput | MatrixInput,
  fitIntercept: boolean,
  prior: RidgePrior | undefined,
  options: FitOptions,
): RidgeProblem & { isVector: boolean } {
  // Fits only read X: a DenseMatrix is used in place rather than copied.
  const Xm = toDenseMatrix(X, { fn, arg: 'X', borrow: true });
  const target = toTargetMatrix(y, { fn, arg: 'y' });
  assertSameRows(fn, { name: 'y', rows: target.matrix.rows }, { name: 'X', rows: Xm.rows });
  checkSquarable(fn, Xm, 'X', 'scale X first (e.g. with StandardScaler)');
  checkSquarable(fn, target.matrix, 'y', 'divide y by a power of ten first, and multiply the predictions back');
  return {
    X: Xm,
    Y: target.matrix,
    isVector: target.isVector,
    fitIntercept,
    prior: prior ? normalizePrior(fn, prior, Xm.cols, target.matrix.cols) : undefined,
    sampleWeight: checkSampleWeight(fn, options.sampleWeight, Xm.rows),
  };
}

/** Beyond this, sums of squares of a column (Gram matrices, residuals) can overflow fp64 (2^480 ≈ 3e144). */
const MAX_SQUARABLE = 2 ** 480;

/** A clear error naming the column whose values are too large for ridge's sums of squares (not NaN coefficients). */
function checkSquarable(fn: string, m: DenseMatrix, name: string, advice: string): void {
  const { rows: n, cols: d, data } = m;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      if (Math.abs(data[i * d + j]) <= MAX_SQUARABLE) continue;
      const where = d === 1 ? name : `${name} column ${j}`;
      throw new RangeError(
        `${fn}: ${where} holds ${data[i * d + j].toExponential(2)} (row ${i}), too large to square in fp64 (above ${MAX_SQUARABLE.toExponential(0)}); ${advice}`,
      );
    }
  }
}
