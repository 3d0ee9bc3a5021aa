import {
  assertSameRows,
  ShapeMismatchError,
  toDenseMatrix,
  toTargetMatrix,
  type MatrixInput,
  type VectorInput,
} from '@tlkit/tensor-core';
import { centringOf } from './internal/centering.js';
import { kernels } from './internal/kernels.js';
import { solveNormalEquations } from './internal/solve.js';
import { checkSampleWeight } from './internal/validate.js';
import type { FitOptions } from './fit-input.js';
import { RidgeRegression, type RidgeRegressionOptions } from './ridge-regression.js';
import { normalizePrior } from './prior.js';

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

  /** Rows added so far. */
  get rows(): number {
    return this.rowsSeen;
  }

  add(X: MatrixInput, y: VectorInput | MatrixInput, options: FitOptions = {}): this {
    const fn = 'RidgeAccumulator.add';
    const Xm = toDenseMatrix(X, { fn, arg: 'X' });
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
    } else if (Xm.cols !== this.d || Y.cols !== this.k) {
      throw new ShapeMismatchError(
        `${fn}: chunk has ${Xm.cols} columns and ${Y.cols} outputs, earlier chunks had ${this.d} and ${this.k}`,
      );
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
    for (let j = 0; j < d; j++) this.xMean[j] += (dx[j] * nb) / n;
    for (let c = 0; c < k; c++) this.yMean[c] += (dy[c] * nb) / n;
    this.count = n;
    this.rowsSeen += Xm.rows;
    return this;
  }

  /** A RidgeRegression fitted on everything added, exactly as `new RidgeRegression(options).fit(allX, allY)`. */
  fit(options: RidgeRegressionOptions = {}): RidgeRegression {
    if (this.d < 0) throw new RangeError('RidgeAccumulator.fit: no rows were added');
    const model = new RidgeRegression(options);
    const { d, k } = this;
    const fitIntercept = model.fitIntercept;
    // Without an intercept the raw moments are needed: ΣxxᵀW = M + n·x̄x̄ᵀ.
    const G = this.Mxx.slice();
    const B = this.Mxy.slice();
    if (!fitIntercept) {
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) G[a * d + b] += this.count * this.xMean[a] * this.xMean[b];
        for (let c = 0; c < k; c++) B[a * k + c] += this.count * this.xMean[a] * this.yMean[c];
      }
    }
    const prior = options.prior ? normalizePrior('RidgeAccumulator.fit', options.prior, d, k) : undefined;
    if (prior) {
      // Residual targets r = y − X·w0ᵀ (− b0 without intercept): B ← B − G·W0ᵀ (− n·x̄·b0ᵀ).
      for (let a = 0; a < d; a++) {
        for (let c = 0; c < k; c++) {
          let s = 0;
          for (let b = 0; b < d; b++) s += G[a * d + b] * prior.W0.data[c * d + b];
          if (!fitIntercept) s += this.count * this.xMean[a] * prior.b0[c];
          B[a * k + c] -= s;
        }
      }
    }
    const V = solveNormalEquations({ rows: d, cols: d, data: G }, { rows: d, cols: k, data: B }, model.alpha, model.solver);
    const coef = new Float64Array(k * d);
    const intercept = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      let b = fitIntercept ? this.yMean[c] : prior ? prior.b0[c] : 0;
      for (let j = 0; j < d; j++) {
        const w = (prior ? prior.W0.data[c * d + j] : 0) + V.data[j * k + c];
        coef[c * d + j] = w;
        if (fitIntercept) b -= this.xMean[j] * w;
      }
      intercept[c] = b;
    }
    return RidgeRegression.fromSolution(options, { coef: { rows: k, cols: d, data: coef }, intercept, isVector: this.isVector }, prior);
  }
}
