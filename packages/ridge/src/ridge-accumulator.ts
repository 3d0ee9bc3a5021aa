import {
  assertSameRows,
  ShapeMismatchError,
  toDenseMatrix,
  type DenseMatrix,
  toTargetMatrix,
  type MatrixInput,
  type VectorInput,
} from '@tlkit/tensor-core';
import { centringOf } from './internal/centering.js';
import { kernels } from './internal/kernels.js';
import { solveNormalEquations, type RidgeSolver } from './internal/solve.js';
import { gramSpectrum } from './internal/spectrum.js';
import { checkSampleWeight } from './internal/validate.js';
import type { FitOptions } from './fit-input.js';
import { assembleSolution, type LinearSolution } from './linear-model.js';
import { RidgeCV, selectAlphaFromMoments, type RidgeCVOptions } from './ridge-cv.js';
import { RidgeRegression, type RidgeRegressionOptions } from './ridge-regression.js';
import { normalizePrior, type NormalizedPrior, type RidgePrior } from './prior.js';
import { checkRidgeMoments, type RidgeMoments } from './ridge-moments.js';

/**
 * Sufficient statistics of ridge gathered chunk by chunk, for data larger than memory: the weighted count,
 * means, and centred co-moments Σ(x−x̄)(x−x̄)ᵀ and Σ(x−x̄)(y−ȳ)ᵀ, merged with Chan, Golub & LeVeque's pairwise
 * update so that no precision is lost to large means. The fit then equals the one-shot fit.
 *
 * ```ts
 * const acc = new RidgeAccumulator();
 * for (const chunk of chunks) acc.add(chunk.X, chunk.y);
 * const model = acc.fit({ alpha: 1 });
 * ```
 */
export class RidgeAccumulator {
  private count = 0;
  private rowsSeen = 0;
  private d = -1;
  private k = -1;
  private isVector = true;
  private xMean = new Float64Array(0);
  private yMean = new Float64Array(0);
  private Mxx = new Float64Array(0);
  private Mxy = new Float64Array(0);
  /** Σ w(y − ȳ)² per output. */
  private Myy = new Float64Array(0);
  private logWeightSum = 0;

  /** Rows added so far. */
  get rows(): number {
    return this.rowsSeen;
  }

  /**
   * An accumulator holding moments computed elsewhere (e.g. by one SQL query over a warehouse table): `fit` and
   * `fitCV` then give what they would after `add` of the rows themselves; `add` merges more rows in.
   */
  static fromMoments(moments: RidgeMoments): RidgeAccumulator {
    const { d, k } = checkRidgeMoments('RidgeAccumulator.fromMoments', moments);
    const acc = new RidgeAccumulator();
    acc.d = d;
    acc.k = k;
    acc.isVector = moments.isVector ?? k === 1;
    acc.count = moments.weightSum;
    acc.rowsSeen = moments.rows;
    acc.logWeightSum = moments.logWeightSum;
    acc.xMean = Float64Array.from(moments.xMean);
    acc.yMean = Float64Array.from(moments.yMean);
    acc.Mxx = Float64Array.from(moments.Sxx);
    acc.Mxy = Float64Array.from(moments.Sxy);
    acc.Myy = Float64Array.from(moments.Syy);
    return acc;
  }

  /** The moments gathered so far (copies), as `fromMoments` takes them. */
  toMoments(): RidgeMoments {
    if (this.d < 0) throw new RangeError('RidgeAccumulator.toMoments: no rows were added');
    return {
      rows: this.rowsSeen,
      weightSum: this.count,
      logWeightSum: this.logWeightSum,
      xMean: this.xMean.slice(),
      yMean: this.yMean.slice(),
      Sxx: this.Mxx.slice(),
      Sxy: this.Mxy.slice(),
      Syy: this.Myy.slice(),
      isVector: this.isVector,
    };
  }

