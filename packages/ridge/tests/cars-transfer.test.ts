import { loadTask } from '@tlkit/datasets';
import {
  encodeTable,
  inferSchema,
  rootMeanSquaredError,
  sampleLabelled,
  StandardScaler,
  takeRows,
  type DenseMatrix,
} from '@tlkit/tensor-core';
import { RidgeCV } from '@tlkit/ridge';
import { vector } from './helpers.js';

// Real data (issue: workspace foundation): cars from vega-datasets, mpg from six measurements standardised with
// the USA cars' statistics. Source model: ridge on the USA cars, alpha by evidence. With k labelled target cars,
// biased ridge toward the USA coefficients (alpha by evidence) against target-only ridge tuned the same way and
// against the USA model alone, mean RMSE on the remaining target cars over 40 seeded draws.
// A numpy run of this protocol gave, at k = 10: Japan 4.34 / 4.50 / 5.26 and Europe 4.63 / 4.91 / 5.52
// (param / target-only / source-only); at k = 20 Japan 4.16 / 4.11.
// Measured here (40 draws of this project's seeded generator): k = 10 Japan 4.55 / 4.67 / 5.21, Europe
// 4.67 / 4.80 / 5.54; k = 20 Japan 4.13 / 4.21 / 5.14. Same ordering as numpy; the draws differ.
interface Curve {
  param: number;
  targetOnly: number;
  sourceOnly: number;
}

function evaluate(taskName: string, k: number, draws: number): Curve {
  const task = loadTask(taskName);
  const schema = inferSchema(task.source, { label: task.label });
  const src = encodeTable(task.source, schema);
  const tgt = encodeTable(task.target, schema);
  const scaler = new StandardScaler().fit(src.X);
  const Xs = scaler.transform(src.X);
  const Xt: DenseMatrix = scaler.transform(tgt.X);
  const ys = src.y as Float64Array;
  const yt = tgt.y as Float64Array;
  const source = new RidgeCV({ cv: 'evidence' }).fit(Xs, ys);
  const prior = { coef: vector(source.coef) };
  const sums = { param: 0, targetOnly: 0, sourceOnly: 0 };
  for (let seed = 0; seed < draws; seed++) {
    const { train, test } = sampleLabelled(Xt.rows, k, { seed });
    const Xl = takeRows(Xt, train);
    const yl = Array.from(train, (i) => yt[i]);
    const Xtest = takeRows(Xt, test);
    const ytest = Array.from(test, (i) => yt[i]);
    const param = new RidgeCV({ cv: 'evidence', prior }).fit(Xl, yl);
    const targetOnly = new RidgeCV({ cv: 'evidence' }).fit(Xl, yl);
    sums.param += rootMeanSquaredError(ytest, vector(param.predict(Xtest)));
    sums.targetOnly += rootMeanSquaredError(ytest, vector(targetOnly.predict(Xtest)));
    sums.sourceOnly += rootMeanSquaredError(ytest, vector(source.predict(Xtest)));
  }
  return { param: sums.param / draws, targetOnly: sums.targetOnly / draws, sourceOnly: sums.sourceOnly / draws };
}

describe('biased ridge on real data: cars USA → Japan / Europe', () => {
  it.each(['cars-usa-japan', 'cars-usa-europe'])('%s with 10 target rows: transfer beats target-only and source-only', (name) => {
    const r = evaluate(name, 10, 40);
    expect(r.param).toBeLessThan(r.targetOnly);
    expect(r.param).toBeLessThan(r.sourceOnly);
  });

  it('at 20 rows the gain over target-only fades (reported, not asserted as a win)', () => {
    const r = evaluate('cars-usa-japan', 20, 40);
    expect(r.param).toBeLessThan(r.sourceOnly);
    expect(Math.abs(r.param - r.targetOnly)).toBeLessThan(0.5);
  });
});
