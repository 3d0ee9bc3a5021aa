import { NotFittedError, Random, ShapeMismatchError, StandardScaler, takeRows, toArray2D, zeros } from '@tlkit/tensor-core';

describe('StandardScaler', () => {
  const X = [
    [0, 0, 5],
    [0, 0, 5],
    [1, 1, 5],
    [1, 1, 5],
  ];

  it('matches scikit-learn: population std, constant columns kept at scale 1', () => {
    // sklearn.preprocessing.StandardScaler().fit(X): mean_ [0.5 0.5 5], scale_ [0.5 0.5 1]
    const s = new StandardScaler().fit(X);
    expect(Array.from(s.mean)).toEqual([0.5, 0.5, 5]);
    expect(Array.from(s.scale)).toEqual([0.5, 0.5, 1]);
    expect(toArray2D(s.transform([[2, 2, 5]]))).toEqual([[3, 3, 0]]);
  });

  it('inverts its transform and round-trips through JSON', () => {
    const s = new StandardScaler().fit(X);
    const back = s.inverseTransform(s.transform(X));
    expect(toArray2D(back)).toEqual(X);
    const s2 = StandardScaler.fromJSON(JSON.parse(JSON.stringify(s.toJSON())));
    expect(toArray2D(s2.transform(X))).toEqual(toArray2D(s.transform(X)));
  });

  it('rejects use before fit, other widths and foreign JSON', () => {
    expect(() => new StandardScaler().transform(X)).toThrow(NotFittedError);
    expect(() => new StandardScaler().transform(X)).toThrow('StandardScaler.transform: the estimator is not fitted; call fit() first');
    expect(() => new StandardScaler().fit(X).transform([[1, 2]])).toThrow(
      new ShapeMismatchError('StandardScaler.transform: X has 2 columns, the scaler was fitted on 3'),
    );
    expect(() => StandardScaler.fromJSON({ kind: 'Other' })).toThrow(TypeError);
    expect(() => StandardScaler.fromJSON({ kind: 'StandardScaler', version: 9 })).toThrow(RangeError);
  });
});

describe('StandardScaler.partialFit', () => {
  it('over blocks of rows equals fit on all of them, also with large means', () => {
    const rng = new Random(3);
    const X = zeros(1000, 3);
    for (let i = 0; i < 1000; i++) X.data.set([rng.normal() * 2 + 1e6, rng.normal(), 7], i * 3);
    const whole = new StandardScaler().fit(X);
    const blocks = new StandardScaler();
    for (let start = 0; start < 1000; start += 300)
      blocks.partialFit(
        takeRows(
          X,
          Array.from({ length: Math.min(300, 1000 - start) }, (_, k) => start + k),
        ),
      );
    whole.mean.forEach((v, j) => expect(Math.abs(blocks.mean[j] - v)).toBeLessThan(1e-9 * Math.abs(v)));
    whole.scale.forEach((v, j) => expect(Math.abs(blocks.scale[j] - v)).toBeLessThan(1e-9 * v));
    expect(blocks.scale[2]).toBe(1); // constant column
  });

  it('refuses a block of another width, and a scaler restored from JSON', () => {
    const s = new StandardScaler().partialFit([
      [1, 2],
      [3, 4],
    ]);
    expect(() => s.partialFit([[1, 2, 3]])).toThrow('StandardScaler.partialFit: X has 3 columns, the scaler was fitted on 2');
    expect(() => StandardScaler.fromJSON(s.toJSON()).partialFit([[1, 2]])).toThrow(/restored from JSON/);
    expect(() => new StandardScaler().fit([[1, 2]]).partialFit([[5, 6]])).not.toThrow();
  });
});
