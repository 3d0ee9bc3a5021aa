import { Random, takeRows, type DenseMatrix, type MatrixInput, type StandardScaler, type StandardScalerJSON } from '@tlkit/tensor-core';
import { checkHeader } from './internal/json.js';
import { WIDTH_FACTORS, gaussianFromDistances, medianWidths, squaredDistances } from './internal/kernel.js';
import { lsifLooScores, lsifSolve } from './internal/lsif-loo.js';
import { checkFitted, checkGrid, checkPositiveInteger, matrixToRows, numbersFrom, rowsOf, rowsToMatrix } from './internal/rows.js';
import {
  checkScale,
  prepareDomains,
  scaleRows,
  scalerFromJSON,
  vstackIfAny,
  type InstanceWeighting,
  type ScaleMode,
} from './instance-weighting.js';
import { combine } from './kliep.js';

/** λ = 10^{−3}, 10^{−2.5}, …, 10¹. */
const AUTO_LAMBDAS: readonly number[] = Array.from({ length: 9 }, (_, i) => 10 ** (-3 + i / 2));

export interface LsifOptions {
  /** Candidate Gaussian widths σ; 'auto' (default): the median pairwise distance × 2^{k/2}, k = −4…4. */
  readonly sigmas?: readonly number[] | 'auto';
  /** Candidate ridge strengths λ; 'auto' (default): 10^{−3}, 10^{−2.5}, …, 10¹. */
  readonly lambdas?: readonly number[] | 'auto';
  /** Number of kernel centres, drawn from the target rows (default 100, as in the papers; at most the target rows). */
  readonly centers?: number;
  readonly scale?: ScaleMode;
  readonly seed?: number;
}

export interface RuLSIFOptions extends LsifOptions {
  /** Relative parameter α ∈ [0, 1): the ratio estimated is p_t/(α·p_t + (1 − α)·p_s), bounded by 1/α (default 0.1). */
  readonly alpha?: number;
}

export interface LsifJSON {
  readonly kind: 'ULSIF' | 'RuLSIF';
  readonly version: 1;
  readonly options: {
    sigmas: number[] | 'auto';
    lambdas: number[] | 'auto';
    centers: number;
    scale: ScaleMode;
    seed: number;
    alpha: number;
  };
  readonly sigma: number;
  readonly lambda: number;
  readonly centres: number[][];
  readonly theta: number[];
  /** LOO score per (σ, λ): rows σ, columns λ (lower is better). */
  readonly curve: { sigmas: number[]; lambdas: number[]; scores: (number | null)[][] };
  readonly weights: number[];
  readonly scaler: StandardScalerJSON | null;
}

export interface LsifCurve {
  readonly sigmas: readonly number[];
  readonly lambdas: readonly number[];
  readonly scores: readonly (readonly number[])[];
}

interface State {
  sigma: number;
  lambda: number;
  centres: DenseMatrix;
  theta: Float64Array;
  curve: LsifCurve;
  weights: Float64Array;
  scaler: StandardScaler | undefined;
}

/**
 * The least-squares density-ratio fits: ŵ(x) = Σ_l θ_l k(x, c_l) on Gaussian kernels at target centres, θ from the
 * closed form θ = max(0, (Ĥ + λI)⁻¹ĥ), σ and λ by the closed-form leave-one-out score (shared by ULSIF and RuLSIF).
 */
abstract class LeastSquaresRatio implements InstanceWeighting {
  abstract readonly kind: 'ULSIF' | 'RuLSIF';
  readonly inductive = true;
  readonly sigmaGrid: readonly number[] | 'auto';
  readonly lambdaGrid: readonly number[] | 'auto';
  readonly centers: number;
  readonly scale: ScaleMode;
  readonly seed: number;
  /** The relative parameter α (0 for uLSIF). */
  abstract readonly alpha: number;
  protected state: State | undefined;

