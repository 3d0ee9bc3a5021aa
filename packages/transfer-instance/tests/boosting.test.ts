import { Random, accuracy, rootMeanSquaredError, vstack, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV } from '@tlkit/ridge';
import { TrAdaBoost, TrAdaBoostR2, TwoStageTrAdaBoostR2 } from '@tlkit/transfer-instance';

// Sources with a consistent part (labelled by the target's rule) and a misleading part (labelled by another rule):
// boosting for transfer should learn to trust the first and distrust the second.
const rng = new Random(21);
const rows = (n: number): DenseMatrix => ({ rows: n, cols: 2, data: Float64Array.from({ length: 2 * n }, () => rng.normal()) });
const mean = (v: ArrayLike<number>, from: number, to: number) => {
  let s = 0;
  for (let i = from; i < to; i++) s += v[i];
  return s / (to - from);
};

describe('TrAdaBoost (classification)', () => {
  const rule = (X: DenseMatrix, sign: number) =>
    Array.from({ length: X.rows }, (_, i) => (sign * X.data[2 * i] + 0.3 * X.data[2 * i + 1] > 0 ? 'a' : 'b'));
  const good = rows(80);
  const bad = rows(40);
  const Xs = vstack([good, bad]);
  const ys = [...rule(good, 1), ...rule(bad, -1)];
  const Xt = rows(20);
  const yt = rule(Xt, 1);
  const Xtest = rows(400);
  const ytest = rule(Xtest, 1);
  const model = new TrAdaBoost({ estimators: 20 }).fit({ X: Xs, y: ys }, { X: Xt, y: yt });

  it('down-weights the misleading source rows (Dai et al.: β^{|h − c|} shrinks the misclassified source rows)', () => {
    expect(mean(model.sourceWeights, 80, 120)).toBeLessThan(0.2 * mean(model.sourceWeights, 0, 80));
  });

  // Measured (seed 21): TrAdaBoost 0.945, pooled ridge 0.83, target-only ridge 0.84; misleading/consistent weight 0.12.
  it('beats pooling the domains and the target rows alone', () => {
    const pooled = new RidgeClassifierCV({ cv: 'evidence' }).fit(vstack([Xs, Xt]), [...ys, ...yt]);
    const targetOnly = new RidgeClassifierCV({ cv: 'evidence' }).fit(Xt, yt);
    const boosted = accuracy(ytest, model.predict(Xtest));
    expect(boosted).toBeGreaterThan(accuracy(ytest, pooled.predict(Xtest)) + 0.05);
    expect(boosted).toBeGreaterThan(accuracy(ytest, targetOnly.predict(Xtest)) + 0.03);
    expect(model.classes).toEqual(['a', 'b']);
  });

  it('needs labelled target rows and labels it can read', () => {
    expect(() => new TrAdaBoost().fit({ X: Xs, y: ys }, { X: [], y: [] })).toThrow(/TrAdaBoost/);
    expect(() => new TrAdaBoost().fit({ X: Xs, y: ys.slice(1) }, { X: Xt, y: yt })).toThrow(/source.y has 119 rows, source.X has 120/);
    expect(() => new TrAdaBoost().fit({ X: Xs, y: ys }, { X: Xt, y: [...yt.slice(1), NaN] as string[] })).toThrow(/invalid label/);
    expect(() => new TrAdaBoost({ estimators: 0 })).toThrow(/estimators must be an integer ≥ 1/);
  });
});

describe('TrAdaBoost.R2 and two-stage TrAdaBoost.R2 (regression)', () => {
  const f = (X: DenseMatrix, a: number) =>
    Float64Array.from({ length: X.rows }, (_, i) => a * X.data[2 * i] - X.data[2 * i + 1] + 0.1 * rng.normal());
  const good = rows(80);
  const bad = rows(40);
  const Xs = vstack([good, bad]);
  const ys = Float64Array.from([...f(good, 2), ...f(bad, -2)]);
  const Xt = rows(15);
  const yt = f(Xt, 2);
  const Xtest = rows(400);
  const ytest = f(Xtest, 2);
  const pooled = rootMeanSquaredError(
    ytest,
    new RidgeCV({ cv: 'evidence' }).fit(vstack([Xs, Xt]), Float64Array.from([...ys, ...yt])).predict(Xtest),
  );

  const targetOnly = rootMeanSquaredError(ytest, new RidgeCV({ cv: 'evidence' }).fit(Xt, yt).predict(Xtest));

  // Measured (seed 21): RMSE TrAdaBoost.R2 0.108, two-stage 0.119, target-only 0.138, pooled 1.139; misleading/consistent
  // source weight 0.156 (TrAdaBoost.R2) and 0.0004 (two-stage, step 9 of 10).
  it('TrAdaBoost.R2 down-weights the misleading source rows and beats pooling and the target rows alone', () => {
    const model = new TrAdaBoostR2({ estimators: 20 }).fit({ X: Xs, y: ys }, { X: Xt, y: yt });
    expect(mean(model.sourceWeights, 80, 120)).toBeLessThan(0.3 * mean(model.sourceWeights, 0, 80));
    expect(rootMeanSquaredError(ytest, model.predict(Xtest))).toBeLessThan(0.2 * pooled);
    expect(rootMeanSquaredError(ytest, model.predict(Xtest))).toBeLessThan(targetOnly);
  });

  it('two-stage TrAdaBoost.R2 picks a step that distrusts the misleading rows, and beats pooling', () => {
    const model = new TwoStageTrAdaBoostR2({ seed: 4 }).fit({ X: Xs, y: ys }, { X: Xt, y: yt });
    expect(model.step).toBeGreaterThan(1);
    expect(model.stepErrors).toHaveLength(10);
    expect(mean(model.sourceWeights, 80, 120)).toBeLessThan(0.05 * mean(model.sourceWeights, 0, 80));
    expect(rootMeanSquaredError(ytest, model.predict(Xtest))).toBeLessThan(0.2 * pooled);
  });

  it('names bad options and input', () => {
    expect(() => new TrAdaBoostR2({ loss: 'huber' as 'linear' })).toThrow(/loss must be one of/);
    expect(() => new TwoStageTrAdaBoostR2({ steps: 1 })).toThrow(/steps must be an integer ≥ 2/);
    expect(() => new TwoStageTrAdaBoostR2().fit({ X: Xs, y: ys }, { X: [[0, 1]], y: [1] })).toThrow(/at least 2 labelled target rows/);
    expect(() => new TrAdaBoostR2().fit({ X: Xs, y: ys }, { X: [[0, 1, 2]], y: [1] })).toThrow(/target.X has 3 columns, expected 2/);
    expect(() => new TrAdaBoostR2({ alpha: -1 })).toThrow(/alpha must be a finite number ≥ 0/);
  });
});
