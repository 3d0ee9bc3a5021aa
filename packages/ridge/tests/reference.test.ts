import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RidgeRegression } from '@tlkit/ridge';
import { maxRelDiff, vector } from './helpers.js';

// scikit-learn 1.2 Ridge reference values (fixtures/ridge_ref.json, made by fixtures/make_ridge_ref.py; also ../shared/reference): a fixed
// 50×5 data set, Ridge for alpha 0.1/1/10 with and without intercept, biased ridge toward w0 for alpha
// 0.1/1/10/100, and least squares. The stored X and y are used as they are.
interface Case {
  alpha: number;
  fit_intercept: boolean;
  coef: number[];
  intercept: number;
  predict_first3: number[];
  train_mse: number;
}
interface Reference {
  X: number[][];
  y: number[];
  ridge: Case[];
  biased_ridge: { w0: number[]; cases: Case[] };
  ols: Record<'fit_intercept_true' | 'fit_intercept_false', { coef: number[]; intercept: number }>;
}
const ref = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'ridge_ref.json'), 'utf8')) as Reference;
const TOL = 1e-9;

function check(model: RidgeRegression, c: Case): void {
  expect(maxRelDiff(vector(model.coef), c.coef)).toBeLessThan(TOL);
  expect(Math.abs((model.intercept as number) - c.intercept)).toBeLessThan(TOL);
  expect(maxRelDiff(vector(model.predict(ref.X.slice(0, 3))), c.predict_first3)).toBeLessThan(TOL);
  const pred = vector(model.predict(ref.X));
  const mse = pred.reduce((s, p, i) => s + (p - ref.y[i]) ** 2, 0) / ref.y.length;
  expect(Math.abs(mse - c.train_mse) / c.train_mse).toBeLessThan(1e-6);
}

describe('RidgeRegression against scikit-learn reference values', () => {
  it.each(ref.ridge.map((c) => [c.alpha, c.fit_intercept, c] as const))('Ridge alpha=%p fit_intercept=%p', (alpha, fitIntercept, c) => {
    for (const solver of ['auto', 'cholesky', 'dual', 'eigen'] as const) {
      check(new RidgeRegression({ alpha, fitIntercept, solver }).fit(ref.X, ref.y), c);
    }
  });

  it.each(ref.biased_ridge.cases.map((c) => [c.alpha, c.fit_intercept, c] as const))(
    'biased ridge alpha=%p fit_intercept=%p',
    (alpha, fitIntercept, c) => {
      const model = new RidgeRegression({ alpha, fitIntercept, prior: { coef: ref.biased_ridge.w0 } }).fit(ref.X, ref.y);
      check(model, c);
    },
  );

  it('alpha = 0 is least squares, with and without intercept', () => {
    for (const fitIntercept of [true, false]) {
      const o = ref.ols[fitIntercept ? 'fit_intercept_true' : 'fit_intercept_false'];
      const model = new RidgeRegression({ alpha: 0, fitIntercept }).fit(ref.X, ref.y);
      expect(maxRelDiff(vector(model.coef), o.coef)).toBeLessThan(TOL);
      expect(Math.abs((model.intercept as number) - o.intercept)).toBeLessThan(TOL);
    }
  });
});
