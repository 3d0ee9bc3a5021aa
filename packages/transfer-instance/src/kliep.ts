import {
  Random,
  kFold,
  takeRows,
  type DenseMatrix,
  type MatrixInput,
  type StandardScaler,
  type StandardScalerJSON,
} from '@tlkit/tensor-core';
import { checkHeader } from './internal/json.js';
import { COARSE_WIDTH_FACTORS, gaussianFromDistances, medianWidths, squaredDistances } from './internal/kernel.js';
import { kernelColumnMeans, kliepLcv, type KliepCurve } from './internal/kliep-lcv.js';
import { solveKliep } from './internal/kliep-solver.js';
import {
  checkFitted,
  checkGrid,
  checkPositive,
  checkPositiveInteger,
  matrixToRows,
  numbersFrom,
  rowsOf,
  rowsToMatrix,
} from './internal/rows.js';
import {
  checkScale,
  prepareDomains,
  scaleRows,
  scalerFromJSON,
  vstackIfAny,
  type InstanceWeighting,
  type ScaleMode,
} from './instance-weighting.js';

export interface KLIEPOptions {
  /** Candidate Gaussian widths σ; 'auto' (default): the median pairwise distance × 2^k, k = −2…2. */
  readonly sigmas?: readonly number[] | 'auto';
  /** Number of kernel centres, drawn from the target rows (default 100, as in the paper; at most the target rows). */
  readonly centers?: number;
  /** Folds of the likelihood cross-validation over the target rows (default 5, as in the paper). */
  readonly folds?: number;
  readonly scale?: ScaleMode;
  readonly maxIterations?: number;
  readonly tolerance?: number;
  readonly seed?: number;
}

export interface KLIEPJSON {
  readonly kind: 'KLIEP';
  readonly version: 1;
  readonly options: {
    sigmas: number[] | 'auto';
    centers: number;
    folds: number;
    scale: ScaleMode;
    maxIterations: number;
    tolerance: number;
    seed: number;
  };
  readonly sigma: number;
  readonly centres: number[][];
  readonly alpha: number[];
  /** LCV score per width (null where not computed: a single width needs no selection). */
  readonly curve: { sigmas: number[]; scores: (number | null)[] };
  readonly weights: number[];
  readonly scaler: StandardScalerJSON | null;
}

interface State {
  sigma: number;
  centres: DenseMatrix;
  alpha: Float64Array;
  curve: KliepCurve;
  weights: Float64Array;
  scaler: StandardScaler | undefined;
}

/**
 * KLIEP (Sugiyama, Suzuki, Nakajima, Kashima, von Bünau & Kawanabe 2008): the density ratio as a non-negative
 * combination of Gaussian kernels on target centres, ŵ(x) = Σ_l α_l k(x, c_l), fitted by maximising the target rows'
 * log-likelihood Σ_j log ŵ(x'_j) under the normalisation mean_i ŵ(x_i) = 1 over the source rows. The width is chosen
 * by likelihood cross-validation over the target rows, as in the paper.
 */
export class KLIEP implements InstanceWeighting {
  readonly kind = 'KLIEP';
  readonly inductive = true;
  readonly sigmaGrid: readonly number[] | 'auto';
  readonly centers: number;
  readonly folds: number;
  readonly scale: ScaleMode;
  readonly maxIterations: number;
  readonly tolerance: number;
  readonly seed: number;
  private state: State | undefined;

