import { cholesky, kFold, outerGram, Random, symmetricEigen, takeRows, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeRegression } from '@tlkit/ridge';
import { linearTargets, maxRelDiff, randomMatrix, vector } from './helpers.js';

const rng = new Random(21);
const X = randomMatrix(30, 5, rng, 2);
const y = linearTargets(X, [1, -1, 0.5, 2, 0], 3, 0.5, rng);
const w0 = [0.9, -0.8, 0.4, 1.5, 0.2];
const alphas = [0.01, 0.1, 1, 10, 100];

function without(i: number, n: number): number[] {
  return Array.from({ length: n }, (_, k) => k).filter((k) => k !== i);
}

/** Brute force: refit without row i, predict row i. */
function bruteLoo(alpha: number, prior?: { coef: number[] }, weights?: number[]): number {
  let total = 0;
  let wsum = 0;
  for (let i = 0; i < X.rows; i++) {
    const keep = without(i, X.rows);
    const model = new RidgeRegression({ alpha, prior }).fit(
      takeRows(X, keep),
      keep.map((k) => y[k]),
      weights ? { sampleWeight: keep.map((k) => weights[k]) } : {},
    );
    const pred = vector(model.predict(takeRows(X, [i])))[0];
    const wi = weights ? weights[i] : 1;
    total += wi * (y[i] - pred) ** 2;
    wsum += wi;
  }
  return total / wsum;
}

