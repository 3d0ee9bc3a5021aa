import {
  NotFittedError,
  ShapeMismatchError,
  r2Score,
  toDenseMatrix,
  toTargetMatrix,
  type DenseMatrix,
  type MatrixInput,
  type VectorInput,
} from '@tlkit/tensor-core';
import { centringOf, type Centring, type ColumnSums } from './internal/centering.js';
import { solveRidge, solveUncheckedCentred, type RidgeSolver } from './internal/solve.js';
import { priorResidual, type NormalizedPrior } from './prior.js';

/** A fitted linear model: y ≈ X·coefᵀ + intercept, one row of `coef` per output. */
export interface LinearSolution {
  readonly coef: DenseMatrix;
  readonly intercept: Float64Array;
  /** y was a vector (single output): predictions and coefficients are returned as vectors. */
  readonly isVector: boolean;
}

export interface RidgeProblem {
  readonly X: DenseMatrix;
  readonly Y: DenseMatrix;
  readonly fitIntercept: boolean;
  readonly prior: NormalizedPrior | undefined;
  readonly sampleWeight: Float64Array | undefined;
  /** X's column sums where the input checks took them (see ColumnSums). */
  readonly xColumnSums?: ColumnSums;
  /**
   * Present where X's value check was deferred to the solve: `check` makes it (throwing the input check's error; it
   * returns X's column sums when the fit wants them), and values above `max` in magnitude fail it. Every solve of such
   * a problem checks X before it returns, in its own pass over X or by `check`.
   */
  readonly uncheckedX?: { readonly max: number; readonly check: () => ColumnSums | undefined };
}

/**
 * argmin_{W,b} ||√w ⊙ (Y − X·Wᵀ − b)||² + α||W − W0||² with b unpenalised, solved as W = W0 + ridge on the
 * residual Y − X·W0ᵀ (the biased-ridge identity).
 */
export function solveRidgeProblem(problem: RidgeProblem, alpha: number, solver: RidgeSolver): Omit<LinearSolution, 'isVector'> {
  const { X, Y, fitIntercept, prior, sampleWeight, uncheckedX } = problem;
  let { xColumnSums } = problem;
  if (uncheckedX) {
    if (fitIntercept && !prior && !sampleWeight) {
      // The normal equations' own pass over X tests its values (and gives the means): no pass of its own for either.
      const solved = solveUncheckedCentred(X, Y, alpha, solver, uncheckedX.max, uncheckedX.check);
      if (solved) return assembleSolution(solved.V, undefined, true, solved.xMean, solved.yMean);
    }
    xColumnSums = uncheckedX.check() ?? xColumnSums;
  }
  const R = prior ? priorResidual(X, Y, prior, !fitIntercept) : Y;
  return solveResidualProblem(X, R, centringOf(X, R, fitIntercept, sampleWeight, xColumnSums), prior, fitIntercept, alpha, solver);
}

/** The same, from the residual targets R = Y − X·W0ᵀ and their centring, when the caller has them already. */
export function solveResidualProblem(
  X: DenseMatrix,
  R: DenseMatrix,
  centring: Centring,
  prior: NormalizedPrior | undefined,
  fitIntercept: boolean,
  alpha: number,
  solver: RidgeSolver,
): Omit<LinearSolution, 'isVector'> {
  const V = solveRidge(X, R, centring, alpha, solver);
  return assembleSolution(V, prior, fitIntercept, centring.xMean, centring.yMean);
}

/**
 * Coefficients W = W0 + Vᵀ and intercepts from the ridge solution V (d×k) of the residual targets r = y − X·W0ᵀ:
 * b = r̄ − x̄ᵀv with the intercept fitted (means of X and of r), else the prior's fixed b0 (or 0).
 */
export function assembleSolution(
  V: DenseMatrix,
  prior: NormalizedPrior | undefined,
  fitIntercept: boolean,
  xMean: Float64Array,
  residualMean: Float64Array,
): Omit<LinearSolution, 'isVector'> {
  const { rows: d, cols: k } = V;
  const coef = new Float64Array(k * d);
  const intercept = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let b = fitIntercept ? residualMean[c] : prior ? prior.b0[c] : 0;
    for (let j = 0; j < d; j++) {
      const v = V.data[j * k + c];
      coef[c * d + j] = (prior ? prior.W0.data[c * d + j] : 0) + v;
      if (fitIntercept) b -= xMean[j] * v;
    }
    intercept[c] = b;
  }
  return { coef: { rows: k, cols: d, data: coef }, intercept };
}