  constructor(options: KLIEPOptions = {}) {
    const fn = 'KLIEP';
    this.sigmaGrid = options.sigmas === undefined || options.sigmas === 'auto' ? 'auto' : checkGrid(fn, 'sigmas', options.sigmas);
    this.centers = checkPositiveInteger(fn, 'centers', options.centers ?? 100);
    this.folds = checkPositiveInteger(fn, 'folds', options.folds ?? 5, 2);
    this.scale = checkScale(fn, options.scale);
    this.maxIterations = checkPositiveInteger(fn, 'maxIterations', options.maxIterations ?? 10000);
    this.tolerance = checkPositive(fn, 'tolerance', options.tolerance ?? 1e-10);
    this.seed = options.seed ?? 0;
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  get weights(): Float64Array {
    return this.fitted('weights').weights;
  }

  /** The width chosen by likelihood cross-validation. */
  get sigma(): number {
    return this.fitted('sigma').sigma;
  }

  /** The LCV score of every candidate width. */
  get curve(): KliepCurve {
    return this.fitted('curve').curve;
  }

  fit(Xs: MatrixInput, Xt: MatrixInput): this {
    const fn = 'KLIEP.fit';
    const { Xs: S, Xt: T, scaler } = prepareDomains(fn, Xs, Xt, this.scale);
    if (T.rows < this.folds) throw new RangeError(`${fn}: Xt has ${T.rows} rows, fewer than the ${this.folds} LCV folds`);
    const rng = new Random(this.seed);
    const b = Math.min(this.centers, T.rows);
    const centres = takeRows(T, rng.sample(T.rows, b));
    const sigmas = this.sigmaGrid === 'auto' ? medianWidths(vstackIfAny(S, T), this.seed, COARSE_WIDTH_FACTORS) : this.sigmaGrid;
    const Dsc = squaredDistances(S, centres);
    const Dtc = squaredDistances(T, centres);
    const folds = kFold(T.rows, this.folds, { seed: rng.fork() }).map((f) => f.test);
    const solver = { maxIterations: this.maxIterations, tolerance: this.tolerance };
    // Ranking the widths needs the held-out scores to about 1e-7, not the final fit's precision.
    const lcvSolver = { maxIterations: this.maxIterations, tolerance: Math.max(this.tolerance, 1e-7) };
    const curve = sigmas.length > 1 ? kliepLcv(Dsc, Dtc, sigmas, folds, lcvSolver) : { sigmas: [...sigmas], scores: [NaN] };
    let best = 0;
    curve.scores.forEach((s, i) => {
      if (s > curve.scores[best]) best = i;
    });
    const sigma = sigmas[best];
    const Ks = gaussianFromDistances(Dsc, sigma);
    const { alpha } = solveKliep(gaussianFromDistances(Dtc, sigma), kernelColumnMeans(Ks), solver);
    const weights = combine(Ks, alpha);
    this.state = { sigma, centres, alpha, curve, weights, scaler };
    return this;
  }

  predictWeights(X: MatrixInput): Float64Array {
    const s = this.fitted('predictWeights');
    const rows = scaleRows(s.scaler, rowsOf('KLIEP.predictWeights', X, s.centres.cols, 'X', true));
    return combine(gaussianFromDistances(squaredDistances(rows, s.centres), s.sigma), s.alpha);
  }

  /** The mean log ratio KLIEP gives target rows (its own criterion: higher is better). */
  score(Xt: MatrixInput): number {
    const w = this.predictWeights(Xt);
    let total = 0;
    for (const v of w) total += Math.log(Math.max(v, 1e-300));
    return total / w.length;
  }

  toJSON(): KLIEPJSON {
    const s = this.fitted('toJSON');
    return {
      kind: 'KLIEP',
      version: 1,
      options: {
        sigmas: this.sigmaGrid === 'auto' ? 'auto' : [...this.sigmaGrid],
        centers: this.centers,
        folds: this.folds,
        scale: this.scale,
        maxIterations: this.maxIterations,
        tolerance: this.tolerance,
        seed: this.seed,
      },
      sigma: s.sigma,
      centres: matrixToRows(s.centres),
      alpha: Array.from(s.alpha),
      curve: { sigmas: [...s.curve.sigmas], scores: s.curve.scores.map((v) => (Number.isFinite(v) ? v : null)) },
      weights: Array.from(s.weights),
      scaler: s.scaler ? s.scaler.toJSON() : null,
    };
  }

  static fromJSON(json: unknown): KLIEP {
    const fn = 'KLIEP.fromJSON';
    checkHeader(fn, json, 'KLIEP', 1);
    const j = json as KLIEPJSON;
    const out = new KLIEP(j.options);
    const centres = rowsToMatrix(fn, j.centres, 'centres');
    const alpha = numbersFrom(fn, j.alpha, 'alpha');
    if (alpha.length !== centres.rows) throw new TypeError(`${fn}: alpha has ${alpha.length} entries, centres ${centres.rows} rows`);
    out.state = {
      sigma: checkPositive(fn, 'sigma', j.sigma),
      centres,
      alpha,
      curve: { sigmas: [...j.curve.sigmas], scores: j.curve.scores.map((v) => v ?? NaN) },
      weights: numbersFrom(fn, j.weights, 'weights'),
      scaler: scalerFromJSON(j.scaler),
    };
    return out;
  }

  private fitted(method: string): State {
    return checkFitted(this.state, 'KLIEP', method);
  }
}

/** ŵ(x_i) = Σ_l α_l K_il. */
export function combine(K: DenseMatrix, alpha: Float64Array): Float64Array {
  const out = new Float64Array(K.rows);
  for (let i = 0; i < K.rows; i++) {
    let s = 0;
    for (let l = 0; l < K.cols; l++) s += K.data[i * K.cols + l] * alpha[l];
    out[i] = s;
  }
  return out;
}
