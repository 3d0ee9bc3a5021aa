import { loadTask } from '@tlkit/datasets';
import { Preprocessor, rootMeanSquaredError, sampleLabelled, selectRows } from '@tlkit/tensor-core';
import { RidgeCV } from '@tlkit/ridge';
import { ParameterTransfer } from '@tlkit/transfer-param';

// Real data (issue: transfer-param). Source model: ridge on the source domain, features standardised with the
// source's statistics, alpha by evidence. For k labelled target rows over 40 seeded draws, mean RMSE on the other
// target rows of: parameter transfer (λ by evidence), target-only ridge tuned the same way (evidence, same scaling),
// and the source model alone.
// numpy reference at k = 10: Japan 4.34 / 4.50 / 5.26, Europe 4.63 / 4.91 / 5.52 (param / target-only / source-only).
// Measured here with this project's draws (param / target-only / source-only):
//   cars USA → Japan:  k=5 5.08 / 5.56 / 5.22, k=10 4.55 / 4.67 / 5.21, k=20 4.13 / 4.21 / 5.14, k=40 3.76 / 3.76 / 5.22
//   cars USA → Europe: k=5 5.32 / 6.30 / 5.55, k=10 4.67 / 4.80 / 5.54, k=20 4.10 / 4.18 / 5.55, k=40 3.69 / 3.75 / 5.22
//   penguins Adélie → Gentoo (g): k=5 300 / 352 / 1095, k=10 285 / 311 / 1095, k=20 283 / 297 / 1095, k=40 276 / 286 / 1090
//   penguins Adélie → Chinstrap (g): k=5 367 / 394 / 419, k=10 336 / 359 / 417, k=20 313 / 307 / 419, k=40 288 / 286 / 414
// The gain fades as target rows grow; on Chinstrap it is gone by 20 rows. The Gentoo source model alone is far off
// (heavier birds: a level shift) while its slopes still help: the intercept is free, the weights are pulled.
interface Result {
  param: number;
  targetOnly: number;
  sourceOnly: number;
}

function evaluate(taskName: string, k: number, draws = 40): Result {
  const task = loadTask(taskName);
  const preprocessor = new Preprocessor({ label: task.label });
  const src = preprocessor.fitTransform(task.source);
  const model = new RidgeCV({ cv: 'evidence' }).fit(src.X, src.y as Float64Array);
  const sums: Result = { param: 0, targetOnly: 0, sourceOnly: 0 };
  for (let seed = 0; seed < draws; seed++) {
    const { train, test } = sampleLabelled(task.target.rows.length, k, { seed });
    const labelled = selectRows(task.target, train);
    const held = selectRows(task.target, test);
    const heldRows = preprocessor.transform(held);
    const truth = heldRows.y as Float64Array;
    const transfer = new ParameterTransfer({ model, preprocessor }).fit(labelled);
    const lab = preprocessor.transform(labelled);
    const targetOnly = new RidgeCV({ cv: 'evidence' }).fit(lab.X, lab.y as Float64Array);
    const heldX = heldRows.X;
    sums.param += rootMeanSquaredError(truth, transfer.predict(held));
    sums.targetOnly += rootMeanSquaredError(truth, targetOnly.predict(heldX));
    sums.sourceOnly += rootMeanSquaredError(truth, model.predict(heldX));
  }
  return { param: sums.param / draws, targetOnly: sums.targetOnly / draws, sourceOnly: sums.sourceOnly / draws };
}

describe('parameter transfer on real data', () => {
  it.each(['cars-usa-japan', 'cars-usa-europe'])('%s: beats target-only at 5 and 10 rows, and the source model at 10', (name) => {
    const five = evaluate(name, 5);
    const ten = evaluate(name, 10);
    expect(five.param).toBeLessThan(five.targetOnly);
    expect(ten.param).toBeLessThan(ten.targetOnly);
    expect(ten.param).toBeLessThan(ten.sourceOnly);
  });

  it('penguins Adélie → Gentoo: the source slopes help at 10 rows although the source model alone is far off', () => {
    const r = evaluate('penguins-adelie-gentoo', 10);
    expect(r.param).toBeLessThan(r.targetOnly);
    expect(r.sourceOnly).toBeGreaterThan(2 * r.targetOnly);
  });
});
