import {
  accuracy,
  logLoss,
  macroF1,
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
  rootMeanSquaredError,
  ShapeMismatchError,
} from '@tlkit/tensor-core';

// Expected values are the examples of scikit-learn's metric documentation (sklearn.metrics, 1.2).
describe('metrics', () => {
  const yTrue = [3, -0.5, 2, 7];
  const yPred = [2.5, 0.0, 2, 8];

  it('regression metrics equal scikit-learn', () => {
    expect(meanSquaredError(yTrue, yPred)).toBeCloseTo(0.375, 15);
    expect(rootMeanSquaredError(yTrue, yPred)).toBeCloseTo(Math.sqrt(0.375), 15);
    expect(meanAbsoluteError(yTrue, yPred)).toBeCloseTo(0.5, 15);
    expect(r2Score(yTrue, yPred)).toBeCloseTo(0.9486081370449679, 14);
    expect(r2Score([1, 1], [1, 1])).toBe(1);
    expect(r2Score([1, 1], [1, 2])).toBe(0);
  });

  it('classification metrics equal scikit-learn', () => {
    expect(accuracy([0, 2, 1, 3], [0, 1, 2, 3])).toBe(0.5);
    expect(macroF1([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1])).toBeCloseTo(0.26666666666666666, 14);
    const proba = { rows: 4, cols: 2, data: new Float64Array([0.1, 0.9, 0.9, 0.1, 0.8, 0.2, 0.35, 0.65]) };
    expect(logLoss(['spam', 'ham', 'ham', 'spam'], proba, ['ham', 'spam'])).toBeCloseTo(0.21616187468057912, 14);
  });

  it('rejects mismatched, empty and unknown input', () => {
    expect(() => meanSquaredError([1, 2], [1])).toThrow(new ShapeMismatchError('meanSquaredError: yTrue has 2 rows, yPred has 1'));
    expect(() => accuracy([], [])).toThrow('accuracy: yTrue is empty');
    const proba = { rows: 1, cols: 2, data: new Float64Array([0.5, 0.5]) };
    expect(() => logLoss(['x'], proba, ['a', 'b'])).toThrow('logLoss: label x at row 0 is not among classes');
  });
});
