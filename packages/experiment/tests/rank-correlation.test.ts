import { averageRanks, kendallTau, spearman } from '../src/rank-correlation.js';
import { probabilitiesFromDecision } from '../src/label-free/decision-probabilities.js';

describe('rank correlations', () => {
  it('match scipy.stats.spearmanr and kendalltau (1.10), ties included', () => {
    // Reference values printed by scipy 1.10 for these series.
    const a = [3, 1, 4, 1, 5, 9, 2, 6];
    const b = [2, 7, 1, 8, 2, 8, 1, 8];
    expect(spearman(a, b)).toBeCloseTo(0.19885368120992467, 14);
    expect(kendallTau(a, b)).toBeCloseTo(0.16051447078102563, 14);
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681233, 14);
    expect(kendallTau([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.7378647873726218, 14);
  });

  it('are ±1 for monotone series and NaN for a constant one', () => {
    expect(spearman([1, 2, 3], [10, 20, 40])).toBeCloseTo(1, 14);
    expect(kendallTau([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 14);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(Array.from(averageRanks([10, 20, 10, 30]))).toEqual([1.5, 3, 1.5, 4]);
    expect(() => spearman([1, 2], [1])).toThrow(/2 and 1 values/);
  });
});

describe('probabilitiesFromDecision', () => {
  it('is scikit-learn’s one-vs-rest logistic, normalised per row', () => {
    const P = probabilitiesFromDecision([[0, Math.log(3)]]);
    // σ(0) = 1/2, σ(log 3) = 3/4 → normalised 0.4, 0.6.
    expect(P.data[0]).toBeCloseTo(0.4, 14);
    expect(P.data[1]).toBeCloseTo(0.6, 14);
  });
});