/** What a linear model predicts: a vector for single-output y, rows×outputs for a matrix y. */
export type LinearOutput = Float64Array | DenseMatrix;

/** Labels that can only be one output: a fit on them predicts a Float64Array. */
export type SingleOutputTargets = readonly number[] | Float64Array | Float32Array | Int32Array;

/** Rows of targets: a fit on them predicts a rows×outputs matrix. */
export type MultiOutputTargets = readonly (readonly number[])[];

/**
 * What every fitted linear estimator of this package shares: coefficients, prediction and R² score. `P` is the
 * prediction's shape, known once `fit` saw the targets (a plain array or typed array is one output).
 */
export abstract class LinearModel<P extends LinearOutput = LinearOutput> {
  protected solution: LinearSolution | undefined;
  protected abstract readonly estimatorName: string;

  get isFitted(): boolean {
    return this.solution !== undefined;
  }

  /** Coefficients: a vector for single-output y, else outputs×features. */
  get coef(): P {
    const s = this.fitted('coef');
    return (s.isVector ? s.coef.data.slice() : { ...s.coef, data: s.coef.data.slice() }) as P;
  }

  /** The intercept: a number for single-output y, else one per output. */
  get intercept(): number | Float64Array {
    const s = this.fitted('intercept');
    return s.isVector ? s.intercept[0] : s.intercept.slice();
  }

  /** Coefficients as outputs×features, whatever the shape of y. */
  get coefMatrix(): DenseMatrix {
    const s = this.fitted('coefMatrix');
    return { ...s.coef, data: s.coef.data.slice() };
  }

  /** Intercepts, one per output, whatever the shape of y. */
  get intercepts(): Float64Array {
    return this.fitted('intercepts').intercept.slice();
  }

  get nFeatures(): number {
    return this.fitted('nFeatures').coef.cols;
  }

  get nOutputs(): number {
    return this.fitted('nOutputs').coef.rows;
  }

  /** Predictions: one value per row for single-output y, else rows×outputs. */
  predict(X: MatrixInput): P {
    const out = this.predictMatrix(X);
    return (this.fitted('predict').isVector ? out.data : out) as P;
  }

  /** Predictions as rows×outputs, whatever the shape of y. */
  predictMatrix(X: MatrixInput): DenseMatrix {
    const s = this.fitted('predict');
    const m = toDenseMatrix(X, { fn: `${this.estimatorName}.predict`, arg: 'X', allowEmpty: true });
    const d = s.coef.cols;
    const w = s.coef.data;
    const k = s.coef.rows;
    if (m.rows === 0) return { rows: 0, cols: k, data: new Float64Array(0) };
    if (m.cols !== d) {
      throw new ShapeMismatchError(`${this.estimatorName}.predict: X has ${m.cols} columns, the model was fitted on ${d}`);
    }
    const out = new Float64Array(m.rows * k);
    for (let i = 0; i < m.rows; i++) {
      const o = i * d;
      for (let c = 0; c < k; c++) {
        let v = s.intercept[c];
        const wc = c * d;
        for (let j = 0; j < d; j++) v += m.data[o + j] * w[wc + j];
        out[i * k + c] = v;
      }
    }
    return { rows: m.rows, cols: k, data: out };
  }

  /** R² of the predictions (averaged uniformly over outputs, as scikit-learn). */
  score(X: MatrixInput, y: VectorInput | MatrixInput): number {
    const P = this.predictMatrix(X);
    const T = toTargetMatrix(y, { fn: `${this.estimatorName}.score`, arg: 'y' }).matrix;
    if (T.rows !== P.rows) throw new ShapeMismatchError(`${this.estimatorName}.score: y has ${T.rows} rows, X has ${P.rows}`);
    if (T.cols !== P.cols) throw new ShapeMismatchError(`${this.estimatorName}.score: y has ${T.cols} outputs, the model has ${P.cols}`);
    let total = 0;
    for (let c = 0; c < T.cols; c++) {
      const t = new Float64Array(T.rows);
      const p = new Float64Array(T.rows);
      for (let i = 0; i < T.rows; i++) {
        t[i] = T.data[i * T.cols + c];
        p[i] = P.data[i * P.cols + c];
      }
      total += r2Score(t, p);
    }
    return total / T.cols;
  }

  protected fitted(method: string): LinearSolution {
    if (!this.solution) throw new NotFittedError(this.estimatorName, method);
    return this.solution;
  }
}
