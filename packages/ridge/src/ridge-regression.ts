import { checkOneOf, type DenseMatrix, type MatrixInput, type VectorInput } from '@tlkit/tensor-core';
import { checkAlpha } from './internal/validate.js';
import type { RidgeSolver } from './internal/solve.js';
import {
  LinearModel,
  type LinearOutput,
  type MultiOutputTargets,
  type SingleOutputTargets,
  solveRidgeProblem,
  type LinearSolution,
} from './linear-model.js';
import { inTargetUnits, prepareFit, type FitOptions } from './fit-input.js';
import { alphaFromJSON, checkHeader, priorToJSON, solutionFromJSON, solutionToJSON, type LinearSolutionJSON } from './model-json.js';
import { normalizePrior, type NormalizedPrior, type RidgePrior } from './prior.js';

export interface RidgeRegressionOptions {
  /** Regularisation strength α ≥ 0 (default 1). α = 0 is least squares (minimum norm when rank-deficient); α = Infinity keeps the prior. */
  readonly alpha?: number;
  /** Fit an unpenalised intercept by centring X and y (default true). */
  readonly fitIntercept?: boolean;
  /** Prior mean of the coefficients (biased ridge): min ||y − Xw − b||² + α||w − w0||². */
  readonly prior?: RidgePrior;
  /** 'auto' (default): primal Cholesky when n ≥ d, dual when d > n, eigen when singular. */
  readonly solver?: RidgeSolver;
}

export interface RidgeRegressionJSON extends LinearSolutionJSON {
  readonly kind: 'RidgeRegression';
  readonly version: 1;
  readonly alpha: number | 'Infinity';
  readonly fitIntercept: boolean;
  readonly solver: RidgeSolver;
  readonly prior?: RidgePrior;
}

const SOLVERS: readonly RidgeSolver[] = ['auto', 'cholesky', 'dual', 'eigen'];

export function checkSolver(fn: string, solver: unknown): RidgeSolver {
  return checkOneOf(fn, 'solver', solver, SOLVERS);
}

/**
 * Ridge regression in exact fp64 closed form, single or multi-output, with an unpenalised intercept and an
 * optional prior mean for the coefficients (the heart of parameter transfer).
 *
 * ```ts
 * const model = new RidgeRegression({ alpha: 1 }).fit(X, y);
 * model.predict(Xnew);
 * ```
 */
export class RidgeRegression<P extends LinearOutput = LinearOutput> extends LinearModel<P> {
  protected readonly estimatorName = 'RidgeRegression';
  readonly alpha: number;
  readonly fitIntercept: boolean;
  readonly solver: RidgeSolver;
  readonly prior: RidgePrior | undefined;
  private normalizedPrior: NormalizedPrior | undefined;

  constructor(options: RidgeRegressionOptions = {}) {
    super();
    this.alpha = checkAlpha('RidgeRegression', options.alpha ?? 1);
    this.fitIntercept = options.fitIntercept ?? true;
    this.solver = checkSolver('RidgeRegression', options.solver ?? 'auto');
    this.prior = options.prior;
  }

  fit(X: MatrixInput, y: SingleOutputTargets, options?: FitOptions): RidgeRegression<Float64Array>;
  fit(X: MatrixInput, y: MultiOutputTargets, options?: FitOptions): RidgeRegression<DenseMatrix>;
  fit(X: MatrixInput, y: VectorInput | MatrixInput, options?: FitOptions): this;
  // eslint-disable-next-line @typescript-eslint/prefer-return-this-type -- overloads narrow P, which `this` cannot express
  fit(X: MatrixInput, y: VectorInput | MatrixInput, options: FitOptions = {}): RidgeRegression {
    // X's value check is left to the solve, which makes it in the pass over X it needs anyway where it can.
    const problem = prepareFit('RidgeRegression.fit', X, y, this.fitIntercept, this.prior, options, true);
    this.normalizedPrior = problem.savedPrior;
    const solution = inTargetUnits('RidgeRegression.fit', solveRidgeProblem(problem, this.alpha, this.solver), problem.yUnit);
    this.solution = { ...solution, isVector: problem.isVector };
    return this;
  }

  /** A model from an already computed solution (e.g. from streamed statistics). */
  static fromSolution(options: RidgeRegressionOptions, solution: LinearSolution, prior?: NormalizedPrior): RidgeRegression {
    const model = new RidgeRegression(options);
    model.solution = solution;
    model.normalizedPrior = prior;
    return model;
  }

  toJSON(): RidgeRegressionJSON {
    const s = this.fitted('toJSON');
    return {
      kind: 'RidgeRegression',
      version: 1,
      alpha: this.alpha === Infinity ? 'Infinity' : this.alpha,
      fitIntercept: this.fitIntercept,
      solver: this.solver,
      ...(this.normalizedPrior ? { prior: priorToJSON(this.normalizedPrior) } : {}),
      ...solutionToJSON(s),
    };
  }

  static fromJSON(json: unknown): RidgeRegression {
    const fn = 'RidgeRegression.fromJSON';
    checkHeader(fn, json, 'RidgeRegression', 1);
    const j = json as RidgeRegressionJSON;
    const model = new RidgeRegression({
      alpha: alphaFromJSON(fn, j.alpha),
      fitIntercept: j.fitIntercept,
      solver: j.solver,
      prior: j.prior,
    });
    model.solution = solutionFromJSON(fn, j);
    if (j.prior) model.normalizedPrior = normalizePrior(fn, j.prior, model.solution.coef.cols, model.solution.coef.rows);
    return model;
  }
}
