import { NotFittedError, ShapeMismatchError, StandardScaler, toArray2D } from '@tlkit/tensor-core';

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
