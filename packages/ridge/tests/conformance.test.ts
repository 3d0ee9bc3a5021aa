import { NotFittedError, Random, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifier, RidgeClassifierCV, RidgeRegression, compareLabels } from '@tlkit/ridge';
import { linearTargets, randomMatrix } from './helpers.js';

/**
 * The estimator contract (in the spirit of scikit-learn's check_estimator), for every estimator of this package:
 * NotFittedError before fit; fit → toJSON → JSON text → fromJSON predicts identically; a refit after loading behaves
 * as the original estimator refitted (every hyper-parameter was saved); foreign and newer JSON are rejected.
 */
interface Estimator {
  fit(X: DenseMatrix, y: never): unknown;
  predict(X: DenseMatrix): unknown;
  toJSON(): { kind: string; version: number };
}

interface Case {
  readonly name: string;
  readonly make: () => Estimator;
  readonly load: (json: unknown) => Estimator;
  readonly y: (X: DenseMatrix, rng: Random) => unknown;
}

const d = 4;
const prior = { coef: [0.5, -1, 0.25, 2] };
const classes = ['b', 'a', 'c'];
const classPrior = { coef: classes.map((_, c) => Array.from({ length: d }, (_, j) => (c - j) / 4)) };
const regression = (X: DenseMatrix, rng: Random) => linearTargets(X, [1, -2, 0.5, 3], 0.3, 0.8, rng);
const labels = (X: DenseMatrix, rng: Random) =>
  Array.from({ length: X.rows }, (_, i) => {
    const v = X.data[i * d] + 0.5 * X.data[i * d + 1] + 0.7 * rng.normal();
    return v > 0.4 ? 'a' : v < -0.4 ? 'b' : 'c';
  });

const CASES: readonly Case[] = [
  {
    name: 'RidgeRegression',
    make: () => new RidgeRegression({ alpha: 0.7, fitIntercept: false, solver: 'eigen', prior: { ...prior, intercept: 0.2 } }),
    load: (j) => RidgeRegression.fromJSON(j),
    y: regression,
  },
  {
    name: 'RidgeCV',
    make: () => new RidgeCV({ alphas: [0.05, 3], cv: 3, seed: 11, solver: 'cholesky', prior }),
    load: (j) => RidgeCV.fromJSON(j),
    y: regression,
  },
  {
    name: "RidgeCV (alphas 'auto')",
    make: () => new RidgeCV({ cv: 'evidence' }),
    load: (j) => RidgeCV.fromJSON(j),
    y: regression,
  },
  {
    name: 'RidgeClassifier',
    make: () => new RidgeClassifier({ alpha: 2, classes, prior: classPrior, solver: 'dual' }),
    load: (j) => RidgeClassifier.fromJSON(j),
    y: labels,
  },
  {
    name: 'RidgeClassifierCV',
    make: () => new RidgeClassifierCV({ alphas: [0.1, 30], cv: 4, seed: 3, classes, prior: classPrior, solver: 'eigen' }),
    load: (j) => RidgeClassifierCV.fromJSON(j),
    y: labels,
  },
  {
    name: "RidgeClassifierCV (alphas 'auto')",
    make: () => new RidgeClassifierCV({ cv: 'evidence' }),
    load: (j) => RidgeClassifierCV.fromJSON(j),
    y: labels,
  },
];

describe.each(CASES)('$name', ({ make, load, y }) => {
  const rng = new Random(21);
  const X1 = randomMatrix(40, d, rng);
  const y1 = y(X1, rng) as never;
  const X2 = randomMatrix(25, d, rng, 0.5);
  const y2 = y(X2, rng) as never;
  const Xnew = randomMatrix(12, d, rng);

  it('throws NotFittedError before fit', () => {
    expect(() => make().predict(Xnew)).toThrow(NotFittedError);
    expect(() => make().toJSON()).toThrow(NotFittedError);
  });

  it('predicts identically after toJSON → JSON text → fromJSON', () => {
    const model = make();
    model.fit(X1, y1);
    const loaded = load(JSON.parse(JSON.stringify(model.toJSON())));
    expect(loaded.predict(Xnew)).toEqual(model.predict(Xnew));
    expect(loaded.toJSON()).toEqual(JSON.parse(JSON.stringify(model.toJSON())));
  });

  it('refits after loading with the saved hyper-parameters', () => {
    const model = make();
    model.fit(X1, y1);
    const loaded = load(JSON.parse(JSON.stringify(model.toJSON())));
    loaded.fit(X2, y2);
    const fresh = make();
    fresh.fit(X2, y2);
    expect(loaded.predict(Xnew)).toEqual(fresh.predict(Xnew));
    expect(loaded.toJSON()).toEqual(fresh.toJSON());
  });

  it('rejects foreign and newer JSON', () => {
    const model = make();
    model.fit(X1, y1);
    const json = model.toJSON();
    expect(() => load({ ...json, kind: 'Elsewhere' })).toThrow(TypeError);
    expect(() => load({ ...json, version: json.version + 1 })).toThrow(RangeError);
    expect(() => load(null)).toThrow(TypeError);
    expect(() => load('model')).toThrow(TypeError);
  });
});

describe('compareLabels', () => {
  it('orders numbers by value, then booleans, then strings by code point — in every locale', () => {
    expect([10, 9, 'b', 'B', 'é', 'e', true, false, '😀', '\uffff'].sort(compareLabels)).toEqual([
      9,
      10,
      false,
      true,
      'B',
      'b',
      'e',
      'é',
      '\uffff',
      '😀',
    ]);
    // localeCompare would put 'B' after 'b' and '10' before '9'; UTF-16 order would put '😀' before '\uffff'.
    expect(['b', 'B', '10', '9'].sort(compareLabels)).toEqual(['10', '9', 'B', 'b']);
  });

  it('orders the classes of a fitted classifier', () => {
    const X = randomMatrix(6, 2, new Random(1));
    expect(new RidgeClassifier().fit(X, ['é', 'e', 'E', 'é', 'e', 'E']).classes).toEqual(['E', 'e', 'é']);
  });
});

describe('RidgeClassifierCV at one labelled row per class', () => {
  it('predicts from the features, not one class for every row (the grid stops short of alpha = ∞)', () => {
    const rng = new Random(4);
    const centres = [
      [3, 0],
      [0, 3],
      [-3, -3],
    ];
    const rows = (n: number) => {
      const X = randomMatrix(n * 3, 2, rng);
      const y: string[] = [];
      for (let i = 0; i < n * 3; i++) {
        const c = i % 3;
        X.data[i * 2] += centres[c][0];
        X.data[i * 2 + 1] += centres[c][1];
        y.push(['p', 'q', 'r'][c]);
      }
      return { X, y };
    };
    const train = rows(1);
    const test = rows(50);
    const model = new RidgeClassifierCV({ cv: 'evidence' }).fit(train.X, train.y);
    expect(Number.isFinite(model.alpha)).toBe(true);
    expect(model.score(test.X, test.y)).toBeGreaterThan(0.8);
  });
});
