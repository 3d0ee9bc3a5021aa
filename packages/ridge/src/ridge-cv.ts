import { kFold, takeRows, type DenseMatrix, type MatrixInput, type VectorInput } from '@tlkit/tensor-core';
import { centerProblem, centredCopy, centringOf, type Centring } from './internal/centering.js';
import { columnSquares, gcvScore, logEvidence, projectTargets, type MomentCriteriaInput } from './internal/cv-criteria.js';
import type { RidgeSolver } from './internal/solve.js';
import { leaveOneOut, logWeights, type LeaveOneOut } from './internal/leave-one-out.js';
import { computeFullSpectrum, computeMomentSpectrum } from './internal/spectrum.js';
import { checkAlpha } from './internal/validate.js';
import { inTargetUnits, prepareFit, type FitOptions } from './fit-input.js';
import {
  LinearModel,
  type LinearOutput,
  type MultiOutputTargets,
  type SingleOutputTargets,
  solveResidualProblem,
  assembleSolution,
  type LinearSolution,
  type RidgeProblem,
} from './linear-model.js';
import {
  alphaFromJSON,
  checkHeader,
  curveFromJSON,
  priorToJSON,
  solutionFromJSON,
  solutionToJSON,
  type LinearSolutionJSON,
} from './model-json.js';
import { normalizePrior, priorResidual, type NormalizedPrior, type RidgePrior } from './prior.js';
import { checkSolver } from './ridge-regression.js';

/** How alpha is chosen: exact leave-one-out, generalised CV, maximum evidence, or k-fold CV with k folds. */
export type RidgeCVCriterion = 'loo' | 'gcv' | 'evidence' | number;

export interface RidgeCVOptions {
  /** Candidate alphas, or 'auto' (default): 0, 49 values 10^-6…10^6 times the mean eigenvalue of XcᵀXc, and Infinity. */
  readonly alphas?: readonly number[] | 'auto';
  /** Default 'loo' (as scikit-learn's RidgeCV). 'evidence' is steadier with very few rows. */
  readonly cv?: RidgeCVCriterion;
  readonly fitIntercept?: boolean;
  readonly prior?: RidgePrior;
  /**
   * How the chosen alpha's coefficients are solved, as RidgeRegression's solver; with leave-one-out, 'auto' (default)
   * and 'eigen' take them from the decomposition the alphas were scored with.
   */
  readonly solver?: RidgeSolver;
  /** Shuffling seed for k-fold CV. */
  readonly seed?: number;
}

/** The criterion for every candidate alpha: lower is better except for log evidence. */
export interface AlphaCurve {
  readonly criterion: 'loo-mse' | 'gcv' | 'log-evidence' | 'kfold-mse';
  readonly alphas: readonly number[];
  readonly scores: readonly number[];
}

export interface RidgeCVJSON extends LinearSolutionJSON {
  readonly kind: 'RidgeCV';
  readonly version: 1;
  readonly cv: RidgeCVCriterion;
  readonly fitIntercept: boolean;
  readonly solver: RidgeSolver;
  readonly prior?: RidgePrior;
  readonly alpha: number | 'Infinity';
  /** The candidate alphas as given ('auto': scaled to the rows of each fit); absent in older files (then the curve's). */
  readonly alphaGrid?: 'auto' | (number | 'Infinity')[];
  readonly seed?: number;
  readonly curve: { criterion: AlphaCurve['criterion']; alphas: (number | 'Infinity')[]; scores: (number | null)[] };
  readonly logEvidence: number | null;
}

const AUTO_GRID_POINTS = 49;

function checkCriterion(cv: unknown): RidgeCVCriterion {
  if (cv === 'loo' || cv === 'gcv' || cv === 'evidence') return cv;
  if (typeof cv === 'number' && Number.isInteger(cv) && cv >= 2) return cv;
  throw new RangeError(`RidgeCV: cv must be 'loo', 'gcv', 'evidence' or a number of folds ≥ 2, got ${JSON.stringify(cv)}`);
}

/**
 * Ridge with alpha chosen from the data: leave-one-out and GCV for every alpha from one decomposition (no
 * refit per alpha), k-fold CV, or the maximum of the Bayesian evidence with the prior mean `prior.coef`.
 *
 * ```ts
 * const model = new RidgeCV({ cv: 'evidence', prior: { coef: source.coef } }).fit(X, y);
 * model.alpha; model.curve; model.logEvidence;
 * ```
 */
export class RidgeCV<P extends LinearOutput = LinearOutput> extends LinearModel<P> {
  protected readonly estimatorName = 'RidgeCV';
  readonly alphaGrid: readonly number[] | 'auto';
  readonly cv: RidgeCVCriterion;
  readonly fitIntercept: boolean;
  readonly prior: RidgePrior | undefined;
  readonly solver: RidgeSolver;
  readonly seed: number;
  private normalizedPrior: NormalizedPrior | undefined;
  private chosen: AlphaSelection | undefined;

