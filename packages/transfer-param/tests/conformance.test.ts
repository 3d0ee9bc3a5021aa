import { NotFittedError, Preprocessor, Random, parseCsv, zeros, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV } from '@tlkit/ridge';
import { ParameterTransfer, type ParameterTransferOptions } from '@tlkit/transfer-param';

/**
 * The estimator contract for ParameterTransfer: NotFittedError before fit; fit → toJSON → JSON text → fromJSON
 * predicts identically; a refit after loading behaves as the original refitted (every option was saved); foreign and
 * newer JSON are rejected.
 */
function rows(n: number, rng: Random, shift = 0): DenseMatrix {
  const m = zeros(n, 3);
  for (let i = 0; i < m.data.length; i++) m.data[i] = shift + rng.normal();
  return m;
}
const value = (X: DenseMatrix, i: number, w: readonly number[]) => w.reduce((s, wj, j) => s + wj * X.data[i * 3 + j], 0);

const rng = new Random(5);
const Xs = rows(80, rng);
const regressionSource = new RidgeCV({ cv: 'evidence' }).fit(
  Xs,
  Float64Array.from({ length: 80 }, (_, i) => value(Xs, i, [1, -2, 0.5]) + 0.3 * rng.normal()),
);
const classifierSource = new RidgeClassifierCV({ cv: 'evidence' }).fit(
  Xs,
  Array.from({ length: 80 }, (_, i) => (value(Xs, i, [1, 1, 0]) > 0 ? 'up' : 'down')),
);

interface Case {
  readonly name: string;
  readonly make: () => ParameterTransfer;
  readonly y: (X: DenseMatrix, r: Random) => Float64Array | string[];
}

const regressionOptions: ParameterTransferOptions = { alphas: [0, 0.5, 4, Infinity], cv: 3, scaler: 'refit', seed: 9 };
const CASES: readonly Case[] = [
  {
    name: 'regression',
    make: () => new ParameterTransfer(regressionSource, regressionOptions),
    y: (X, r) => Float64Array.from({ length: X.rows }, (_, i) => value(X, i, [1.2, -1.7, 0.4]) + 0.2 * r.normal()),
  },
  {
    name: 'classification with a class the source never saw',
    make: () => new ParameterTransfer(classifierSource, { cv: 'loo', scaler: 'none', classes: ['up', 'down', 'flat'] }),
    y: (X, r) =>
      Array.from({ length: X.rows }, (_, i) => {
        const v = value(X, i, [1, 0.8, 0.2]) + 0.3 * r.normal();
        return v > 0.5 ? 'up' : v < -0.5 ? 'down' : 'flat';
      }),
  },
];

describe.each(CASES)('ParameterTransfer ($name)', ({ make, y }) => {
  const r = new Random(17);
  const X1 = rows(12, r, 0.3);
  const y1 = y(X1, r);
  const X2 = rows(15, r, -0.2);
  const y2 = y(X2, r);
  const Xnew = rows(9, r);

  it('throws NotFittedError before fit', () => {
    expect(() => make().predict(Xnew)).toThrow(NotFittedError);
    expect(() => make().toJSON()).toThrow(NotFittedError);
  });

  it('predicts identically after toJSON → JSON text → fromJSON', () => {
    const model = make().fit(X1, y1);
    const loaded = ParameterTransfer.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(loaded.predict(Xnew)).toEqual(model.predict(Xnew));
    expect(loaded.alpha).toBe(model.alpha);
    expect(loaded.toJSON()).toEqual(JSON.parse(JSON.stringify(model.toJSON())));
  });

  it('refits after loading with the saved options', () => {
    const loaded = ParameterTransfer.fromJSON(JSON.parse(JSON.stringify(make().fit(X1, y1).toJSON())));
    loaded.fit(X2, y2);
    const fresh = make().fit(X2, y2);
    expect(loaded.predict(Xnew)).toEqual(fresh.predict(Xnew));
    expect(loaded.toJSON()).toEqual(fresh.toJSON());
  });

  it('rejects foreign and newer JSON', () => {
    const json = make().fit(X1, y1).toJSON();
    expect(() => ParameterTransfer.fromJSON({ ...json, kind: 'FeatureTransfer' })).toThrow(TypeError);
    expect(() => ParameterTransfer.fromJSON({ ...json, version: 2 })).toThrow(RangeError);
    expect(() => ParameterTransfer.fromJSON(null)).toThrow(TypeError);
  });
});

describe('ParameterTransfer with a preprocessor', () => {
  it('keeps the source preprocessor through JSON and reads tables with it', () => {
    const source = parseCsv('a,b,c,y\n1,2,x,3\n2,1,y,5\n3,4,x,7\n4,3,y,9\n5,6,x,10\n6,5,y,13\n');
    const preprocessor = new Preprocessor({ label: 'y' });
    const s = preprocessor.fitTransform(source);
    const model = new RidgeCV({ cv: 'evidence' }).fit(s.X, s.y as Float64Array);
    const target = parseCsv('a,b,c,y\n1,1,x,4\n3,3,y,8\n5,5,x,11\n');
    const transfer = new ParameterTransfer({ model, preprocessor }).fit(target);
    const loaded = ParameterTransfer.fromJSON(JSON.parse(JSON.stringify(transfer.toJSON())));
    expect(loaded.predict(target)).toEqual(transfer.predict(target));
    expect(loaded.source.preprocessor?.toJSON()).toEqual(preprocessor.toJSON());
  });
});
