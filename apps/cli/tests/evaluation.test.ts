import { quantileOfSorted, summariseClassification, summariseRegression } from '../src/evaluation.js';
import { linearForm } from '../src/linear-probe.js';
import type { DenseMatrix } from '@tlkit/tensor-core';

describe('summariseClassification', () => {
  it('counts a hand-made confusion matrix: rows true, columns predicted; precision, recall and F1 per class', () => {
    const y = ['a', 'a', 'a', 'b', 'b', 'c'];
    const p = ['a', 'b', 'a', 'b', 'a', 'b'];
    const s = summariseClassification(y, p, ['a', 'b', 'c']);
    expect(s.confusion).toEqual([
      [2, 1, 0],
      [1, 1, 0],
      [0, 1, 0],
    ]);
    expect(s.accuracy).toBeCloseTo(3 / 6, 15);
    expect(s.perClass[0]).toEqual({ class: 'a', support: 3, precision: 2 / 3, recall: 2 / 3, f1: 2 / 3 });
    expect(s.perClass[1]).toMatchObject({ class: 'b', support: 2, precision: 1 / 3, recall: 1 / 2 });
    expect(s.perClass[1].f1).toBeCloseTo(0.4, 15);
    // c is never predicted: no precision; its recall is 0.
    expect(s.perClass[2]).toEqual({ class: 'c', support: 1, precision: null, recall: 0, f1: null });
    expect(s.balancedAccuracy).toBeCloseTo((2 / 3 + 1 / 2 + 0) / 3, 15);
    expect(s.logLoss).toBeUndefined();
  });

  it('adds a label the model never saw as its own row, and gives log loss only when every label is a model class', () => {
    const P: DenseMatrix = { rows: 2, cols: 2, data: Float64Array.from([0.8, 0.2, 0.3, 0.7]) };
    const known = summariseClassification(['a', 'b'], ['a', 'b'], ['a', 'b'], P);
    expect(known.logLoss).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 12);
    const unseen = summariseClassification(['a', 'z'], ['a', 'b'], ['a', 'b'], P);
    expect(unseen.classes).toEqual(['a', 'b', 'z']);
    expect(unseen.confusion[2]).toEqual([0, 1, 0]);
    expect(unseen.logLoss).toBeUndefined();
  });
});

describe('summariseRegression', () => {
  it('residuals are label − prediction; quantiles interpolate as numpy.quantile does', () => {
    const y = Float64Array.from([1, 2, 3, 4, 5]);
    const p = Float64Array.from([1.5, 2, 2, 4, 7]);
    const s = summariseRegression(y, p);
    // residuals: −0.5, 0, 1, 0, −2 → sorted −2, −0.5, 0, 0, 1; numpy.quantile(…, 0.05) = −1.7, 0.25 → −0.5, 0.95 → 0.8
    expect(s.residualQuantiles.min).toBe(-2);
    expect(s.residualQuantiles.p05).toBeCloseTo(-1.7, 12);
    expect(s.residualQuantiles.p25).toBeCloseTo(-0.5, 12);
    expect(s.residualQuantiles.median).toBe(0);
    expect(s.residualQuantiles.p95).toBeCloseTo(0.8, 12);
    expect(s.residualQuantiles.max).toBe(1);
    expect(s.bias).toBeCloseTo(-1.5 / 5, 15);
    expect(s.mae).toBeCloseTo(3.5 / 5, 15);
    expect(s.rmse).toBeCloseTo(Math.sqrt(5.25 / 5), 15);
    expect(quantileOfSorted(Float64Array.from([7]), 0.3)).toBe(7);
  });
});

describe('linearForm', () => {
  const outputsOf =
    (f: (x: Float64Array) => number[]) =>
    (X: DenseMatrix): DenseMatrix => {
      const rows = Array.from({ length: X.rows }, (_, i) => f(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
      return { rows: X.rows, cols: rows[0].length, data: Float64Array.from(rows.flat()) };
    };

  it('reads off the intercept and coefficients of an affine model, per output', () => {
    const form = linearForm(
      outputsOf((x) => [3 + 2 * x[0] - x[2], -1 + 0.5 * x[1]]),
      3,
    );
    expect(form?.intercept).toEqual([3, -1]);
    expect(form?.coef).toEqual([
      [2, 0],
      [0, 0.5],
      [-1, 0],
    ]);
  });

  it('refuses a model that is not linear (a kernel map)', () => {
    expect(
      linearForm(
        outputsOf((x) => [Math.exp(-(x[0] ** 2) - x[1] ** 2)]),
        2,
      ),
    ).toBeUndefined();
    expect(
      linearForm(
        outputsOf((x) => [x[0] * x[1]]),
        2,
      ),
    ).toBeUndefined();
  });
});
