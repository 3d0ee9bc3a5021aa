import { RidgeClassifier, RidgeCV, type ClassLabel } from '@tlkit/ridge';
import { ParameterTransfer } from '@tlkit/transfer-param';

describe('ParameterTransfer types follow the source', () => {
  const X = [
    [0, 1],
    [1, 0],
    [2, 1],
    [3, 0],
    [4, 1],
    [5, 0],
  ];

  it('a single-output regressor predicts a Float64Array, a classifier labels', () => {
    // The annotations are the test: they compile only if the source's kind reaches predict.
    const values: Float64Array = new ParameterTransfer(new RidgeCV().fit(X, [0, 1, 2, 3, 4, 5])).fit(X, [0, 1, 2, 3, 5, 5]).predict(X);
    const source = new RidgeClassifier().fit(X, ['a', 'a', 'a', 'b', 'b', 'b']);
    const labels: ClassLabel[] = new ParameterTransfer({ model: source }).fit(X, ['a', 'a', 'b', 'b', 'b', 'b']).predict(X);
    expect(values).toHaveLength(6);
    expect(labels.every((l) => l === 'a' || l === 'b')).toBe(true);
  });
});
