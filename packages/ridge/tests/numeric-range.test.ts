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

  it('is one clear RangeError naming the column and the way out, not NaN coefficients', () => {
    const huge = X.map((r) => [r[0], r[1] * 1e307]);
    expect(() => new RidgeRegression().fit(huge, y)).toThrow(
      new RangeError(
        'RidgeRegression.fit: X column 1 holds 2.00e+307 (row 0), too large to square in fp64 (above 3e+144); scale X first (e.g. with StandardScaler)',
      ),
    );
    expect(() =>
      new RidgeCV().fit(
        X,
        y.map((v) => v * 1e300),
      ),
    ).toThrow('RidgeCV.fit: y holds 1.00e+300 (row 0), too large to square in fp64 (above 3e+144); divide y by a power of ten first');
  });

  it('fits values up to the bound', () => {
    const big = new RidgeRegression({ alpha: 1e-3 }).fit(
      X,
      y.map((v) => v * 1e140),
    );
    const small = new RidgeRegression({ alpha: 1e-3 }).fit(X, y);
    const p = big.predict([[2, 2]]) as Float64Array;
    expect(p[0] / 1e140).toBeCloseTo((small.predict([[2, 2]]) as Float64Array)[0], 10);
  });
});