describe('RidgeCV', () => {
  it('the LOO shortcut equals brute-force leave-one-out refits (plain, prior, weights)', () => {
    const weights = Array.from({ length: 30 }, (_, i) => 0.5 + (i % 4));
    for (const [prior, sw] of [
      [undefined, undefined],
      [{ coef: w0 }, undefined],
      [{ coef: w0 }, weights],
    ] as const) {
      const cv = new RidgeCV({ alphas, cv: 'loo', prior }).fit(X, y, sw ? { sampleWeight: sw } : {});
      const brute = alphas.map((a) => bruteLoo(a, prior, sw));
      expect(maxRelDiff(cv.curve.scores, brute)).toBeLessThan(1e-9);
      expect(cv.curve.criterion).toBe('loo-mse');
      expect(cv.alpha).toBe(alphas[brute.indexOf(brute.reduce((a, b) => Math.min(a, b)))]);
    }
  });

  it('k-fold CV equals brute-force refits on the same folds', () => {
    const cv = new RidgeCV({ alphas, cv: 5, seed: 3, prior: { coef: w0 } }).fit(X, y);
    const folds = kFold(30, 5, { seed: 3 });
    const brute = alphas.map((alpha) => {
      let total = 0;
      for (const f of folds) {
        const model = new RidgeRegression({ alpha, prior: { coef: w0 } }).fit(
          takeRows(X, f.train),
          Array.from(f.train, (i) => y[i]),
        );
        const pred = vector(model.predict(takeRows(X, f.test)));
        f.test.forEach((i, t) => (total += (y[i] - pred[t]) ** 2));
      }
      return total / 30;
    });
    expect(maxRelDiff(cv.curve.scores, brute)).toBeLessThan(1e-9);
  });

  it('GCV is (RSS/n)/(1 − tr(H)/n)² with tr(H) from the explicit fit', () => {
    const cv = new RidgeCV({ alphas, cv: 'gcv' }).fit(X, y);
    alphas.forEach((alpha, a) => {
      const model = new RidgeRegression({ alpha }).fit(X, y);
      const pred = vector(model.predict(X));
      const rss = pred.reduce((s, p, i) => s + (y[i] - p) ** 2, 0);
      // tr(H) = Σ_i ∂ŷ_i/∂y_i, by linearity from unit perturbations of y.
      let trace = 0;
      for (let i = 0; i < 30; i++) {
        const bumped = Float64Array.from(y);
        bumped[i] += 1;
        trace += vector(new RidgeRegression({ alpha }).fit(X, bumped).predict(takeRows(X, [i])))[0] - pred[i];
      }
      expect(cv.curve.scores[a]).toBeCloseTo(rss / 30 / (1 - trace / 30) ** 2, 9);
    });
  });

  it('log evidence equals the Gaussian marginal likelihood evaluated directly (intercept integrated out)', () => {
    // Direct: project onto an orthonormal basis B of the complement of 1 (the flat-prior intercept integrates
    // out exactly there), then log N(Bᵀr; 0, σ̂²(I + BᵀXXᵀB/α)) with σ̂² its maximiser.
    const n = 30;
    const C: DenseMatrix = { rows: n, cols: n, data: new Float64Array(n * n) };
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) C.data[i * n + j] = (i === j ? 1 : 0) - 1 / n;
    const { values, vectors } = symmetricEigen(C);
    const cols = Array.from(values.keys()).filter((j) => values[j] > 0.5);
    const B = { rows: n, cols: cols.length, data: new Float64Array(n * cols.length) };
    for (let i = 0; i < n; i++) cols.forEach((j, c) => (B.data[i * cols.length + c] = vectors.data[i * n + j]));
    const r = Float64Array.from(y, (v, i) => v - w0.reduce((s, c, j) => s + c * X.data[i * 5 + j], 0));
    const m = cols.length;
    const Z = { rows: m, cols: 5, data: new Float64Array(m * 5) };
    const z = new Float64Array(m);
    for (let c = 0; c < m; c++) {
      for (let i = 0; i < n; i++) {
        const b = B.data[i * m + c];
        z[c] += b * r[i];
        for (let j = 0; j < 5; j++) Z.data[c * 5 + j] += b * X.data[i * 5 + j];
      }
    }
    const cv = new RidgeCV({ alphas, cv: 'evidence', prior: { coef: w0 } }).fit(X, y);
    alphas.forEach((alpha, a) => {
      const K = outerGram(Z);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) K.data[i * m + j] = K.data[i * m + j] / alpha + (i === j ? 1 : 0);
      const L = cholesky(K);
      if (!L) throw new Error('not positive definite');
      let logDet = 0;
      for (let i = 0; i < m; i++) logDet += 2 * Math.log(L.data[i * m + i]);
      // quadratic form zᵀK⁻¹z by forward substitution
      const u = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        let s = z[i];
        for (let k = 0; k < i; k++) s -= L.data[i * m + k] * u[k];
        u[i] = s / L.data[i * m + i];
      }
      const quad = u.reduce((s, v) => s + v * v, 0);
      const sigma2 = quad / m;
      const direct = -0.5 * m * Math.log(2 * Math.PI * sigma2) - 0.5 * logDet - (0.5 * quad) / sigma2;
      expect(cv.curve.scores[a]).toBeCloseTo(direct, 8);
    });
    expect(cv.logEvidence).toBe(cv.curve.scores.reduce((a, b) => Math.max(a, b)));
  });

  it('evidence prefers a large alpha when the prior is right and a small one when it is wrong', () => {
    const truth = [1, -1, 0.5, 2, 0];
    const right = new RidgeCV({ cv: 'evidence', prior: { coef: truth } }).fit(X, y);
    const wrong = new RidgeCV({ cv: 'evidence', prior: { coef: [-3, 3, -3, -3, 3] } }).fit(X, y);
    expect(right.alpha).toBeGreaterThan(100 * wrong.alpha);
    expect(right.logEvidence).toBeGreaterThan(wrong.logEvidence);
    expect(right.curve.alphas[0]).toBe(0);
    expect(right.curve.alphas[right.curve.alphas.length - 1]).toBe(Infinity);
  });

  it('refits at the chosen alpha and round-trips through JSON', () => {
    const cv = new RidgeCV({ cv: 'loo', prior: { coef: w0 } }).fit(X, y);
    const direct = new RidgeRegression({ alpha: cv.alpha, prior: { coef: w0 } }).fit(X, y);
    expect(maxRelDiff(vector(cv.coef), vector(direct.coef))).toBeLessThan(1e-12);
    const back = RidgeCV.fromJSON(JSON.parse(JSON.stringify(cv.toJSON())));
    expect(back.alpha).toBe(cv.alpha);
    expect(back.curve.alphas).toEqual(cv.curve.alphas);
    expect(Array.from(vector(back.predict(X)))).toEqual(Array.from(vector(cv.predict(X))));
  });

  it('takes the coefficients at the chosen alpha from the LOO decomposition as a refit gives them (α = 0 rank-deficient, ∞, weights, both sides)', () => {
    const r = new Random(19);
    for (const [n, d] of [
      [30, 6],
      [9, 14],
    ]) {
      const Xm = randomMatrix(n, d, r, 2);
      for (let i = 0; i < n; i++) Xm.data[i * d + 1] = 2 * Xm.data[i * d]; // a repeated direction: rank-deficient at α = 0
      const Y = { rows: n, cols: 2, data: Float64Array.from({ length: 2 * n }, () => r.normal()) };
      const sampleWeight = Float64Array.from({ length: n }, () => 0.5 + r.uniform());
      for (const alpha of [0, 0.7, Infinity]) {
        const cv = new RidgeCV({ alphas: [alpha], cv: 'loo' }).fit(Xm, Y, { sampleWeight });
        const direct = new RidgeRegression({ alpha }).fit(Xm, Y, { sampleWeight });
        expect(maxRelDiff((cv.predict(Xm) as DenseMatrix).data, (direct.predict(Xm) as DenseMatrix).data)).toBeLessThan(1e-9);
        expect(maxRelDiff((cv.coef as DenseMatrix).data, (direct.coef as DenseMatrix).data)).toBeLessThan(1e-8);
      }
    }
  });

  it('solves again where the decomposition dropped a nearly collinear direction that a tiny alpha still weighs', () => {
    // Column 1 is column 0 plus 3e-6 of the signal: XcᵀXc has an eigenvalue below the spectrum's round-off cut, but
    // at α = 0 that direction carries the fit (R² ≈ 0.99), as the Cholesky refit shows.
    const r = new Random(23);
    const n = 20000;
    const Xm = randomMatrix(n, 4, r);
    const z = Float64Array.from({ length: n }, () => r.normal());
    for (let i = 0; i < n; i++) Xm.data[i * 4 + 1] = Xm.data[i * 4] + 3e-6 * z[i];
    const yz = Array.from(z, (v) => v + 0.1 * r.normal());
    for (const alpha of [0, 1e-12]) {
      const cv = new RidgeCV({ alphas: [alpha], cv: 'loo' }).fit(Xm, yz);
      const direct = new RidgeRegression({ alpha }).fit(Xm, yz);
      // cond(XcᵀXc) ≈ 1e12 here: two fp64 solves agree to the conditioning, not to round-off; what matters is that
      // both use the direction.
      expect(cv.score(Xm, yz)).toBeGreaterThan(0.95);
      expect(Math.abs(cv.score(Xm, yz) - direct.score(Xm, yz))).toBeLessThan(1e-3);
    }
  });

  it('works when d > n (dual spectrum) and matches brute-force LOO there', () => {
    const wide = randomMatrix(12, 20, rng);
    const yw = Array.from({ length: 12 }, () => rng.normal());
    const cv = new RidgeCV({ alphas: [0.5, 5], cv: 'loo' }).fit(wide, yw);
    const brute = [0.5, 5].map((alpha) => {
      let t = 0;
      for (let i = 0; i < 12; i++) {
        const keep = without(i, 12);
        const m = new RidgeRegression({ alpha }).fit(
          takeRows(wide, keep),
          keep.map((k) => yw[k]),
        );
        t += (yw[i] - vector(m.predict(takeRows(wide, [i])))[0]) ** 2;
      }
      return t / 12;
    });
    expect(maxRelDiff(cv.curve.scores, brute)).toBeLessThan(1e-9);
  });

  it.each([
    ['n > d', 40, 7],
    ['d > n (the n×n kernel side)', 13, 29],
  ])('evidence and GCV from eigenvalues and projections alone equal those from the full spectrum (%s)', (_, n, d) => {
    // A LOO fit scores its chosen alpha's evidence from Q and P; evidence and GCV fits use only s and QᵀR.
    const r = new Random(n * d);
    const Xm = randomMatrix(n, d, r, 1.5);
    const Y = { rows: n, cols: 2, data: Float64Array.from({ length: 2 * n }, () => r.normal()) };
    const weights = Array.from({ length: n }, () => 0.5 + r.uniform());
    const prior = { coef: [Array.from({ length: d }, () => r.normal()), Array.from({ length: d }, () => 0.1 * r.normal())] };
    for (const options of [{}, { sampleWeight: weights }]) {
      for (const alpha of [0.03, 2, 70]) {
        const loo = new RidgeCV({ alphas: [alpha], cv: 'loo', prior }).fit(Xm, Y, options);
        const evidence = new RidgeCV({ alphas: [alpha], cv: 'evidence', prior }).fit(Xm, Y, options);
        expect(evidence.curve.scores[0]).toBeCloseTo(loo.logEvidence, 9);
        expect(maxRelDiff((evidence.predict(Xm) as DenseMatrix).data, (loo.predict(Xm) as DenseMatrix).data)).toBeLessThan(1e-10);
      }
    }
    // GCV against its definition with the explicit fit: (RSS/n)/(1 − tr(H)/n)², tr(H) = 1 + Σ s/(s+α).
    const yv = Array.from({ length: n }, () => r.normal());
    const gcv = new RidgeCV({ alphas: [0.5], cv: 'gcv' }).fit(Xm, yv);
    const fit = new RidgeRegression({ alpha: 0.5 }).fit(Xm, yv);
    const pred = vector(fit.predict(Xm));
    let rss = 0;
    yv.forEach((v, i) => (rss += (v - pred[i]) ** 2));
    const means = Array.from({ length: d }, (_, j) => yv.reduce((s, __, i) => s + Xm.data[i * d + j], 0) / n);
    const Xc = { rows: n, cols: d, data: Xm.data.map((v, k) => v - means[k % d]) };
    const s = symmetricEigen(outerGram(Xc)).values;
    let trace = 1;
    for (const v of s) if (v > 1e-9) trace += v / (v + 0.5);
    expect(gcv.curve.scores[0]).toBeCloseTo(rss / n / (1 - trace / n) ** 2, 9);
  });

  it('rejects bad options', () => {
    expect(() => new RidgeCV({ cv: 1 })).toThrow("RidgeCV: cv must be 'loo', 'gcv', 'evidence' or a number of folds ≥ 2, got 1");
    expect(() => new RidgeCV({ alphas: [] })).toThrow('RidgeCV: alphas must be a non-empty array or "auto"');
    expect(() => new RidgeCV({ alphas: [1, -2] })).toThrow('RidgeCV: alphas[1] must be ≥ 0, got -2');
    expect(() => new RidgeCV({ cv: 10 }).fit([[1], [2]], [1, 2])).toThrow('RidgeCV.fit: cv=10 folds needs at least 10 rows, got 2');
    expect(() => new RidgeCV().alpha).toThrow('RidgeCV.alpha: the estimator is not fitted; call fit() first');
  });
});
