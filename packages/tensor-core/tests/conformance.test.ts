import { NotFittedError, Preprocessor, Random, StandardScaler, parseCsv, toArray2D, zeros } from '@tlkit/tensor-core';

/**
 * The estimator contract for tensor-core's fitted transforms: NotFittedError before fit; fit → toJSON → JSON text →
 * fromJSON transforms identically; a refit after loading behaves as the original refitted (every option was saved);
 * foreign and newer JSON are rejected.
 */
function matrix(rows: number, cols: number, seed: number) {
  const rng = new Random(seed);
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = 3 + 2 * rng.normal();
  return m;
}

describe('StandardScaler', () => {
  const make = () => new StandardScaler({ withMean: false });
  it('follows the estimator contract', () => {
    expect(() => make().transform(matrix(2, 3, 1))).toThrow(NotFittedError);
    expect(() => make().toJSON()).toThrow(NotFittedError);
    const fitted = make().fit(matrix(30, 3, 1));
    const loaded = StandardScaler.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
    const rows = matrix(5, 3, 2);
    expect(toArray2D(loaded.transform(rows))).toEqual(toArray2D(fitted.transform(rows)));
    const other = matrix(20, 3, 3);
    expect(loaded.fit(other).toJSON()).toEqual(make().fit(other).toJSON());
    const json = fitted.toJSON();
    expect(() => StandardScaler.fromJSON({ ...json, kind: 'Preprocessor' })).toThrow(TypeError);
    expect(() => StandardScaler.fromJSON({ ...json, version: 2 })).toThrow(RangeError);
    expect(() => StandardScaler.fromJSON(null)).toThrow(TypeError);
  });
});

describe('Preprocessor', () => {
  const a = parseCsv('id,size,color,price\n1,2,red,10\n2,4,blue,12\n3,6,red,15\n4,,red,9\n');
  const b = parseCsv('id,size,color,price\n1,7,blue,1\n2,1,green,2\n3,3,3,5\n');
  const make = () => new Preprocessor({ label: 'price', ignore: ['id'], categorical: ['color'], missing: 'drop' });
  it('follows the estimator contract', () => {
    expect(() => make().transform(a)).toThrow(NotFittedError);
    expect(() => make().toJSON()).toThrow(NotFittedError);
    const fitted = make().fit(a);
    const loaded = Preprocessor.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
    expect(toArray2D(loaded.transform(a, { missing: 'drop' }).X)).toEqual(toArray2D(fitted.transform(a, { missing: 'drop' }).X));
    expect(loaded.fit(b).toJSON()).toEqual(make().fit(b).toJSON());
    const json = fitted.toJSON();
    expect(() => Preprocessor.fromJSON({ ...json, kind: 'TableSchema' })).toThrow(TypeError);
    expect(() => Preprocessor.fromJSON({ ...json, version: 2 })).toThrow(RangeError);
    expect(() => Preprocessor.fromJSON(undefined)).toThrow(TypeError);
  });
});
