import type { ClassLabel } from '@tlkit/ridge';
import { FeatureTransfer, PCA } from '@tlkit/transfer-feature';

describe('FeatureTransfer types follow the task', () => {
  const X = [
    [0, 1],
    [1, 0],
    [2, 1],
    [3, 0],
    [4, 1],
    [5, 0],
  ];

  it('numbers regress to a Float64Array, texts or head: classification give labels', () => {
    // The annotations are the test: they compile only if fit carries the head kind into predict.
    const values: Float64Array = new FeatureTransfer({ map: new PCA({ components: 2 }) }).fit({ X, y: [0, 1, 2, 3, 4, 5] }).predict(X);
    const labels: ClassLabel[] = new FeatureTransfer({ map: new PCA({ components: 2 }) })
      .fit({ X, y: ['a', 'a', 'a', 'b', 'b', 'b'] })
      .predict(X);
    const digits: ClassLabel[] = new FeatureTransfer({ map: new PCA({ components: 2 }), head: 'classification' })
      .fit({ X, y: [0, 0, 0, 1, 1, 1] })
      .predict(X);
    expect(values).toBeInstanceOf(Float64Array);
    expect(values).toHaveLength(6);
    expect(labels.every((l) => l === 'a' || l === 'b')).toBe(true);
    expect(digits.every((l) => l === 0 || l === 1)).toBe(true);
  });
});
