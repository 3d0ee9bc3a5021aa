import { Random, type DenseMatrix } from '@tlkit/tensor-core';
import { deepEmbeddedValidation } from '../src/label-free/deep-embedded-validation.js';
import { importanceWeightedCV, importanceWeightedRisk } from '../src/label-free/iwcv.js';
import { predictionEntropy } from '../src/label-free/prediction-entropy.js';
import { reverseValidation, type AdaptingFit } from '../src/label-free/reverse-validation.js';
import { softNeighbourhoodDensity } from '../src/label-free/soft-neighbourhood-density.js';

describe('importance-weighted validation (Sugiyama et al. 2007)', () => {
  it('is (1/n)Σ w ℓ, or Σ w ℓ / Σ w self-normalised', () => {
    expect(importanceWeightedRisk([1, 2, 3], [2, 0, 1])).toBeCloseTo((2 + 0 + 3) / 3, 14);
    expect(importanceWeightedRisk([1, 2, 3], [2, 0, 1], { selfNormalised: true })).toBeCloseTo(5 / 3, 14);
  });

  it('is unbiased for the target risk under covariate shift (a case with a known answer)', () => {
    // Source x ~ U(0, 1), target x ~ density 2x on (0, 1): w(x) = 2x. With loss ℓ(x) = x the target risk is
    // ∫ x·2x dx = 2/3 while the plain source average is 1/2.
    const rng = new Random(9);
    const x = Float64Array.from({ length: 200000 }, () => rng.next());
    const risk = importanceWeightedRisk(
      x,
      x.map((v) => 2 * v),
    );
    expect(Math.abs(risk - 2 / 3)).toBeLessThan(0.005);
  });

  it('IWCV pools the weighted held-out losses of every fold', () => {
    const folds = [
      { train: Int32Array.from([2, 3]), test: Int32Array.from([0, 1]) },
      { train: Int32Array.from([0, 1]), test: Int32Array.from([2, 3]) },
    ];
    // The "model" predicts the mean of its training targets; squared losses by hand: fold 1 predicts 3.5 for targets
    // 1, 2 (losses 6.25, 2.25); fold 2 predicts 1.5 for 3, 4 (2.25, 6.25).
    const y = [1, 2, 3, 4];
    const lossesOf = (train: Int32Array, test: Int32Array) => {
      const mean = Array.from(train, (i) => y[i]).reduce((a, b) => a + b, 0) / train.length;
      return Array.from(test, (i) => (y[i] - mean) ** 2);
    };
    expect(importanceWeightedCV(4, [1, 1, 1, 1], lossesOf, { folds })).toBeCloseTo(4.25, 14);
    expect(importanceWeightedCV(4, [2, 0, 0, 2], lossesOf, { folds })).toBeCloseTo((2 * 6.25 + 2 * 6.25) / 4, 14);
  });
});

describe('deep embedded validation (You et al. 2019)', () => {
  it('follows Algorithm 1 on a hand case', () => {
    // w = 0.5, 1, 2.5 and ℓ = 2, 1, 2 → L = 1, 1, 5; mean L = 7/3, mean w = 4/3; Σ(L − 7/3)(w − 4/3) = 14/3 and
    // Σ(w − 4/3)² = 13/6, so η = −28/13 and R = 7/3 + η·(4/3 − 1) = 21/13.
    const r = deepEmbeddedValidation([2, 1, 2], [0.5, 1, 2.5]);
    expect(r.eta).toBeCloseTo(-28 / 13, 14);
    expect(r.risk).toBeCloseTo(21 / 13, 14);
    expect(r.weightedRisk).toBeCloseTo(7 / 3, 14);
  });

  it('the control variate removes all variance when the loss is constant: R = the loss whatever the weights', () => {
    const rng = new Random(1);
    const w = Float64Array.from({ length: 50 }, () => 3 * rng.next());
    const r = deepEmbeddedValidation(new Float64Array(50).fill(0.7), w);
    expect(r.risk).toBeCloseTo(0.7, 12);
    expect(Math.abs(r.weightedRisk - 0.7)).toBeGreaterThan(1e-3);
  });

  it('reduces the spread of the importance-weighted estimate over repeated draws', () => {
    // Source x ~ U(0,1), w(x) = 2x as above, loss ℓ = 1 + x/2 + noise: the target risk is 1 + 1/3.
    const rng = new Random(2);
    const plain: number[] = [];
    const dev: number[] = [];
    for (let r = 0; r < 300; r++) {
      const x = Float64Array.from({ length: 40 }, () => rng.next());
      const losses = x.map((v) => 1 + v / 2 + 0.1 * rng.normal());
      const out = deepEmbeddedValidation(
        losses,
        x.map((v) => 2 * v),
      );
      plain.push(out.weightedRisk);
      dev.push(out.risk);
    }
    const spread = (v: number[]) => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
    };
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(spread(dev)).toBeLessThan(0.5 * spread(plain));
    expect(Math.abs(mean(dev) - 4 / 3)).toBeLessThan(0.02);
  });

  it('rejects bad input', () => {
    expect(() => deepEmbeddedValidation([1, 2], [1])).toThrow(/losses has 2 rows, weights has 1/);
    expect(() => deepEmbeddedValidation([1, 2], [1, -1])).toThrow(/negative or non-finite value \(-1\) at row 1/);
  });
});

