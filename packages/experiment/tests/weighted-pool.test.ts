import { Random, vstack, zeros, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV } from '@tlkit/ridge';
import { choosePoolWeights, fitPool, poolStatistics, predictPool, solvePool, weightedStatistics } from '../src/methods/weighted-pool.js';

const fitStats = (stats: ReturnType<typeof poolStatistics>[], weights: readonly number[], X = Xl, Y = Yl) =>
  weightedStatistics(stats, weights, poolStatistics(X, Y));
import { leverages, looOutputs } from '../src/methods/ridge-loo.js';

const d = 5;
const rng = new Random(11);
function rows(n: number): DenseMatrix {
  const X = zeros(n, d);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.normal();
  return X;
}
function ys(X: DenseMatrix, w: readonly number[]): DenseMatrix {
  return {
    rows: X.rows,
    cols: 1,
    data: Float64Array.from({ length: X.rows }, (_, i) => w.reduce((s, v, j) => s + v * X.data[i * d + j], 1) + 0.3 * rng.normal()),
  };
}
const W = [1, -2, 0.5, 0, 1.5];
const same = rows(120);
const other = rows(80);
const Ysame = ys(same, W);
const Yother = ys(other, [-1, 1, -2, 2, 0]);
const Xl = rows(10);
const Yl = ys(Xl, W);

describe('pooling with per-source weights', () => {
  it('solves the weighted ridge of RidgeCV with sample weights (intercept unpenalised)', () => {
    const weights = [0.3, 0.05];
    const alpha = 2.5;
    const s = solvePool(
      (() => {
        const stats = [poolStatistics(same, Ysame), poolStatistics(other, Yother)];
        return fitStats(stats, weights);
      })(),
      alpha,
    );
    const sampleWeight = Float64Array.from([
      ...new Array<number>(120).fill(0.3),
      ...new Array<number>(80).fill(0.05),
      ...new Array<number>(10).fill(1),
    ]);
    const ridge = new RidgeCV({ alphas: [alpha] }).fit(
      vstack([same, other, Xl]),
      Float64Array.from([...Ysame.data, ...Yother.data, ...Yl.data]),
      {
        sampleWeight,
      },
    );
    expect(s).toBeDefined();
    for (let j = 0; j < d; j++) expect(s?.coef[j]).toBeCloseTo(ridge.coefMatrix.data[j], 9);
    expect(s?.intercept[0]).toBeCloseTo(ridge.intercept as number, 9);
  });

  it('its closed-form leave-one-out equals refitting without each labelled row', () => {
    const stats = [poolStatistics(same, Ysame), poolStatistics(other, Yother)];
    const weights = [0.2, 0.1];
    const alpha = 1.7;
    const all = fitStats(stats, weights);
    const s = solvePool(all, alpha);
    if (!s) throw new Error('singular');
    const loo = looOutputs(predictPool(s, Xl), Yl, leverages(all.moments, alpha, Xl));
    for (let i = 0; i < Xl.rows; i++) {
      const keep = [...Array(Xl.rows).keys()].filter((r) => r !== i);
      const X = { rows: keep.length, cols: d, data: Float64Array.from(keep.flatMap((r) => [...Xl.data.subarray(r * d, (r + 1) * d)])) };
      const Y = { rows: keep.length, cols: 1, data: Float64Array.from(keep.map((r) => Yl.data[r])) };
      const refit = solvePool(fitStats(stats, weights, X, Y), alpha);
      if (!refit) throw new Error('singular');
      expect(loo.data[i]).toBeCloseTo(predictPool(refit, { rows: 1, cols: d, data: Xl.data.subarray(i * d, (i + 1) * d) }).data[0], 9);
    }
  });

  it('weights the source with the target’s rule and leaves the unrelated one out, on the labelled rows alone', () => {
    const stats = [poolStatistics(other, Yother), poolStatistics(same, Ysame)];
    const choice = choosePoolWeights(stats, Xl, Yl);
    expect(choice.weights[0]).toBe(0);
    expect(choice.weights[1]).toBeGreaterThan(0);
    const fitted = fitPool(stats, Xl, Yl, choice);
    const Xtest = rows(300);
    const Ytest = ys(Xtest, W);
    const mse = (P: DenseMatrix) => P.data.reduce((a, v, i) => a + (v - Ytest.data[i]) ** 2, 0) / P.rows;
    const targetOnly = fitPool(stats, Xl, Yl, { weights: [0, 0], alpha: choice.alpha, looMse: NaN });
    expect(mse(predictPool(fitted, Xtest))).toBeLessThan(mse(predictPool(targetOnly, Xtest)));
  });
});
