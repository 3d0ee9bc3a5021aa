import { Random, ShapeMismatchError, maxOf } from '@tlkit/tensor-core';
import { DomainClassifierWeighting, KLIEP, KMM, RuLSIF, ULSIF, type InstanceWeighting } from '@tlkit/transfer-instance';
import { meanAbsoluteDifference, normal1d, normalPdf, pearson } from './helpers.js';

// Two Gaussians with a known ratio: source N(0, 1), target N(0.5, 0.7²). The ratio p_t/p_s is bounded (at most
// about 1.83, at x ≈ 0.98), so every method can estimate it.
const rng = new Random(42);
const Xs = normal1d(300, 0, 1, rng);
const Xt = normal1d(200, 0.5, 0.7, rng);
const truth = Float64Array.from(Xs.data, (x) => normalPdf(x, 0.5, 0.7) / normalPdf(x, 0, 1));
const uniformError = meanAbsoluteDifference(new Float64Array(truth.length).fill(1), truth);

function report(w: Float64Array): { mae: number; corr: number } {
  return { mae: meanAbsoluteDifference(w, truth), corr: pearson(w, truth) };
}

describe('importance weights on two Gaussians with a known density ratio', () => {
  it('uniform weights are far from the truth (the bar every method must clear)', () => {
    expect(uniformError).toBeGreaterThan(0.4);
  });

  // Tolerances from measured runs (seed 42: KLIEP 0.238 / 0.890, uLSIF 0.221 / 0.891, KMM 0.257 / 0.823), with margin;
  // each is less than half the uniform weights' error. Widths and λ are chosen by each method's own criterion, whose
  // noise on 200 target rows is what separates these from the true ratio.
  const fitted = new Map<string, InstanceWeighting>();
  const cases: [string, () => InstanceWeighting, number, number][] = [
    ['KLIEP', () => new KLIEP(), 0.3, 0.85],
    ['uLSIF', () => new ULSIF(), 0.3, 0.85],
    ['KMM', () => new KMM(), 0.32, 0.78],
  ];
  it.each(cases)('%s estimates the ratio at the source rows (mean absolute error and correlation)', (name, make, mae, corr) => {
    const model = make().fit(Xs, Xt);
    fitted.set(name, model);
    const r = report(model.weights);
    expect(r.mae).toBeLessThan(mae);
    expect(r.mae).toBeLessThan(uniformError / 2);
    expect(r.corr).toBeGreaterThan(corr);
  });

  it('RuLSIF estimates the relative ratio p_t/(α p_t + (1 − α) p_s) (α = 0.5)', () => {
    const relative = Float64Array.from(Xs.data, (x) => {
      const pt = normalPdf(x, 0.5, 0.7);
      return pt / (0.5 * pt + 0.5 * normalPdf(x, 0, 1));
    });
    const w = new RuLSIF({ alpha: 0.5 }).fit(Xs, Xt).weights;
    // Measured 0.114; the relative ratio is bounded by 1/α = 2.
    expect(meanAbsoluteDifference(w, relative)).toBeLessThan(0.15);
    expect(maxOf(w)).toBeLessThan(2 + 0.2);
  });

  it('the domain classifier recovers an exactly log-linear ratio (equal variances: p_t/p_s = exp(x − 0.5))', () => {
    const r2 = new Random(7);
    const S = normal1d(400, 0, 1, r2);
    const T = normal1d(250, 1, 1, r2);
    const exact = Float64Array.from(S.data, (x) => Math.exp(x - 0.5));
    const model = new DomainClassifierWeighting().fit(S, T);
    const w = model.weights;
    // The ratio at the source rows ranges over e^-3.5 … e^2.5; a relative error of a few tenths is what 650 rows allow.
    expect(pearson(w.map(Math.log), exact.map(Math.log))).toBeGreaterThan(0.999);
    expect(meanAbsoluteDifference(w, exact)).toBeLessThan(0.15);
    expect(model.predictWeights([[0.5]])[0]).toBeGreaterThan(0.7);
    expect(model.predictWeights([[0.5]])[0]).toBeLessThan(1.4);
  });

  it('KLIEP satisfies its normalisation: the weights average exactly 1 over the source rows', () => {
    const w = fitted.get('KLIEP')!.weights;
    expect(w.reduce((a, b) => a + b, 0) / w.length).toBeCloseTo(1, 9);
  });

  it('reject rows of the wrong width, and too few rows', () => {
    expect(() => new KLIEP().fit(Xs, [[1, 2]])).toThrow(ShapeMismatchError);
    expect(() => new KMM().fit([[1]], Xt)).toThrow(/Xs has 1 rows; at least 2/);
    expect(() => fitted.get('uLSIF')!.predictWeights([[1, 2]])).toThrow(/X has 2 columns, expected 1/);
    expect(() => fitted.get('KMM')!.predictWeights(Xs)).toThrow(TypeError);
  });
});
