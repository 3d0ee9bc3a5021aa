import { assertSameRows, toDenseMatrix, toTargetMatrix, type MatrixInput, type VectorInput } from '@tlkit/tensor-core';
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
  return {
    X: Xm,
    Y: target.matrix,
    isVector: target.isVector,
    fitIntercept,
    prior: prior ? normalizePrior(fn, prior, Xm.cols, target.matrix.cols) : undefined,
    sampleWeight: checkSampleWeight(fn, options.sampleWeight, Xm.rows),
  };
}
