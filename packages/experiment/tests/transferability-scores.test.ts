import { Random } from '@tlkit/tensor-core';
import { hScore } from '../src/transferability/h-score.js';
import { leep } from '../src/transferability/leep.js';
import { nce } from '../src/transferability/nce.js';

describe('LEEP (Nguyen et al. 2020)', () => {
  it('equals the paper’s formula on a hand case', () => {
    // θ = source class probabilities; joint P(a,z1) = 1.4/3, P(a,z2) = 0.6/3, P(b,z1) = 0.1/3, P(b,z2) = 0.9/3;
    // P(z1) = P(z2) = 1.5/3; so P(a|z1) = 1.4/1.5, P(a|z2) = 0.6/1.5, P(b|z1) = 0.1/1.5, P(b|z2) = 0.9/1.5 and the
    // expected empirical predictions are 1.24/1.5, 1.08/1.5 and 0.82/1.5.
    const r = leep(
      [
        [0.8, 0.2],
        [0.6, 0.4],
        [0.1, 0.9],
      ],
      ['a', 'a', 'b'],
    );
    expect(r.leep).toBeCloseTo((Math.log(1.24 / 1.5) + Math.log(1.08 / 1.5) + Math.log(0.82 / 1.5)) / 3, 14);
    expect(r.classes).toEqual(['a', 'b']);
    expect(r.conditional[0][0]).toBeCloseTo(1.4 / 1.5, 14);
    expect(r.conditional[1][1]).toBeCloseTo(0.9 / 1.5, 14);
  });

  it('is 0 when the source classes map one-to-one onto the target classes, log ½ when the source says nothing', () => {
    expect(
      leep(
        [
          [1, 0],
          [0, 1],
          [1, 0],
        ],
        ['x', 'y', 'x'],
      ).leep,
    ).toBeCloseTo(0, 14);
    expect(
      leep(
        [
          [0.5, 0.5],
          [0.5, 0.5],
        ],
        ['x', 'y'],
      ).leep,
    ).toBeCloseTo(Math.log(0.5), 14);
  });

  it('rejects rows that are not distributions and mismatched lengths', () => {
    expect(() => leep([[0.5, 0.6]], ['a'])).toThrow(/row 0 sums to 1.1/);
    expect(() => leep([[-0.1, 1.1]], ['a'])).toThrow(/negative or missing value/);
    expect(() => leep([[1, 0]], ['a', 'b'])).toThrow(/targetLabels has 2 rows, sourceProbabilities has 1/);
  });
});

describe('NCE (Tran et al. 2019)', () => {
  it('equals −H(Y | Z) on a hand case', () => {
    // P(a,1) = ½, P(a,2) = ¼, P(b,2) = ¼; P(a|1) = 1, P(a|2) = P(b|2) = ½ → NCE = ½·0 + ¼·log ½ + ¼·log ½ = −½ log 2.
    expect(nce([1, 1, 2, 2], ['a', 'a', 'a', 'b'])).toBeCloseTo(-0.5 * Math.log(2), 14);
  });

  it('is 0 when the source labels determine the target labels, and −H(Y) when they are independent', () => {
    expect(nce(['s', 't', 's', 'u'], [1, 2, 1, 2])).toBeCloseTo(0, 14);
    // Z constant: −H(Y) with Y uniform over 4 classes.
    expect(nce([0, 0, 0, 0], ['a', 'b', 'c', 'd'])).toBeCloseTo(-Math.log(4), 14);
  });

  it('rejects mismatched lengths', () => {
    expect(() => nce([1], [1, 2])).toThrow(/sourceLabels has 1 rows, targetLabels has 2/);
  });
});

describe('H-score (Bao et al. 2019)', () => {
  it('equals tr(cov(f)⁻¹ cov(E[f | y])) on a hand case', () => {
    // f = 1, 2, 3, 4 with classes a a b b: var(f) = 1.25, class means 1.5 and 3.5 so var(E[f|y]) = 1: H = 1/1.25.
    expect(hScore([[1], [2], [3], [4]], ['a', 'a', 'b', 'b'])).toBeCloseTo(0.8, 14);
    // Class means equal to the overall mean: nothing between the classes.
    expect(
      hScore(
        [
          [1, 0],
          [0, 1],
          [-1, 0],
          [0, -1],
        ],
        ['a', 'b', 'a', 'b'],
      ),
    ).toBeCloseTo(0, 14);
  });

  it('is invariant to invertible linear maps of the features and at most the number of classes minus one', () => {
    const rng = new Random(3);
    const labels = Array.from({ length: 60 }, (_, i) => i % 3);
    const F = labels.map((c) => [c + rng.normal(), 2 * c - rng.normal(), rng.normal()]);
    const A = [
      [2, 1, 0],
      [0, 1, -1],
      [1, 0, 3],
    ];
    const G = F.map((row) => A.map((a) => a.reduce((s, v, k) => s + v * row[k], 0)));
    const h = hScore(F, labels);
    expect(hScore(G, labels)).toBeCloseTo(h, 9);
    expect(h).toBeGreaterThan(0);
    expect(h).toBeLessThanOrEqual(2 + 1e-12);
  });

  it('drops directions without variance (the pseudo-inverse) rather than dividing by zero', () => {
    expect(
      hScore(
        [
          [1, 5],
          [2, 5],
          [3, 5],
          [4, 5],
        ],
        ['a', 'a', 'b', 'b'],
      ),
    ).toBeCloseTo(0.8, 12);
  });
});
