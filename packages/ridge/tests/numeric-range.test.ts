import { RidgeCV, RidgeRegression } from '@tlkit/ridge';

// Before: RidgeRegression on values near 1e307 returned NaN predictions (the Gram matrix overflowed).
describe('ridge on values too large to square', () => {
  const X = [
    [1, 2],
    [2, 1],
    [3, 5],
    [4, 2],
  ];
  const y = [1, 2, 3, 4];

  it('is one clear RangeError naming the column of X and the way out, not NaN coefficients', () => {
    const huge = X.map((r) => [r[0], r[1] * 1e307]);
    expect(() => new RidgeRegression().fit(huge, y)).toThrow(
      new RangeError(
        'RidgeRegression.fit: X column 1 holds 2.00e+307 (row 0), too large to square in fp64 (above 3e+144); scale X first (e.g. with StandardScaler)',
      ),
    );
  });

  it('fits values up to the bound', () => {
    const big = new RidgeRegression({ alpha: 1e-3 }).fit(
      X,
      y.map((v) => v * 1e140),
    );
    const small = new RidgeRegression({ alpha: 1e-3 }).fit(X, y);
    const p = big.predict([[2, 2]]);
    expect(p[0] / 1e140).toBeCloseTo(small.predict([[2, 2]])[0], 10);
  });
});

// Ridge is linear in y: the fit to c·y is c times the fit to y (coefficients and intercept; with a prior, the prior
// scaled by c too), alpha chosen by LOO/GCV/k-fold is the same (their scores scale by c²), and the evidence, a density
// of y, is the same up to −N·log c per output (N = rows − 1 with an intercept). Before: y past about 3e144 was refused
// (and before that, NaN coefficients).
describe('ridge on huge but finite y: the scaled identity', () => {
  const X = [
    [1, 2, 0.5],
    [2, 1, -1],
    [3, 5, 2],
    [4, 2, 0],
    [0, 1, 1],
    [5, 3, -2],
    [2, 2, 3],
  ];
  const y = [1.5, 2.25, 3.1, 4.7, 0.2, 6.1, 2.9];
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);

  it.each([1e150, 1e300, 2 ** 1000, 1e307])('RidgeRegression: coef and intercept of c·y are c times those of y (c = %s)', (c) => {
    const small = new RidgeRegression({ alpha: 0.7 }).fit(X, y);
    const big = new RidgeRegression({ alpha: 0.7 }).fit(
      X,
      y.map((v) => v * c),
    );
    const a = small.coef;
    const b = big.coef;
    for (let j = 0; j < a.length; j++) expect(rel(b[j], c * a[j])).toBeLessThan(1e-12);
    expect(rel(big.intercept as number, c * (small.intercept as number))).toBeLessThan(1e-12);
    const p = big.predict([[2, 2, 1]]);
    expect(Number.isFinite(p[0])).toBe(true);
    expect(rel(p[0], c * small.predict([[2, 2, 1]])[0])).toBeLessThan(1e-12);
  });

  it.each(['loo', 'gcv', 'evidence', 3] as const)('RidgeCV (cv %s): the same alpha, c times the coefficients, scores in y units', (cv) => {
    const c = 1e300;
    const small = new RidgeCV({ cv }).fit(X, y);
    const big = new RidgeCV({ cv }).fit(
      X,
      y.map((v) => v * c),
    );
    expect(big.alpha).toBe(small.alpha);
    const a = small.coef;
    const b = big.coef;
    for (let j = 0; j < a.length; j++) expect(rel(b[j], c * a[j])).toBeLessThan(1e-10);
    expect(rel(big.intercept as number, c * (small.intercept as number))).toBeLessThan(1e-10);
    const N = X.length - 1;
    expect(big.logEvidence).toBeCloseTo(small.logEvidence - N * Math.log(c), 6);
    if (cv === 'evidence') {
      big.curve.scores.forEach((s, i) => expect(s).toBeCloseTo(small.curve.scores[i] - N * Math.log(c), 6));
    }
  });

  it('RidgeCV with a prior scaled with y gives c times the prior-centred fit; it saves the prior in y units', () => {
    const c = 2 ** 900;
    const w0 = [0.5, -0.25, 1];
    const small = new RidgeCV({ cv: 'evidence', prior: { coef: w0 } }).fit(X, y);
    const big = new RidgeCV({ cv: 'evidence', prior: { coef: w0.map((w) => w * c) } }).fit(
      X,
      y.map((v) => v * c),
    );
    expect(big.alpha).toBe(small.alpha);
    const a = small.coef;
    const b = big.coef;
    for (let j = 0; j < a.length; j++) expect(rel(b[j], c * a[j])).toBeLessThan(1e-10);
    const saved = big.toJSON();
    expect((saved.prior?.coef as number[][])[0][0]).toBe(0.5 * c);
    const restored = RidgeCV.fromJSON(JSON.parse(JSON.stringify(saved)));
    expect(restored.predict([[1, 1, 1]])).toEqual(big.predict([[1, 1, 1]]));
  });

  it('ordinary y is fitted exactly as before (no rescaling below 2^400)', () => {
    const c = 1e100;
    const m = new RidgeRegression({ alpha: 1 }).fit(
      X,
      y.map((v) => v * c),
    );
    expect(m.toJSON().prior).toBeUndefined();
    const again = new RidgeRegression({ alpha: 1 }).fit(
      X,
      y.map((v) => v * c),
    );
    expect(m.coef).toEqual(again.coef);
  });
});
