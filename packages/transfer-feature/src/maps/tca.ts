import {
  backSubstituteTransposed,
  checkOneOf,
  cholesky,
  forwardSubstitute,
  matmul,
  Random,
  symmetricEigen,
  takeRows,
  transpose,
  type DenseMatrix,
  type MatrixInput,
} from '@tlkit/tensor-core';
import type { FeatureMap, FeatureMapFitOptions, FeatureMapJSON } from '../feature-map.js';
import { checkFitted, matrixToRows, rowsOf, rowsToMatrix } from '../internal/statistics.js';

export type TcaKernel = 'linear' | 'rbf';

export interface TcaOptions {
  /** Dimension of the learnt space (default 10, at most the number of kept rows). */
  readonly components?: number;
  readonly kernel?: TcaKernel;
  /** RBF width γ in exp(−γ‖x − y‖²); default 1/(d·variance of the data), scikit-learn's 'scale'. */
  readonly gamma?: number;
  /** Trade-off μ between matching the domains and keeping variance (default 1). */
  readonly mu?: number;
  /**
   * At most this many rows (source and target together, in proportion) enter the n×n kernel: TCA's cost grows as n³,
   * so larger sets are subsampled with the seed (default 500).
   */
  readonly maxSamples?: number;
  readonly seed?: number;
}

export interface TcaJSON extends FeatureMapJSON {
  readonly kind: 'TCA';
  readonly version: 1;
  readonly kernel: TcaKernel;
  readonly gamma: number;
  readonly mu: number;
  readonly basis: number[][];
  readonly weights: number[][];
}

interface State {
  basis: DenseMatrix;
  W: DenseMatrix;
  gamma: number;
}

/**
 * Transfer component analysis (Pan, Tsang, Kwok & Yang 2011): a kernel embedding x ↦ k(x, Z)·W whose W maximises
 * the variance kept (KHK) under a bound on the domains' maximum mean discrepancy (KLK + μI): the leading
 * generalised eigenvectors of KHK·w = λ(KLK + μI)·w, solved through a Cholesky factor of KLK + μI.
 */
export class TCA implements FeatureMap {
  readonly kind = 'TCA';
  readonly components: number;
  readonly kernel: TcaKernel;
  readonly mu: number;
  readonly maxSamples: number;
  readonly seed: number;
  private readonly gammaOption: number | undefined;
  private state: State | undefined;