  constructor(fn: string, options: LsifOptions) {
    this.sigmaGrid = options.sigmas === undefined || options.sigmas === 'auto' ? 'auto' : checkGrid(fn, 'sigmas', options.sigmas);
    this.lambdaGrid = options.lambdas === undefined || options.lambdas === 'auto' ? 'auto' : checkGrid(fn, 'lambdas', options.lambdas);
    this.centers = checkPositiveInteger(fn, 'centers', options.centers ?? 100);
    this.scale = checkScale(fn, options.scale);
    this.seed = options.seed ?? 0;
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  get weights(): Float64Array {
    return this.fitted('weights').weights;
  }

  get sigma(): number {
    return this.fitted('sigma').sigma;
  }

  get lambda(): number {
    return this.fitted('lambda').lambda;
  }

  /** The leave-one-out score over the (σ, λ) grid. */
  get curve(): LsifCurve {
    return this.fitted('curve').curve;
  }

  fit(Xs: MatrixInput, Xt: MatrixInput): this {
    const fn = `${this.kind}.fit`;
    const { Xs: S, Xt: T, scaler } = prepareDomains(fn, Xs, Xt, this.scale);
    const rng = new Random(this.seed);
    const centres = takeRows(T, rng.sample(T.rows, Math.min(this.centers, T.rows)));
    const sigmas = this.sigmaGrid === 'auto' ? medianWidths(vstackIfAny(S, T), this.seed, WIDTH_FACTORS) : this.sigmaGrid;
    const lambdas = this.lambdaGrid === 'auto' ? AUTO_LAMBDAS : this.lambdaGrid;
    // The pairs left out together: the first min(ns, nt) rows of each domain in a seeded order.
    const Sp = takeRows(S, rng.permutation(S.rows));
    const Tp = takeRows(T, rng.permutation(T.rows));
    const Dsc = squaredDistances(Sp, centres);
    const Dtc = squaredDistances(Tp, centres);
    const single = sigmas.length === 1 && lambdas.length === 1;
    const scores = sigmas.map((sigma) =>
      single
        ? [NaN]
        : lsifLooScores({ Phis: gaussianFromDistances(Dsc, sigma), Phit: gaussianFromDistances(Dtc, sigma) }, this.alpha, lambdas),
    );
    let bi = 0;
    let bj = 0;
    scores.forEach((row, i) =>
      row.forEach((v, j) => {
        if (v < scores[bi][bj]) [bi, bj] = [i, j];
      }),
    );
    const sigma = sigmas[bi];
    const lambda = lambdas[bj];
    const design = { Phis: gaussianFromDistances(Dsc, sigma), Phit: gaussianFromDistances(Dtc, sigma) };
    const theta = lsifSolve(design, this.alpha, lambda).map((t) => (t > 0 ? t : 0));
    const weights = combine(gaussianFromDistances(squaredDistances(S, centres), sigma), theta);
    this.state = { sigma, lambda, centres, theta, curve: { sigmas: [...sigmas], lambdas: [...lambdas], scores }, weights, scaler };
    return this;
  }

  predictWeights(X: MatrixInput): Float64Array {
    const s = this.fitted('predictWeights');
    const rows = scaleRows(s.scaler, rowsOf(`${this.kind}.predictWeights`, X, s.centres.cols, 'X', true));
    return combine(gaussianFromDistances(squaredDistances(rows, s.centres), s.sigma), s.theta);
  }

  /**
   * The fit's own criterion on held-out rows, negated so that higher is better:
   * −[(1−α)/2·mean ŵ(Xs)² + α/2·mean ŵ(Xt)² − mean ŵ(Xt)].
   */
  score(Xs: MatrixInput, Xt: MatrixInput): number {
    const ws = this.predictWeights(Xs);
    const wt = this.predictWeights(Xt);
    const mean = (v: Float64Array, f: (x: number) => number) => v.reduce((s, x) => s + f(x), 0) / v.length;
    return -(((1 - this.alpha) / 2) * mean(ws, (x) => x * x) + (this.alpha / 2) * mean(wt, (x) => x * x) - mean(wt, (x) => x));
  }

  toJSON(): LsifJSON {
    const s = this.fitted('toJSON');
    return {
      kind: this.kind,
      version: 1,
      options: {
        sigmas: this.sigmaGrid === 'auto' ? 'auto' : [...this.sigmaGrid],
        lambdas: this.lambdaGrid === 'auto' ? 'auto' : [...this.lambdaGrid],
        centers: this.centers,
        scale: this.scale,
        seed: this.seed,
        alpha: this.alpha,
      },
      sigma: s.sigma,
      lambda: s.lambda,
      centres: matrixToRows(s.centres),
      theta: Array.from(s.theta),
      curve: {
        sigmas: [...s.curve.sigmas],
        lambdas: [...s.curve.lambdas],
        scores: s.curve.scores.map((row) => row.map((v) => (Number.isFinite(v) ? v : null))),
      },
      weights: Array.from(s.weights),
      scaler: s.scaler ? s.scaler.toJSON() : null,
    };
  }

  protected restore(fn: string, j: LsifJSON): this {
    const centres = rowsToMatrix(fn, j.centres, 'centres');
    const theta = numbersFrom(fn, j.theta, 'theta');
    if (theta.length !== centres.rows) throw new TypeError(`${fn}: theta has ${theta.length} entries, centres ${centres.rows} rows`);
    this.state = {
      sigma: j.sigma,
      lambda: j.lambda,
      centres,
      theta,
      curve: { sigmas: j.curve.sigmas, lambdas: j.curve.lambdas, scores: j.curve.scores.map((row) => row.map((v) => v ?? NaN)) },
      weights: numbersFrom(fn, j.weights, 'weights'),
      scaler: scalerFromJSON(j.scaler),
    };
    return this;
  }

  protected fitted(method: string): State {
    return checkFitted(this.state, this.kind, method);
  }
}

/**
 * uLSIF (Kanamori, Hido & Sugiyama 2009): unconstrained least-squares importance fitting — the squared error
 * ½E_s[(ŵ − w)²] minimised in closed form, with σ and λ by its closed-form leave-one-out score.
 */
export class ULSIF extends LeastSquaresRatio {
  readonly kind = 'ULSIF';
  readonly alpha = 0;

  constructor(options: LsifOptions = {}) {
    super('ULSIF', options);
  }

  static fromJSON(json: unknown): ULSIF {
    checkHeader('ULSIF.fromJSON', json, 'ULSIF', 1);
    const j = json as LsifJSON;
    return new ULSIF(j.options).restore('ULSIF.fromJSON', j);
  }
}

/**
 * RuLSIF (Yamada, Suzuki, Kanamori, Hachiya & Sugiyama 2011): the relative ratio p_t/(α·p_t + (1 − α)·p_s), which
 * stays below 1/α and so avoids the few huge weights plain ratios can give; closed form and LOO as uLSIF.
 */
export class RuLSIF extends LeastSquaresRatio {
  readonly kind = 'RuLSIF';
  readonly alpha: number;

  constructor(options: RuLSIFOptions = {}) {
    super('RuLSIF', options);
    const alpha = options.alpha ?? 0.1;
    if (typeof alpha !== 'number' || !(alpha >= 0 && alpha < 1)) throw new RangeError(`RuLSIF: alpha must be in [0, 1), got ${alpha}`);
    this.alpha = alpha;
  }

  static fromJSON(json: unknown): RuLSIF {
    checkHeader('RuLSIF.fromJSON', json, 'RuLSIF', 1);
    const j = json as LsifJSON;
    return new RuLSIF(j.options).restore('RuLSIF.fromJSON', j);
  }
}