  constructor(options: RidgeCVOptions = {}) {
    super();
    const alphas = options.alphas ?? 'auto';
    if (alphas !== 'auto') {
      if (!Array.isArray(alphas) || alphas.length === 0) throw new RangeError('RidgeCV: alphas must be a non-empty array or "auto"');
      alphas.forEach((a, i) => checkAlpha('RidgeCV', a, `alphas[${i}]`));
    }
    this.alphaGrid = alphas;
    this.cv = checkCriterion(options.cv ?? 'loo');
    this.fitIntercept = options.fitIntercept ?? true;
    this.prior = options.prior;
    this.solver = checkSolver('RidgeCV', options.solver ?? 'auto');
    this.seed = options.seed ?? 0;
  }

  /** The chosen alpha. */
  get alpha(): number {
    return this.fittedChoice('alpha').alpha;
  }

  /** The selection criterion over the whole alpha grid. */
  get curve(): AlphaCurve {
    return this.fittedChoice('curve').curve;
  }

  /** Log evidence of the data under the chosen alpha (and the prior mean), whatever the criterion. */
  get logEvidence(): number {
    return this.fittedChoice('logEvidence').logEvidence;
  }

  fit(X: MatrixInput, y: SingleOutputTargets, options?: FitOptions): RidgeCV<Float64Array>;
  fit(X: MatrixInput, y: MultiOutputTargets, options?: FitOptions): RidgeCV<DenseMatrix>;
  fit(X: MatrixInput, y: VectorInput | MatrixInput, options?: FitOptions): this;
  // eslint-disable-next-line @typescript-eslint/prefer-return-this-type -- overloads narrow P, which `this` cannot express
  fit(X: MatrixInput, y: VectorInput | MatrixInput, options: FitOptions = {}): RidgeCV {
    const problem = prepareFit('RidgeCV.fit', X, y, this.fitIntercept, this.prior, options);
    this.normalizedPrior = problem.savedPrior;
    const R = problem.prior ? priorResidual(problem.X, problem.Y, problem.prior, !this.fitIntercept) : problem.Y;
    const centring = centringOf(problem.X, R, this.fitIntercept, problem.sampleWeight, problem.xColumnSums);
    const scoring = this.scoring({ ...problem, Y: R }, centring);
    const alphas = this.alphaGrid === 'auto' ? autoAlphas(scoring.input.s, problem.X.cols) : [...this.alphaGrid];
    const { criterion } = scoring;
    const scores = scoring.scores(alphas);
    const alpha = alphas[bestIndex(scores, criterion === 'log-evidence')];
    // Leave-one-out scored every alpha on Xc's decomposition: the chosen one's coefficients follow from it, unless a
    // solver was asked for by name or the decomposition cannot resolve them (a direction dropped at round-off that
    // a factorisation still resolves, as a nearly collinear column at a tiny alpha): then the fit is solved again.
    const spectral = this.solver === 'auto' || this.solver === 'eigen' ? scoring.coefficients(alpha) : undefined;
    const solution = spectral
      ? assembleSolution(spectral, problem.prior, this.fitIntercept, centring.xMean, centring.yMean)
      : solveResidualProblem(problem.X, R, centring, problem.prior, this.fitIntercept, alpha, this.solver);
    const evidence = scoring.logEvidence(alpha);
    this.solution = { ...inTargetUnits('RidgeCV.fit', solution, problem.yUnit), isVector: problem.isVector };
    // Back in y's units: squared errors scale by yUnit², the evidence (a density of y) by yUnit^−N per output.
    const u = problem.yUnit;
    const logShift = u === 1 ? 0 : -R.cols * (R.rows - (this.fitIntercept ? 1 : 0)) * Math.log(u);
    const unscale = (v: number) => (u === 1 ? v : criterion === 'log-evidence' ? v + logShift : v * u * u);
    this.chosen = {
      alpha,
      curve: { criterion, alphas, scores: u === 1 ? scores : scores.map(unscale) },
      logEvidence: evidence + logShift,
    };
    return this;
  }

  toJSON(): RidgeCVJSON {
    const s = this.fitted('toJSON');
    const c = this.fittedChoice('toJSON');
    const num = (v: number): number | 'Infinity' => (v === Infinity ? 'Infinity' : v);
    return {
      kind: 'RidgeCV',
      version: 1,
      cv: this.cv,
      fitIntercept: this.fitIntercept,
      solver: this.solver,
      ...(this.normalizedPrior ? { prior: priorToJSON(this.normalizedPrior) } : {}),
      alpha: num(c.alpha),
      alphaGrid: this.alphaGrid === 'auto' ? 'auto' : this.alphaGrid.map(num),
      seed: this.seed,
      curve: {
        criterion: c.curve.criterion,
        alphas: c.curve.alphas.map(num),
        scores: c.curve.scores.map((v) => (Number.isFinite(v) ? v : null)),
      },
      logEvidence: Number.isFinite(c.logEvidence) ? c.logEvidence : null,
      ...solutionToJSON(s),
    };
  }