  add(X: MatrixInput, y: VectorInput | MatrixInput, options: FitOptions = {}): this {
    const fn = 'RidgeAccumulator.add';
    const Xm = toDenseMatrix(X, { fn, arg: 'X', borrow: true });
    const target = toTargetMatrix(y, { fn, arg: 'y' });
    const Y = target.matrix;
    assertSameRows(fn, { name: 'y', rows: Y.rows }, { name: 'X', rows: Xm.rows });
    if (this.d < 0) {
      this.d = Xm.cols;
      this.k = Y.cols;
      this.isVector = target.isVector;
      this.xMean = new Float64Array(this.d);
      this.yMean = new Float64Array(this.k);
      this.Mxx = new Float64Array(this.d * this.d);
      this.Mxy = new Float64Array(this.d * this.k);
      this.Myy = new Float64Array(this.k);
    } else if (Xm.cols !== this.d || Y.cols !== this.k) {
      throw new ShapeMismatchError(`${fn}: chunk has ${Xm.cols} columns and ${Y.cols} outputs, earlier chunks had ${this.d} and ${this.k}`);
    }
    const w = checkSampleWeight(fn, options.sampleWeight, Xm.rows);
    const chunk = centringOf(Xm, Y, true, w);
    const normal = kernels().normalEquations(Xm, Y, chunk.x, chunk.y);
    const Gb = normal.G.data;
    const Cb = normal.B.data;
    const na = this.count;
    const nb = chunk.weightSum;
    const n = na + nb;
    const f = (na * nb) / n;
    const { d, k } = this;
    const dx = Float64Array.from(chunk.xMean, (v, j) => v - this.xMean[j]);
    const dy = Float64Array.from(chunk.yMean, (v, c) => v - this.yMean[c]);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) this.Mxx[a * d + b] += Gb[a * d + b] + f * dx[a] * dx[b];
      for (let c = 0; c < k; c++) this.Mxy[a * k + c] += Cb[a * k + c] + f * dx[a] * dy[c];
    }
    for (let c = 0; c < k; c++) {
      let squares = 0;
      for (let i = 0; i < Y.rows; i++) squares += (w ? w[i] : 1) * (Y.data[i * k + c] - chunk.yMean[c]) ** 2;
      this.Myy[c] += squares + f * dy[c] * dy[c];
    }
    if (w) for (let i = 0; i < w.length; i++) this.logWeightSum += Math.log(w[i]);
    for (let j = 0; j < d; j++) this.xMean[j] += (dx[j] * nb) / n;
    for (let c = 0; c < k; c++) this.yMean[c] += (dy[c] * nb) / n;
    this.count = n;
    this.rowsSeen += Xm.rows;
    return this;
  }

  /** A RidgeRegression fitted on everything added, exactly as `new RidgeRegression(options).fit(allX, allY)`. */
  fit(options: RidgeRegressionOptions = {}): RidgeRegression {
    const fn = 'RidgeAccumulator.fit';
    const model = new RidgeRegression(options);
    const moments = this.moments(fn, model.fitIntercept, options.prior);
    const solution = this.solve(moments, model.alpha, model.solver, model.fitIntercept);
    return RidgeRegression.fromSolution(options, solution, moments.prior);
  }

  /**
   * A RidgeCV with alpha chosen from the streamed statistics, exactly as `new RidgeCV(options).fit(allX, allY)`:
   * `cv` 'evidence' (the default here) or 'gcv', the criteria that need only second moments (leave-one-out and
   * k-fold CV need the rows themselves).
   */
  fitCV(options: RidgeCVOptions = {}): RidgeCV {
    const fn = 'RidgeAccumulator.fitCV';
    const cv = options.cv ?? 'evidence';
    if (cv !== 'evidence' && cv !== 'gcv') {
      throw new RangeError(`${fn}: cv must be 'evidence' or 'gcv' (leave-one-out and k-fold CV need the rows), got ${JSON.stringify(cv)}`);
    }
    const template = new RidgeCV({ ...options, cv });
    const moments = this.moments(fn, template.fitIntercept, options.prior);
    const { s, vectors: P } = gramSpectrum(moments.G, this.rowsSeen);
    const { d, k } = this;
    const m = s.length;
    // Qᵀr = diag(1/√s)·Pᵀ·Xcᵀr: the projections the criteria need, from XcᵀR alone.
    const QtR = new Float64Array(m * k);
    for (let j = 0; j < m; j++) {
      const scale = 1 / Math.sqrt(s[j]);
      for (let c = 0; c < k; c++) {
        let t = 0;
        for (let a = 0; a < d; a++) t += P.data[a * m + j] * moments.B[a * k + c];
        QtR[j * k + c] = scale * t;
      }
    }
    const input = {
      s,
      targetSquares: moments.targetSquares,
      rows: this.rowsSeen,
      weightSum: this.count,
      logWeightSum: this.logWeightSum,
      fitIntercept: template.fitIntercept,
    };
    const chosen = selectAlphaFromMoments(cv, template.alphaGrid, input, { rows: m, cols: k, data: QtR }, d);
    const solution = this.solve(moments, chosen.alpha, template.solver, template.fitIntercept);
    return RidgeCV.fromSelection({ ...options, cv }, solution, chosen, moments.prior);
  }

  /**
   * The normal equations of the residual targets r = y − X·w0ᵀ (− b0 without intercept): G = XcᵀXc, B = Xcᵀr and
   * Σ r² per output, centred when the intercept is fitted and raw (about zero) otherwise.
   */
  private moments(fn: string, fitIntercept: boolean, rawPrior: RidgePrior | undefined): Moments {
    if (this.d < 0) throw new RangeError(`${fn}: no rows were added`);
    const { d, k, count: n, xMean, yMean } = this;
    const G = this.Mxx.slice();
    const B = this.Mxy.slice();
    const targetSquares = this.Myy.slice();
    if (!fitIntercept) {
      // Raw moments about zero: ΣwxxᵀW = M + n·x̄x̄ᵀ, and so on.
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) G[a * d + b] += n * xMean[a] * xMean[b];
        for (let c = 0; c < k; c++) B[a * k + c] += n * xMean[a] * yMean[c];
      }
      for (let c = 0; c < k; c++) targetSquares[c] += n * yMean[c] * yMean[c];
    }
    const prior = rawPrior ? normalizePrior(fn, rawPrior, d, k) : undefined;
    if (prior) {
      const W0 = prior.W0.data;
      for (let c = 0; c < k; c++) {
        // Σ r² = Σ y² − 2·w0ᵀB + w0ᵀGw0, plus the fixed intercept's terms without a fitted intercept.
        let wB = 0;
        let wGw = 0;
        let wMean = 0;
        for (let a = 0; a < d; a++) {
          let Gw = 0;
          for (let b = 0; b < d; b++) Gw += G[a * d + b] * W0[c * d + b];
          wB += W0[c * d + a] * B[a * k + c];
          wGw += W0[c * d + a] * Gw;
          wMean += W0[c * d + a] * xMean[a];
        }
        targetSquares[c] += wGw - 2 * wB;
        if (!fitIntercept) targetSquares[c] += n * prior.b0[c] * prior.b0[c] - 2 * n * prior.b0[c] * (yMean[c] - wMean);
      }
      // B ← B − G·W0ᵀ (− n·x̄·b0ᵀ).
      const shifted = B.slice();
      for (let a = 0; a < d; a++) {
        for (let c = 0; c < k; c++) {
          let t = 0;
          for (let b = 0; b < d; b++) t += G[a * d + b] * W0[c * d + b];
          if (!fitIntercept) t += n * xMean[a] * prior.b0[c];
          shifted[a * k + c] -= t;
        }
      }
      return { G: { rows: d, cols: d, data: G }, B: shifted, targetSquares, prior };
    }
    return { G: { rows: d, cols: d, data: G }, B, targetSquares, prior };
  }

  private solve(moments: Moments, alpha: number, solver: RidgeSolver, fitIntercept: boolean): LinearSolution {
    const { d, k, xMean, yMean } = this;
    const { prior } = moments;
    const V = solveNormalEquations(moments.G, { rows: d, cols: k, data: moments.B }, alpha, solver);
    // The mean of the residual targets r = y − X·w0ᵀ is ȳ − x̄ᵀw0.
    const residualMean = Float64Array.from(yMean, (m, c) => {
      let r = m;
      if (prior) for (let j = 0; j < d; j++) r -= xMean[j] * prior.W0.data[c * d + j];
      return r;
    });
    return { ...assembleSolution(V, prior, fitIntercept, xMean, residualMean), isVector: this.isVector };
  }
}

interface Moments {
  readonly G: DenseMatrix;
  readonly B: Float64Array;
  readonly targetSquares: Float64Array;
  readonly prior: NormalizedPrior | undefined;
}
