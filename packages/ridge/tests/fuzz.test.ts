import fc from 'fast-check';
import { RidgeCV, RidgeClassifier, RidgeClassifierCV, RidgeRegression } from '@tlkit/ridge';

/** A valid saved value with one field replaced by anything (or removed): the edits a hand or a bug makes. */
function mutated(valid: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(v)) v.slice(0, 4).forEach((x, i) => walk(x, [...path, i]));
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(valid, []);
  const values = fc.oneof(fc.anything(), fc.constant(undefined), fc.constantFrom('1', -1, NaN, null, 0, 1e308, 'Infinity', [], {}));
  return fc.tuple(fc.constantFrom(...paths), values).map(([path, value]) => {
    if (path.length === 0) return value;
    const copy = structuredClone(valid) as Record<string | number, unknown>;
    let node = copy;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    const last = path[path.length - 1];
    if (value === undefined) Reflect.deleteProperty(node, last);
    else node[last] = value;
    return copy;
  });
}

const INTERNAL =
  /Cannot read propert|is not a function|is not iterable|undefined \(reading|Maximum call stack|Invalid array length|not an entry object/;

/** A thrown error is one of the project's: BadDataError or a TypeError/RangeError whose message starts with `prefix`. */
function expectOurs(error: unknown, prefix: RegExp): void {
  const e = error as Error;
  expect(e.message).not.toMatch(INTERNAL);
  if (e.name === 'BadDataError' || e.name === 'ShapeMismatchError' || e.name === 'NotFittedError') return;
  expect(e instanceof TypeError || e instanceof RangeError).toBe(true);
  expect(e.message).toMatch(prefix);
}

// Property-based: any edit of a saved model gives a model whose predictions are finite, or one clear error.
const RUNS = { seed: 18, numRuns: 200 };
const X = [
  [1, 2],
  [2, 1],
  [3, 5],
  [4, 2],
  [0, 1],
  [5, 5],
];

describe('ridge fromJSON on edited saved models', () => {
  const cases: [string, { toJSON(): unknown }, (json: unknown) => { predict(X: number[][]): unknown }][] = [
    ['RidgeRegression', new RidgeRegression({ alpha: 1 }).fit(X, [1, 2, 3, 4, 0, 5]), (j) => RidgeRegression.fromJSON(j)],
    ['RidgeCV', new RidgeCV().fit(X, [1, 2, 3, 4, 0, 5]), (j) => RidgeCV.fromJSON(j)],
    ['RidgeClassifier', new RidgeClassifier().fit(X, ['a', 'b', 'a', 'b', 'a', 'b']), (j) => RidgeClassifier.fromJSON(j)],
    ['RidgeClassifierCV', new RidgeClassifierCV().fit(X, ['a', 'b', 'a', 'c', 'a', 'b']), (j) => RidgeClassifierCV.fromJSON(j)],
  ];
  it.each(cases)('%s', (name, model, load) => {
    const valid = JSON.parse(JSON.stringify(model.toJSON())) as unknown;
    fc.assert(
      fc.property(mutated(valid), (json) => {
        let predictions: unknown;
        try {
          predictions = load(json).predict(X);
        } catch (error) {
          expectOurs(error, new RegExp(`^(${name}|Ridge)`));
          return;
        }
        // Predictions overflow only when a saved number is itself near fp64's end (1e308 times a feature).
        const values = Array.from(predictions as ArrayLike<unknown>);
        if (!JSON.stringify(json).match(/e\+30\d/))
          for (const v of values) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
      }),
      RUNS,
    );
  });
});