  static fromJSON(json: unknown): RidgeCV {
    const fn = 'RidgeCV.fromJSON';
    checkHeader(fn, json, 'RidgeCV', 1);
    const j = json as RidgeCVJSON;
    const curve = curveFromJSON(fn, j.curve);
    const alphas = curve.alphas;
    const grid = alphaGridFromJSON(fn, j.alphaGrid, alphas);
    const model = new RidgeCV({ alphas: grid, cv: j.cv, fitIntercept: j.fitIntercept, solver: j.solver, prior: j.prior, seed: j.seed });
    model.solution = solutionFromJSON(fn, j);
    if (j.prior) model.normalizedPrior = normalizePrior(fn, j.prior, model.solution.coef.cols, model.solution.coef.rows);
    model.chosen = {
      alpha: alphaFromJSON(fn, j.alpha),
      curve: { criterion: curve.criterion as AlphaCurve['criterion'], alphas, scores: curve.scores },
      logEvidence: typeof j.logEvidence === 'number' ? j.logEvidence : NaN,
    };
    return model;
  }

  /** A model from a solution and an alpha chosen elsewhere (RidgeAccumulator.fitCV, from streamed moments). */
  static fromSelection(options: RidgeCVOptions, solution: LinearSolution, chosen: AlphaSelection, prior?: NormalizedPrior): RidgeCV {
    const model = new RidgeCV(options);
    model.solution = solution;
    model.chosen = chosen;
    model.normalizedPrior = prior;
    return model;
  }

  /**
   * How this criterion scores alphas on the problem (Y the residual targets): leave-one-out needs the leverages,
   * every other criterion only s and QᵀR (k-fold CV refits per fold).
   */
  private scoring(problem: RidgeProblem, centring: Centring): AlphaScoring {
    const { X, Y: R, sampleWeight } = problem;
    const cv = this.cv;
    if (cv === 'loo') return { criterion: 'loo-mse', ...leaveOneOut(X, R, centring, this.fitIntercept, sampleWeight) };
    const { input, QtR } = momentInput(X, R, centring, this.fitIntercept, sampleWeight);
    return {
      criterion: cv === 'gcv' ? 'gcv' : cv === 'evidence' ? 'log-evidence' : 'kfold-mse',
      input,
      scores: (alphas) =>
        cv === 'gcv' || cv === 'evidence' ? momentScores(cv, input, QtR, alphas) : kFoldScores(problem, alphas, cv, this.seed),
      coefficients: () => undefined,
      logEvidence: (alpha) => logEvidence(input, QtR, alpha),
    };
  }

  private fittedChoice(method: string): AlphaSelection {
    this.fitted(method);
    if (!this.chosen) throw new Error(`RidgeCV.${method}: internal state missing`);
    return this.chosen;
  }
}

/** The moments' criteria input and QᵀR from the smaller side's eigenvalues and projections (no eigenvectors). */
function momentInput(
  X: DenseMatrix,
  R: DenseMatrix,
  centred: Centring,
  fitIntercept: boolean,
  sampleWeight: Float64Array | undefined,
): { input: MomentCriteriaInput; QtR: DenseMatrix } {
  const { s, QtR } = computeMomentSpectrum(X, R, centred);
  return {
    input: {
      s,
      targetSquares: columnSquares(centredCopy(R, centred.y)),
      rows: X.rows,
      weightSum: centred.weightSum,
      logWeightSum: logWeights(centred, sampleWeight),
      fitIntercept,
    },
    QtR,
  };
}

/** A criterion's scores of alphas and what follows from the same decomposition (see LeaveOneOut). */
interface AlphaScoring extends LeaveOneOut {
  readonly criterion: AlphaCurve['criterion'];
}

/** An alpha with its whole curve and its log evidence. */
export interface AlphaSelection {
  readonly alpha: number;
  readonly curve: AlphaCurve;
  readonly logEvidence: number;
}

/** GCV or log-evidence scores of every alpha: the criteria that need only second moments. */
function momentScores(cv: 'gcv' | 'evidence', input: MomentCriteriaInput, QtR: DenseMatrix, alphas: readonly number[]): number[] {
  return alphas.map((a) => (cv === 'gcv' ? gcvScore(input, QtR, a) : logEvidence(input, QtR, a)));
}

