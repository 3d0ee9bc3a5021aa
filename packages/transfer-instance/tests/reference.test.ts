import { kFold, takeRows, minOf } from '@tlkit/tensor-core';
import { DomainClassifierWeighting, TrAdaBoost, TrAdaBoostR2, TwoStageTrAdaBoostR2 } from '@tlkit/transfer-instance';
import { gaussianFromDistances, gaussianKernel, squaredDistances } from '../src/internal/kernel.js';
import { kernelColumnMeans, kliepLcv } from '../src/internal/kliep-lcv.js';
import { solveKliep } from '../src/internal/kliep-solver.js';
import { fitLogistic, logisticScores } from '../src/internal/logistic.js';
import { lsifLooScores, lsifSolve } from '../src/internal/lsif-loo.js';
import { matrix, maxAbsDiff, reference } from './helpers.js';

// Reference values: fixtures/reference.json, written by fixtures/make_reference.py from numpy ports of the papers.

describe('KLIEP against the numpy port (Sugiyama et al. 2008)', () => {
  const c = reference.kliep;
  const Xs = matrix(c.Xs);
  const Xt = matrix(c.Xt);
  const C = takeRows(Xt, c.centres);
  const A = gaussianKernel(Xt, C, c.sigma);
  const b = kernelColumnMeans(gaussianKernel(Xs, C, c.sigma));
  const solution = solveKliep(A, b);

  it('reaches at least the objective of the paper’s own ascent, and SLSQP’s to 1e-8', () => {
    expect(solution.objective).toBeGreaterThanOrEqual(c.paper.objective - 1e-12);
    expect(solution.objective).toBeCloseTo(c.exact.objective, 8);
    expect(solution.gap).toBeLessThan(1e-9);
  });

  it('gives the same ratios at the target and source rows as SLSQP (to 1e-4 relative)', () => {
    const A2 = gaussianKernel(Xs, C, c.sigma);
    const ratio = (K: typeof A, i: number) =>
      K.data.subarray(i * K.cols, (i + 1) * K.cols).reduce((s, v, l) => s + v * solution.alpha[l], 0);
    c.exact.targetRatios.forEach((r: number, j: number) => expect(Math.abs(ratio(A, j) - r)).toBeLessThan(1e-4 * Math.max(1, r)));
    c.exact.sourceRatios.forEach((r: number, i: number) => expect(Math.abs(ratio(A2, i) - r)).toBeLessThan(1e-4 * Math.max(1, r)));
  });

  it('holds its constraints: α ≥ 0 and bᵀα = 1', () => {
    expect(minOf(solution.alpha)).toBeGreaterThanOrEqual(0);
    expect(solution.alpha.reduce((s, a, l) => s + a * b[l], 0)).toBeCloseTo(1, 12);
  });

  it('scores the kernel widths by likelihood cross-validation as the port does (to 1e-6)', () => {
    const curve = kliepLcv(
      squaredDistances(Xs, C),
      squaredDistances(Xt, C),
      c.sigmas,
      c.folds.map((f: number[]) => Int32Array.from(f)),
    );
    curve.scores.forEach((s, i) => expect(s).toBeCloseTo(c.lcv[i], 6));
  });
});

describe('uLSIF and RuLSIF against the numpy port (Kanamori et al. 2009; Yamada et al. 2011)', () => {
  const c = reference.lsif;
  const Xs = matrix(c.Xs);
  const Xt = matrix(c.Xt);
  const C = takeRows(Xt, c.centres);
  const design = {
    Phis: gaussianFromDistances(squaredDistances(Xs, C), c.sigma),
    Phit: gaussianFromDistances(squaredDistances(Xt, C), c.sigma),
  };

  it('the closed form θ = (Ĥ + λI)⁻¹ĥ equals a direct solve (numpy.linalg.solve) to 1e-9', () => {
    expect(maxAbsDiff(lsifSolve(design, 0, c.lambda), c.thetaUlsif)).toBeLessThan(1e-9);
    expect(maxAbsDiff(lsifSolve(design, 0.5, c.lambda), c.thetaRulsif)).toBeLessThan(1e-9);
  });

  it('the closed form is the stationary point: (Ĥ + λI)θ − ĥ = 0', () => {
    const theta = lsifSolve(design, 0, c.lambda);
    const b = theta.length;
    const { Phis, Phit } = design;
    for (let p = 0; p < b; p++) {
      let r = c.lambda * theta[p];
      for (let q = 0; q < b; q++) {
        let h = 0;
        for (let i = 0; i < Phis.rows; i++) h += Phis.data[i * b + p] * Phis.data[i * b + q];
        r += (h / Phis.rows) * theta[q];
      }
      let hp = 0;
      for (let j = 0; j < Phit.rows; j++) hp += Phit.data[j * b + p];
      expect(r - hp / Phit.rows).toBeCloseTo(0, 12);
    }
  });

  it('uLSIF’s closed-form leave-one-out equals the paper’s formula and brute-force refits (to 1e-9)', () => {
    const loo = lsifLooScores(design, 0, c.lambdas);
    loo.forEach((s, i) => {
      expect(s).toBeCloseTo(c.looUlsifPaper[i], 9);
      expect(s).toBeCloseTo(c.looUlsifBrute[i], 9);
    });
  });

  it('RuLSIF’s rank-two leave-one-out equals brute-force refits (α = 0.5, to 1e-9)', () => {
    lsifLooScores(design, 0.5, c.lambdas).forEach((s, i) => expect(s).toBeCloseTo(c.looRulsifBrute[i], 9));
  });
});