  constructor(options: TcaOptions = {}) {
    const fn = 'TCA';
    this.components = options.components ?? 10;
    this.kernel = checkOneOf(fn, 'kernel', options.kernel ?? 'linear', ['linear', 'rbf']);
    this.mu = options.mu ?? 1;
    this.maxSamples = options.maxSamples ?? 500;
    this.seed = options.seed ?? 0;
    this.gammaOption = options.gamma;
    if (!Number.isInteger(this.components) || this.components < 1)
      throw new RangeError(`${fn}: components must be a positive integer, got ${this.components}`);
    if (!(this.mu > 0)) throw new RangeError(`${fn}: mu must be > 0, got ${this.mu}`);
    if (!Number.isInteger(this.maxSamples) || this.maxSamples < 4)
      throw new RangeError(`${fn}: maxSamples must be an integer ≥ 4, got ${this.maxSamples}`);
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  get outputDim(): number {
    return checkFitted(this.state, 'TCA', 'outputDim').W.cols;
  }

  fit(source: MatrixInput, options: FeatureMapFitOptions = {}): this {
    const fn = 'TCA.fit';
    if (options.targetUnlabeled === undefined) throw new TypeError(`${fn}: TCA needs unlabelled target rows (targetUnlabeled)`);
    let Xs = rowsOf(fn, source, undefined, 'source');
    let Xt = rowsOf(fn, options.targetUnlabeled, Xs.cols, 'targetUnlabeled');
    const rng = new Random(this.seed);
    const total = Xs.rows + Xt.rows;
    if (total > this.maxSamples) {
      const ns = Math.max(2, Math.min(Xs.rows, Math.round((this.maxSamples * Xs.rows) / total)));
      const nt = Math.max(2, Math.min(Xt.rows, this.maxSamples - ns));
      Xs = takeRows(Xs, rng.sample(Xs.rows, ns));
      Xt = takeRows(Xt, rng.sample(Xt.rows, nt));
    }
    const ns = Xs.rows;
    const nt = Xt.rows;
    const n = ns + nt;
    if (this.components > n - 1) throw new RangeError(`${fn}: ${this.components} components asked, but ${n} rows allow at most ${n - 1}`);
    const basis: DenseMatrix = { rows: n, cols: Xs.cols, data: new Float64Array(n * Xs.cols) };
    basis.data.set(Xs.data, 0);
    basis.data.set(Xt.data, Xs.data.length);
    const gamma = this.gammaOption ?? scaleGamma(basis);
    const K = kernelMatrix(basis, basis, this.kernel, gamma);
    // L: the MMD between the domains' means in feature space is tr(KL).
    const Lvec = Float64Array.from({ length: n }, (_, i) => (i < ns ? 1 / ns : -1 / nt));
    const KL = new Float64Array(n); // K·l, since L = l·lᵀ
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += K.data[i * n + j] * Lvec[j];
      KL[i] = s;
    }
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = KL[i] * KL[j] + (i === j ? this.mu : 0);
    // KHK = KK − (K1)(K1)ᵀ/n
    const KK = matmul(K, K);
    const K1 = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) K1[i] += K.data[i * n + j];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) KK.data[i * n + j] -= (K1[i] * K1[j]) / n;
    const chol = cholesky({ rows: n, cols: n, data: A });
    if (!chol) throw new RangeError(`${fn}: KLK + μI is not positive definite; increase mu`);
    const Y = forwardSubstitute(chol, KK);
    const C = forwardSubstitute(chol, transpose(Y));
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) C.data[i * n + j] = C.data[j * n + i] = (C.data[i * n + j] + C.data[j * n + i]) / 2;
    const { vectors } = symmetricEigen(C);
    const m = this.components;
    const V = new Float64Array(n * m);
    for (let r = 0; r < n; r++) for (let c = 0; c < m; c++) V[r * m + c] = vectors.data[r * n + (n - 1 - c)];
    const W = backSubstituteTransposed(chol, { rows: n, cols: m, data: V });
    fixSigns(W);
    this.state = { basis, W, gamma };
    return this;
  }

  transform(X: MatrixInput): DenseMatrix {
    const s = checkFitted(this.state, 'TCA', 'transform');
    const m = rowsOf('TCA.transform', X, s.basis.cols);
    return matmul(kernelMatrix(m, s.basis, this.kernel, s.gamma), s.W);
  }

  toJSON(): TcaJSON {
    const s = checkFitted(this.state, 'TCA', 'toJSON');
    return {
      kind: 'TCA',
      version: 1,
      kernel: this.kernel,
      gamma: s.gamma,
      mu: this.mu,
      basis: matrixToRows(s.basis),
      weights: matrixToRows(s.W),
    };
  }

  static fromJSON(json: TcaJSON): TCA {
    const W = rowsToMatrix(json.weights, 'TCA.fromJSON');
    const tca = new TCA({ components: Math.max(1, W.cols), kernel: json.kernel, gamma: json.gamma, mu: json.mu });
    tca.state = { basis: rowsToMatrix(json.basis, 'TCA.fromJSON'), W, gamma: json.gamma };
    return tca;
  }
}

function scaleGamma(X: DenseMatrix): number {
  let mean = 0;
  for (const v of X.data) mean += v;
  mean /= X.data.length;
  let variance = 0;
  for (const v of X.data) variance += (v - mean) ** 2;
  variance /= X.data.length;
  return variance > 0 ? 1 / (X.cols * variance) : 1;
}

function kernelMatrix(A: DenseMatrix, B: DenseMatrix, kernel: TcaKernel, gamma: number): DenseMatrix {
  const d = A.cols;
  const out = new Float64Array(A.rows * B.rows);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.rows; j++) {
      let s = 0;
      if (kernel === 'linear') for (let k = 0; k < d; k++) s += A.data[i * d + k] * B.data[j * d + k];
      else {
        for (let k = 0; k < d; k++) s += (A.data[i * d + k] - B.data[j * d + k]) ** 2;
        s = Math.exp(-gamma * s);
      }
      out[i * B.rows + j] = s;
    }
  }
  return { rows: A.rows, cols: B.rows, data: out };
}

/** Each column with its largest-magnitude entry positive, for reproducible embeddings. */
function fixSigns(W: DenseMatrix): void {
  for (let c = 0; c < W.cols; c++) {
    let big = 0;
    for (let r = 0; r < W.rows; r++) if (Math.abs(W.data[r * W.cols + c]) > Math.abs(big)) big = W.data[r * W.cols + c];
    if (big < 0) for (let r = 0; r < W.rows; r++) W.data[r * W.cols + c] = -W.data[r * W.cols + c];
  }
}