/** Chooses alpha by GCV or the evidence from moments alone ('auto' grids scale with the eigenvalues s). */
export function selectAlphaFromMoments(
  cv: 'gcv' | 'evidence',
  grid: readonly number[] | 'auto',
  input: MomentCriteriaInput,
  QtR: DenseMatrix,
  features: number,
): AlphaSelection {
  const alphas = grid === 'auto' ? autoAlphas(input.s, features) : [...grid];
  const scores = momentScores(cv, input, QtR, alphas);
  const alpha = alphas[bestIndex(scores, cv === 'evidence')];
  return {
    alpha,
    curve: { criterion: cv === 'gcv' ? 'gcv' : 'log-evidence', alphas, scores },
    logEvidence: logEvidence(input, QtR, alpha),
  };
}

/** 0, a log grid scaled by the mean eigenvalue of XcᵀXc (scale-free for standardised or raw X), and Infinity. */
export function autoAlphas(s: Float64Array, d: number): number[] {
  let trace = 0;
  for (const v of s) trace += v;
  const scale = trace > 0 ? trace / d : 1;
  const grid = [0];
  for (let i = 0; i < AUTO_GRID_POINTS; i++) grid.push(scale * 10 ** (-6 + (12 * i) / (AUTO_GRID_POINTS - 1)));
  grid.push(Infinity);
  return grid;
}

function bestIndex(scores: readonly number[], maximise: boolean): number {
  let best = -1;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i];
    if (Number.isNaN(v)) continue;
    if (best < 0 || (maximise ? v > scores[best] : v < scores[best])) best = i;
  }
  if (best < 0) throw new RangeError('RidgeCV.fit: no alpha gives a finite criterion; too few rows?');
  return best;
}

/** Pooled held-out weighted MSE per alpha; one spectrum per fold serves every alpha. */
function kFoldScores(problem: RidgeProblem, alphas: readonly number[], k: number, seed: number): number[] {
  const { X, Y: R, fitIntercept, sampleWeight } = problem;
  const n = X.rows;
  if (k > n) throw new RangeError(`RidgeCV.fit: cv=${k} folds needs at least ${k} rows, got ${n}`);
  const totals = new Float64Array(alphas.length);
  let weightTotal = 0;
  const out = R.cols;
  for (const fold of kFold(n, k, { seed })) {
    const trainW = sampleWeight ? Float64Array.from(fold.train, (i) => sampleWeight[i]) : undefined;
    const centred = centerProblem(takeRows(X, fold.train), takeRows(R, fold.train), fitIntercept, trainW);
    const { Q, P, s } = computeFullSpectrum(centred.Xc);
    const QtR = projectTargets({ spectrum: { Q, s }, R: centred.Yc });
    const Xtest = takeRows(X, fold.test);
    const m = s.length;
    const d = X.cols;
    const Z = new Float64Array(fold.test.length * m);
    for (let t = 0; t < fold.test.length; t++) {
      for (let a = 0; a < d; a++) {
        const x = Xtest.data[t * d + a] - centred.xMean[a];
        for (let j = 0; j < m; j++) Z[t * m + j] += x * P.data[a * m + j];
      }
    }
    const coefs = new Float64Array(m * out);
    alphas.forEach((alpha, ai) => {
      for (let j = 0; j < m; j++) {
        const g = alpha === Infinity ? 0 : Math.sqrt(s[j]) / (s[j] + alpha);
        for (let c = 0; c < out; c++) coefs[j * out + c] = g * QtR.data[j * out + c];
      }
      let sum = 0;
      fold.test.forEach((row, t) => {
        const w = sampleWeight ? sampleWeight[row] : 1;
        for (let c = 0; c < out; c++) {
          let pred = centred.yMean[c];
          for (let j = 0; j < m; j++) pred += Z[t * m + j] * coefs[j * out + c];
          sum += w * (R.data[row * out + c] - pred) ** 2;
        }
      });
      totals[ai] += sum;
    });
    for (const row of fold.test) weightTotal += sampleWeight ? sampleWeight[row] : 1;
  }
  return Array.from(totals, (t) => t / (weightTotal * out));
}

/** The grid a refit searches: 'auto', a list of alphas, or (saved before the grid was kept) the curve's alphas. */
function alphaGridFromJSON(fn: string, value: unknown, curveAlphas: number[]): 'auto' | number[] {
  if (value === undefined) return curveAlphas;
  if (value === 'auto') return 'auto';
  if (!Array.isArray(value)) throw new TypeError(`${fn}: alphaGrid must be "auto" or an array of alphas`);
  return Array.from({ length: value.length }, (_, i) => alphaFromJSON(fn, (value as unknown[])[i], `alphaGrid[${i}]`));
}
