import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BadDataError,
  NotFittedError,
  Preprocessor,
  Random,
  ShapeMismatchError,
  StandardScaler,
  inferSchema,
  parseCsv,
  zeros,
  type DenseMatrix,
} from '@tlkit/tensor-core';
import { RidgeClassifier, RidgeCV, RidgeRegression } from '@tlkit/ridge';
import { ParameterTransfer } from '@tlkit/transfer-param';

function randomMatrix(rows: number, cols: number, rng: Random): DenseMatrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal();
  return m;
}

function targets(X: DenseMatrix, w: readonly number[], b: number, noise: number, rng: Random): Float64Array {
  return Float64Array.from(
    { length: X.rows },
    (_, i) => b + w.reduce((s, wj, j) => s + wj * X.data[i * X.cols + j], 0) + noise * rng.normal(),
  );
}

const rng = new Random(1);
const wSource = [2, -1, 0.5, 1.5, -2];
const Xs = randomMatrix(300, 5, rng);
const ys = targets(Xs, wSource, 1, 0.3, rng);
const source = new RidgeRegression({ alpha: 1 }).fit(Xs, ys);
const Xt = randomMatrix(15, 5, rng);

describe('ParameterTransfer (linear)', () => {
  it('λ → ∞ reproduces the source coefficients; λ → 0 reproduces target-only least squares', () => {
    const yt = targets(Xt, [1, 1, 1, 1, 1], 0, 0.3, rng);
    const kept = new ParameterTransfer(source, { alphas: [Infinity] }).fit(Xt, yt);
    expect(Array.from(kept.coefMatrix.data)).toEqual(Array.from(source.coef as Float64Array));
    expect(kept.alpha).toBe(Infinity);
    const ignored = new ParameterTransfer(source, { alphas: [1e-12], cv: 'loo' }).fit(Xt, yt);
    const targetOnly = new RidgeRegression({ alpha: 0 }).fit(Xt, yt);
    const a = ignored.coefMatrix.data;
    const b = targetOnly.coef as Float64Array;
    a.forEach((v, j) => expect(v).toBeCloseTo(b[j], 8));
  });

  it('chooses a large λ when the target copies the source and a small one when it is unrelated', () => {
    const copy = new ParameterTransfer(source).fit(Xt, targets(Xt, wSource, 1, 0.3, rng));
    const unrelated = new ParameterTransfer(source).fit(Xt, targets(Xt, [-2, 2, -3, -1, 3], 0, 0.3, rng));
    expect(copy.alpha).toBeGreaterThan(1000 * unrelated.alpha);
    expect(copy.logEvidenceRatio).toBeGreaterThan(0);
    expect(copy.logEvidenceRatio).toBeGreaterThan(unrelated.logEvidenceRatio);
    expect(copy.curve.criterion).toBe('log-evidence');
    expect(copy.curve.alphas).toContain(0);
    expect(copy.curve.alphas).toContain(Infinity);
  });

  it('satisfies the biased-ridge reference values of scikit-learn-era numpy (../shared/reference)', () => {
    const ref = JSON.parse(readFileSync(join(__dirname, '..', '..', 'ridge', 'tests', 'fixtures', 'ridge_ref.json'), 'utf8')) as {
      X: number[][];
      y: number[];
      biased_ridge: { w0: number[]; cases: { alpha: number; fit_intercept: boolean; coef: number[]; intercept: number }[] };
    };
    const w0 = ref.biased_ridge.w0;
    const sourceModel = RidgeRegression.fromJSON({
      kind: 'RidgeRegression',
      version: 1,
      alpha: 1,
      fitIntercept: true,
      solver: 'auto',
      coef: [w0],
      intercept: [0],
      isVector: true,
    });
    for (const c of ref.biased_ridge.cases.filter((k) => k.fit_intercept)) {
      const t = new ParameterTransfer(sourceModel, { alphas: [c.alpha], scaler: 'none' }).fit(ref.X, ref.y);
      t.coefMatrix.data.forEach((v, j) => expect(Math.abs(v - c.coef[j])).toBeLessThan(1e-9 * Math.max(1, Math.abs(c.coef[j]))));
      expect(Math.abs(t.intercepts[0] - c.intercept)).toBeLessThan(1e-9);
    }
  });

  it('gives classes the source never saw a zero prior row, and keeps the source rows for the others', () => {
    const labels = Array.from({ length: 300 }, (_, i) => (Xs.data[i * 5] > 0 ? 'up' : 'down'));
    const clf = new RidgeClassifier({ alpha: 1 }).fit(Xs, labels);
    const targetLabels = Array.from({ length: 15 }, (_, i) => ['up', 'down', 'sideways'][i % 3]);
    const t = new ParameterTransfer(clf, { alphas: [Infinity] }).fit(Xt, targetLabels);
    expect(t.classes).toEqual(['down', 'up', 'sideways']);
    const W = t.coefMatrix;
    expect(Array.from(W.data.subarray(0, 10))).toEqual(Array.from(clf.coefMatrix.data));
    expect(Array.from(W.data.subarray(10))).toEqual([0, 0, 0, 0, 0]);
    expect(t.predict(Xt)).toHaveLength(15);
  });

  it('transfers several outputs at once', () => {
    const Y = Array.from({ length: 300 }, (_, i) => [ys[i], -ys[i]]);
    const multi = new RidgeCV({ cv: 'evidence' }).fit(Xs, Y);
    const yt = targets(Xt, wSource, 1, 0.3, rng);
    const t = new ParameterTransfer(multi).fit(
      Xt,
      Array.from(yt, (v) => [v, -v]),
    );
    expect(t.coefMatrix.rows).toBe(2);
    expect(() => new ParameterTransfer(multi).fit(Xt, yt)).toThrow('ParameterTransfer.fit: y has 1 outputs, the source model has 2');
  });

  it('checks target tables against the source schema and scales with the source scaler or a refitted one', () => {
    const table = parseCsv('a,b,y\n1,10,3\n2,20,5\n3,30,8\n4,45,9\n5,50,12\n', { source: 'source.csv' });
    const schema = inferSchema(table, { label: 'y' });
    const Xsrc = [
      [1, 10],
      [2, 20],
      [3, 30],
      [4, 45],
      [5, 50],
    ];
    const scaler = new StandardScaler().fit(Xsrc);
    const model = new RidgeRegression({ alpha: 0.1 }).fit(scaler.transform(Xsrc), [3, 5, 8, 9, 12]);
    const target = parseCsv('a,b,y\n1,12,4\n2,19,6\n3,33,9\n', { source: 'target.csv' });
    const preprocessor = Preprocessor.fromParts(schema, scaler);
    const t = new ParameterTransfer({ model, preprocessor }).fit(target);
    expect(t.predict(target)).toHaveLength(3);
    expect(t.score(target)).toBeGreaterThan(0.5);
    const refit = new ParameterTransfer({ model, preprocessor }, { scaler: 'refit' }).fit(target);
    expect(refit.toJSON().targetScaler?.mean).toEqual([2, (12 + 19 + 33) / 3]);
    const wrong = parseCsv('a,c,y\n1,2,3\n', { source: 'target.csv' });
    expect(() => t.fit(wrong)).toThrow(BadDataError);
    expect(() => t.fit(wrong)).toThrow('target.csv: column "b" missing (the source has it)');
    expect(() => new ParameterTransfer({ model, schema, scaler } as never)).toThrow(
      'ParameterTransfer: a source with "schema" and "scaler" needs them as one preprocessor: { model, preprocessor: Preprocessor.fromParts(schema, scaler) }',
    );
    expect(() => new ParameterTransfer(model).fit(target)).toThrow(
      'ParameterTransfer.fit: a Table needs a source with a preprocessor ({ model, preprocessor })',
    );
    expect(() => new ParameterTransfer(source).fit([[1, 2]], [1])).toThrow(
      new ShapeMismatchError('ParameterTransfer.fit: X has 2 columns, the source model has 5'),
    );
  });

  it('round-trips through JSON and reports bad sources and use before fit', () => {
    const yt = targets(Xt, wSource, 1, 0.3, rng);
    const t = new ParameterTransfer(source, { cv: 'loo' }).fit(Xt, yt);
    const back = ParameterTransfer.fromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    expect(back.predict(Xt)).toEqual(t.predict(Xt));
    expect(back.alpha).toBe(t.alpha);
    expect(back.logEvidenceRatio).toBeCloseTo(t.logEvidenceRatio, 10);
    expect(() => new ParameterTransfer(new RidgeRegression())).toThrow('ParameterTransfer: the source model is not fitted');
    expect(() => new ParameterTransfer({ kind: 'Mystery' } as never)).toThrow(
      'ParameterTransfer: the source must be a fitted RidgeRegression',
    );
    expect(() => new ParameterTransfer(source).alpha).toThrow(NotFittedError);
    expect(() => ParameterTransfer.fromJSON({ kind: 'ParameterTransfer', version: 2 })).toThrow(RangeError);
  });
});