describe('reverse validation (Zhong et al. 2010)', () => {
  const row = (v: number[]): DenseMatrix => ({ rows: v.length, cols: 1, data: Float64Array.from(v) });
  // A one-nearest-neighbour "method": it ignores the unlabelled rows.
  const nearest: AdaptingFit = (X, y) => (Z) =>
    Array.from({ length: Z.rows }, (_, i) => {
      let best = 0;
      for (let j = 1; j < X.rows; j++) if (Math.abs(X.data[j] - Z.data[i]) < Math.abs(X.data[best] - Z.data[i])) best = j;
      return y[best];
    });
  const folds = [
    { train: Int32Array.from([1, 2, 3]), test: Int32Array.from([0]) },
    { train: Int32Array.from([0, 2, 3]), test: Int32Array.from([1]) },
    { train: Int32Array.from([0, 1, 3]), test: Int32Array.from([2]) },
    { train: Int32Array.from([0, 1, 2]), test: Int32Array.from([3]) },
  ];

  it('scores the round trip source → target → source on a hand case', () => {
    // Source: 0 → a, 1 → a, 10 → b, 11 → b; target rows 0.4 and 10.6.
    // Fold 1 (hold out 0): forward 1-NN labels 0.4 → a (nearest 1), 10.6 → b; reverse labels 0 → a: right.
    // Every fold is right the same way: RV error 0.
    const Xs = row([0, 1, 10, 11]);
    const Xt = row([0.4, 10.6]);
    expect(reverseValidation(Xs, ['a', 'a', 'b', 'b'], Xt, nearest, { folds })).toBe(0);
    // A method that swaps a and b labels the target wrongly, but the reverse run swaps again on the way back: a
    // consistent relabelling is invisible to circular validation (its known blind spot).
    const swapped: AdaptingFit = (X, y, u) => {
      const f = nearest(X, y, u);
      return (Z) => Array.from(f(Z) as readonly unknown[], (l) => (l === 'a' ? 'b' : 'a'));
    };
    expect(reverseValidation(Xs, ['a', 'a', 'b', 'b'], Xt, swapped, { folds })).toBe(0);
    // A method that labels every target row a: the reverse model says a everywhere, wrong for 10 and 11.
    const constant: AdaptingFit = () => (Z) => Array.from({ length: Z.rows }, () => 'a');
    expect(reverseValidation(Xs, ['a', 'a', 'b', 'b'], Xt, constant, { folds })).toBe(0.5);
  });

  it('uses squared error for numeric labels', () => {
    const Xs = row([0, 1]);
    const Xt = row([0.2]);
    const mean: AdaptingFit = (_X, y) => (Z) => new Float64Array(Z.rows).fill((y as Float64Array).reduce((a, b) => a + b, 0) / y.length);
    const twoFolds = [
      { train: Int32Array.from([1]), test: Int32Array.from([0]) },
      { train: Int32Array.from([0]), test: Int32Array.from([1]) },
    ];
    // Fold 1: forward predicts 3 for the target, reverse predicts 3 for row 0 (truth 1): loss 4. Fold 2: 1 vs 3: loss 4.
    expect(reverseValidation(Xs, Float64Array.from([1, 3]), Xt, mean, { folds: twoFolds })).toBe(4);
  });
});

describe('prediction entropy and soft neighbourhood density (Saito et al. 2021)', () => {
  it('entropy: log K for uniform predictions, 0 for one-hot, by hand between', () => {
    expect(predictionEntropy([[0.25, 0.25, 0.25, 0.25]])).toBeCloseTo(Math.log(4), 14);
    expect(
      predictionEntropy([
        [1, 0, 0],
        [0, 0, 1],
      ]),
    ).toBe(0);
    expect(
      predictionEntropy([
        [0.5, 0.5],
        [1, 0],
      ]),
    ).toBeCloseTo(Math.log(2) / 2, 14);
  });

  it('SND: log(n − 1) when all rows agree; by hand for two tight clusters', () => {
    expect(
      softNeighbourhoodDensity([
        [0.2, 0.8],
        [0.2, 0.8],
        [0.2, 0.8],
        [0.2, 0.8],
      ]),
    ).toBeCloseTo(Math.log(3), 12);
    // Rows e1, e1, e2, e2 with τ = 0.05: each row sees one neighbour at similarity 1/τ = 20 and two at 0, so its
    // neighbour distribution is (e²⁰, 1, 1)/(e²⁰ + 2) and SND is that distribution's entropy.
    const z = Math.exp(20) + 2;
    const p = [Math.exp(20) / z, 1 / z, 1 / z];
    const h = -p.reduce((s, q) => s + q * Math.log(q), 0);
    expect(
      softNeighbourhoodDensity([
        [1, 0],
        [1, 0],
        [0, 1],
        [0, 1],
      ]),
    ).toBeCloseTo(h, 12);
    // A higher temperature spreads the neighbour distribution: more entropy.
    expect(
      softNeighbourhoodDensity(
        [
          [1, 0],
          [1, 0],
          [0, 1],
          [0, 1],
        ],
        { temperature: 1 },
      ),
    ).toBeGreaterThan(h);
  });

  it('rejects bad input', () => {
    expect(() => softNeighbourhoodDensity([[1, 0]])).toThrow(/at least 2 rows/);
    expect(() =>
      softNeighbourhoodDensity([
        [0, 0],
        [1, 0],
      ]),
    ).toThrow(/row 0 is zero/);
    expect(() => predictionEntropy([[1.2, -0.2]])).toThrow(/negative or missing value/);
  });
});
