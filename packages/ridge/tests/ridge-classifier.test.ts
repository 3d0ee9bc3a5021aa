import { BadDataError, NotFittedError, Random } from '@tlkit/tensor-core';
import { RidgeClassifier, RidgeClassifierCV, RidgeRegression } from '@tlkit/ridge';
import { maxRelDiff, randomMatrix, vector } from './helpers.js';

const rng = new Random(8);
const X = randomMatrix(90, 3, rng);
const labels = Array.from({ length: 90 }, (_, i) => {
  const x = X.data.subarray(i * 3, i * 3 + 3);
  return x[0] > 0.5 ? 'cat' : x[1] > 0 ? 'dog' : 'eel';
});

describe('RidgeClassifier', () => {
  it('fits ±1 one-hot targets with one ridge per class and predicts the argmax', () => {
    const clf = new RidgeClassifier({ alpha: 1 }).fit(X, labels);
    expect(clf.classes).toEqual(['cat', 'dog', 'eel']);
    const ownColumn = new RidgeRegression({ alpha: 1 }).fit(
      X,
      labels.map((l) => (l === 'dog' ? 1 : -1)),
    );
    expect(maxRelDiff(clf.coefMatrix.data.subarray(3, 6), vector(ownColumn.coef))).toBeLessThan(1e-12);
    expect(clf.score(X, labels)).toBeGreaterThan(0.8);
    const D = clf.decisionFunction(X);
    const pred = clf.predict(X);
    for (let i = 0; i < 90; i++) {
      const row = Array.from(D.data.subarray(i * 3, i * 3 + 3));
      expect(pred[i]).toBe(clf.classes[row.indexOf(row.reduce((a, b) => Math.max(a, b)))]);
    }
  });

  it('with two classes decides as a single ±1 column (scikit-learn) would', () => {
    const binary = labels.map((l) => l === 'cat');
    const clf = new RidgeClassifier({ alpha: 0.5 }).fit(X, binary);
    const single = new RidgeRegression({ alpha: 0.5 }).fit(
      X,
      binary.map((b) => (b ? 1 : -1)),
    );
    const s = vector(single.predict(X));
    expect(clf.predict(X)).toEqual(Array.from(s, (v) => v > 0));
  });

  it('keeps a fixed class order, including classes absent from y, and accepts a prior per class', () => {
    const clf = new RidgeClassifier({ alpha: 1, classes: ['eel', 'dog', 'cat', 'yak'] }).fit(X, labels);
    expect(clf.coefMatrix.rows).toBe(4);
    const yakRow = Array.from(clf.coefMatrix.data.subarray(9, 12));
    expect(yakRow.every((v) => Math.abs(v) < 1e-12)).toBe(true);
    const prior = { coef: Array.from({ length: 4 }, () => [1, 1, 1]) };
    const pulled = new RidgeClassifier({ alpha: Infinity, classes: ['eel', 'dog', 'cat', 'yak'], prior }).fit(X, labels);
    expect(Array.from(pulled.coefMatrix.data)).toEqual(new Array(12).fill(1));
  });

  it('chooses alpha by CV in RidgeClassifierCV and round-trips both through JSON', () => {
    const cv = new RidgeClassifierCV({ cv: 'loo' }).fit(X, labels);
    expect(cv.curve.scores.length).toBe(cv.curve.alphas.length);
    expect(cv.score(X, labels)).toBeGreaterThan(0.8);
    const back = RidgeClassifierCV.fromJSON(JSON.parse(JSON.stringify(cv.toJSON())));
    expect(back.predict(X)).toEqual(cv.predict(X));
    expect(back.alpha).toBe(cv.alpha);
    const plain = new RidgeClassifier({ alpha: 2 }).fit(X, labels);
    expect(RidgeClassifier.fromJSON(JSON.parse(JSON.stringify(plain.toJSON()))).predict(X)).toEqual(plain.predict(X));
  });

  it('reports bad labels and use before fit', () => {
    expect(() => new RidgeClassifier().fit(X, new Array(90).fill('a'))).toThrow(
      'RidgeClassifier.fit: y has 1 class; at least 2 are needed',
    );
    expect(() => new RidgeClassifier({ classes: ['cat', 'dog'] }).fit(X, labels)).toThrow(
      new BadDataError(`RidgeClassifier.fit: label "eel" at row ${labels.indexOf('eel')} is not among the classes ["cat","dog"]`),
    );
    const withNull = [...labels];
    (withNull as unknown[])[4] = null;
    expect(() => new RidgeClassifier().fit(X, withNull)).toThrow('RidgeClassifier.fit: y has an invalid label (null) at row 4');
    expect(() => new RidgeClassifier().fit(X, labels.slice(1))).toThrow('RidgeClassifier.fit: y has 89 rows, X has 90');
    expect(() => new RidgeClassifier().predict(X)).toThrow(NotFittedError);
    expect(() => RidgeClassifier.fromJSON({ kind: 'RidgeClassifierCV', version: 1 })).toThrow(TypeError);
  });
});