describe('the domain classifier against scikit-learn’s LogisticRegression', () => {
  const c = reference.logistic;
  const Xs = matrix(c.Xs);
  const Xt = matrix(c.Xt);
  const X = matrix([...c.Xs, ...c.Xt]);
  const y = new Uint8Array(X.rows).fill(1, Xs.rows);

  it.each([0, 1, 2])('fit %i: the same coefficients and intercept (to 1e-9) and weights (to 1e-8 relative)', (k) => {
    const f = c.fits[k];
    const fit = fitLogistic(X, y, f.C);
    expect(maxAbsDiff(fit.coef, f.coef)).toBeLessThan(1e-9);
    expect(Math.abs(fit.intercept - f.intercept)).toBeLessThan(1e-9);
    const w = logisticScores(Xs, fit).map((z) => (Math.exp(z) * Xs.rows) / Xt.rows);
    w.forEach((v, i) => expect(Math.abs(v - f.weights[i])).toBeLessThan(1e-8 * Math.max(1, f.weights[i])));
  });

  it('DomainClassifierWeighting with a fixed C and no scaling gives exactly those weights', () => {
    const f = c.fits[1];
    const w = new DomainClassifierWeighting({ C: f.C, scale: 'none' }).fit(Xs, Xt).weights;
    w.forEach((v, i) => expect(Math.abs(v - f.weights[i])).toBeLessThan(1e-8 * Math.max(1, f.weights[i])));
  });
});

describe('the TrAdaBoost family against numpy ports over scikit-learn ridge (fixed alpha)', () => {
  it.each(['tradaboost', 'tradaboostMulti'] as const)(
    '%s (Dai et al. 2007): the same target errors, votes, weights and predictions',
    (key) => {
      const c = reference[key];
      const model = new TrAdaBoost({ estimators: c.estimators, alpha: c.alpha }).fit({ X: c.Xs, y: c.ys }, { X: c.Xt, y: c.yt });
      expect(model.errors.length).toBe(c.errors.length);
      model.errors.forEach((e, t) => expect(e).toBeCloseTo(c.errors[t], 10));
      model.voteWeights.forEach((v, t) => expect(v).toBeCloseTo(c.voteWeights[t], 6));
      expect(maxAbsDiff(model.sourceWeights, c.sourceWeights)).toBeLessThan(1e-12);
      expect(maxAbsDiff(model.targetWeights, c.targetWeights)).toBeLessThan(1e-12);
      expect(model.predict(c.Xtest)).toEqual(c.predictions);
    },
  );

  it('TrAdaBoost.R2 (Pardoe & Stone 2010, Algorithm 2): the same errors, votes, weights and weighted-median predictions', () => {
    const c = reference.tradaboostR2;
    const model = new TrAdaBoostR2({ estimators: c.estimators, alpha: c.alpha }).fit({ X: c.Xs, y: c.ys }, { X: c.Xt, y: c.yt });
    model.errors.forEach((e, t) => expect(e).toBeCloseTo(c.errors[t], 10));
    model.voteWeights.forEach((v, t) => expect(v).toBeCloseTo(c.voteWeights[t], 9));
    expect(maxAbsDiff(model.sourceWeights, c.sourceWeights)).toBeLessThan(1e-12);
    expect(maxAbsDiff(model.predict(c.Xtest), c.predictions)).toBeLessThan(1e-9);
  });

  it('two-stage TrAdaBoost.R2 (Algorithm 3): the same step errors, chosen step, weights and predictions', () => {
    const c = reference.twoStage;
    // The port uses the folds tlkit draws for 10 target rows, 3 folds, seed 0.
    expect(kFold(10, 3, { seed: 0 }).map((f) => Array.from(f.test))).toEqual(c.folds);
    const model = new TwoStageTrAdaBoostR2({ steps: c.steps, estimators: c.estimators, folds: 3, alpha: c.alpha, seed: 0 }).fit(
      { X: c.Xs, y: c.ys },
      { X: c.Xt, y: c.yt },
    );
    model.stepErrors.forEach((e, t) => expect(e).toBeCloseTo(c.stepErrors[t], 9));
    expect(model.step).toBe(c.step);
    expect(maxAbsDiff(model.sourceWeights, c.sourceWeights)).toBeLessThan(1e-12);
    expect(maxAbsDiff(model.predict(c.Xtest), c.predictions)).toBeLessThan(1e-9);
  });
});
