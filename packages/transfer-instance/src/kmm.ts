import { Random, takeRows, type DenseMatrix, type MatrixInput } from '@tlkit/tensor-core';
import { checkHeader } from './internal/json.js';
import { gaussianFromDistances, medianDistance, squaredDistances } from './internal/kernel.js';
import { solveBoxSumQP, type BoxSumSolution } from './internal/box-qp.js';
import { checkFitted, checkPositive, checkPositiveInteger, numbersFrom } from './internal/rows.js';
import { checkScale, prepareDomains, vstackIfAny, type InstanceWeighting, type ScaleMode } from './instance-weighting.js';

export interface KMMOptions {
  /** Upper bound B on every weight (default 1000, as in Huang et al. 2007 and ADAPT). */
  readonly B?: number;
  /** ε in |Σβ − n| ≤ n·ε for a QP over n source rows; default (√n − 1)/√n (Huang et al. 2007). */
  readonly eps?: number;
  /** Gaussian kernel width σ in exp(−‖x − x'‖²/(2σ²)); default 'median' (the median pairwise distance of the pooled rows). */
  readonly sigma?: number | 'median';
  /** Scale rows by the pooled mean and std of both domains first (default 'pooled'). */
  readonly scale?: ScaleMode;
  /** Source rows per QP (default 1000): more are split into seeded batches of at most this size, each matched to all target rows, as ADAPT does. */
  readonly maxSize?: number;
  /** Iterations of the QP solver (default 2000). */
  readonly maxIterations?: number;
  /** Stopping tolerance of the QP solver (projected-gradient residual relative to the largest weight; default 1e-7). */
  readonly tolerance?: number;
  readonly seed?: number;
}

export interface KMMJSON {
  readonly kind: 'KMM';
  readonly version: 1;
  readonly options: {
    B: number;
    eps: number | null;
    sigma: number | 'median';
    scale: ScaleMode;
    maxSize: number;
    maxIterations: number;
    tolerance: number;
    seed: number;
  };
  readonly sigma: number;
  readonly weights: number[];
  readonly objective: number;
  readonly residual: number;
}

interface State {
  weights: Float64Array;
  sigma: number;
  objective: number;
  residual: number;
}

/**
 * Kernel mean matching (Huang, Gretton, Borgwardt, Schölkopf & Smola 2007): source weights β that make the weighted
 * source mean in a Gaussian RKHS match the target mean, from the QP
 *   min_β ½βᵀKβ − κᵀβ,  K_ij = k(x_i, x_j),  κ_i = (n/n_t)·Σ_j k(x_i, x'_j),
 *   subject to 0 ≤ β_i ≤ B and |Σβ − n| ≤ n·ε,
 * by accelerated projected gradient with an exact projection onto the constraints, then an active-set step. Gaussian
 * kernel matrices are numerically low-rank, so the objective is flat along their near-null eigenvectors: the optimum
 * value is reached (to about 1e-8 relative within the default 2000 iterations on 300 rows) while the weights are
 * determined only up to those directions — any QP solver, ADAPT's cvxopt included, returns one point of that flat set.
 * `residual` reports the distance from the KKT conditions. The weights exist only for the source rows it was fitted
 * on (`inductive` is false).
 */
export class KMM implements InstanceWeighting {
  readonly kind = 'KMM';
  readonly inductive = false;
  readonly B: number;
  readonly eps: number | undefined;
  readonly sigmaOption: number | 'median';
  readonly scale: ScaleMode;
  readonly maxSize: number;
  readonly maxIterations: number;
  readonly tolerance: number;
  readonly seed: number;
  private state: State | undefined;

  constructor(options: KMMOptions = {}) {
    const fn = 'KMM';
    this.B = checkPositive(fn, 'B', options.B ?? 1000);
    this.eps = options.eps === undefined ? undefined : checkPositive(fn, 'eps', options.eps);
    this.sigmaOption = options.sigma === undefined || options.sigma === 'median' ? 'median' : checkPositive(fn, 'sigma', options.sigma);
    this.scale = checkScale(fn, options.scale);
    this.maxSize = checkPositiveInteger(fn, 'maxSize', options.maxSize ?? 1000, 2);
    this.maxIterations = checkPositiveInteger(fn, 'maxIterations', options.maxIterations ?? 2000);
    this.tolerance = checkPositive(fn, 'tolerance', options.tolerance ?? 1e-7);
    this.seed = options.seed ?? 0;
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /** β for the source rows given to fit. */
  get weights(): Float64Array {
    return checkFitted(this.state, 'KMM', 'weights').weights;
  }

  /** The kernel width used. */
  get sigma(): number {
    return checkFitted(this.state, 'KMM', 'sigma').sigma;
  }

  /** The QP objective at the solution (summed over batches). */
  get objective(): number {
    return checkFitted(this.state, 'KMM', 'objective').objective;
  }

  /** The largest projected-gradient residual over the batches (0 at an exact KKT point). */
  get residual(): number {
    return checkFitted(this.state, 'KMM', 'residual').residual;
  }

  fit(Xs: MatrixInput, Xt: MatrixInput): this {
    const fn = 'KMM.fit';
    const { Xs: S, Xt: T } = prepareDomains(fn, Xs, Xt, this.scale);
    const sigma = this.sigmaOption === 'median' ? medianDistance(vstackIfAny(S, T), this.seed) : this.sigmaOption;
    const n = S.rows;
    const batches = Math.ceil(n / this.maxSize);
    const order = batches > 1 ? new Random(this.seed).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    const weights = new Float64Array(n);
    let objective = 0;
    let residual = 0;
    for (let b = 0; b < batches; b++) {
      const idx = order.subarray(Math.floor((b * n) / batches), Math.floor(((b + 1) * n) / batches));
      const part = takeRows(S, idx);
      const solution = kmmSolve(part, T, sigma, this.B, this.eps, this.maxIterations, this.tolerance);
      idx.forEach((row, k) => (weights[row] = solution.x[k]));
      objective += solution.objective;
      residual = Math.max(residual, solution.residual);
    }
    this.state = { weights, sigma, objective, residual };
    return this;
  }

  predictWeights(_X: MatrixInput): Float64Array {
    throw new TypeError(
      'KMM.predictWeights: KMM weights only the source rows it was fitted on (its QP has no out-of-sample form); use KLIEP, ULSIF or DomainClassifierWeighting for new rows',
    );
  }

  toJSON(): KMMJSON {
    const s = checkFitted(this.state, 'KMM', 'toJSON');
    return {
      kind: 'KMM',
      version: 1,
      options: {
        B: this.B,
        eps: this.eps ?? null,
        sigma: this.sigmaOption,
        scale: this.scale,
        maxSize: this.maxSize,
        maxIterations: this.maxIterations,
        tolerance: this.tolerance,
        seed: this.seed,
      },
      sigma: s.sigma,
      weights: Array.from(s.weights),
      objective: s.objective,
      residual: s.residual,
    };
  }

  static fromJSON(json: unknown): KMM {
    const fn = 'KMM.fromJSON';
    checkHeader(fn, json, 'KMM', 1);
    const j = json as KMMJSON;
    const o = j.options;
    const out = new KMM({ ...o, eps: o.eps ?? undefined });
    out.state = {
      weights: numbersFrom(fn, j.weights, 'weights'),
      sigma: checkPositive(fn, 'sigma', j.sigma),
      objective: j.objective,
      residual: j.residual,
    };
    return out;
  }
}

/** The KMM QP of one batch of source rows against all target rows. */
function kmmSolve(
  S: DenseMatrix,
  T: DenseMatrix,
  sigma: number,
  B: number,
  epsOption: number | undefined,
  maxIterations: number,
  tolerance: number,
): BoxSumSolution {
  const n = S.rows;
  const eps = epsOption ?? (Math.sqrt(n) - 1) / Math.sqrt(n);
  const K = gaussianFromDistances(squaredDistances(S, S), sigma);
  const Kst = gaussianFromDistances(squaredDistances(S, T), sigma);
  const kappa = new Float64Array(n);
  const ratio = n / T.rows;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < T.rows; j++) s += Kst.data[i * T.rows + j];
    kappa[i] = ratio * s;
  }
  const low = Math.max(0, n * (1 - eps));
  const high = n * (1 + eps);
  if (low > n * B) throw new RangeError(`KMM.fit: B = ${B} is too small for Σβ ≥ n(1 − ε) with ε = ${eps}`);
  return solveBoxSumQP({ K, kappa, upper: B, low, high }, { maxIterations, tolerance });
}
