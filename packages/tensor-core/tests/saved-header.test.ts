import { AbortError, StandardScaler, assertTableSchema, checkSavedHeader, throwIfAborted } from '@tlkit/tensor-core';

describe('checkSavedHeader', () => {
  const header = { kind: 'RidgeCV', version: 1 };

  it('returns the fields of a matching header', () => {
    expect(checkSavedHeader('f', { kind: 'RidgeCV', version: 1, alpha: 2 }, header)).toEqual({ kind: 'RidgeCV', version: 1, alpha: 2 });
  });

  it('rejects what is not an object, another kind, and every version that is not this one, each with its reason', () => {
    expect(() => checkSavedHeader('f', null, header)).toThrow(new TypeError('f: expected a saved RidgeCV (an object), got null'));
    expect(() => checkSavedHeader('f', [1], header)).toThrow('f: expected a saved RidgeCV (an object), got an array');
    expect(() => checkSavedHeader('f', 'x', header)).toThrow('got "x"');
    expect(() => checkSavedHeader('f', { kind: 'PCA', version: 1 }, header)).toThrow(
      new TypeError('f: expected kind "RidgeCV", got "PCA"'),
    );
    expect(() => checkSavedHeader('f', { version: 1 }, header)).toThrow('expected kind "RidgeCV", got nothing');
    // "1" once read as "version 1 is newer than (1)", and -1 was accepted.
    for (const v of ['1', -1, 0, 1.5, NaN, null, undefined, Infinity]) {
      expect(() => checkSavedHeader('f', { kind: 'RidgeCV', version: v }, header)).toThrow(RangeError);
      expect(() => checkSavedHeader('f', { kind: 'RidgeCV', version: v }, header)).toThrow(
        /is not a version \(a whole number ≥ 1; this library reads 1\)/,
      );
    }
    expect(() => checkSavedHeader('f', { kind: 'RidgeCV', version: 2 }, header)).toThrow(
      new RangeError('f: RidgeCV version 2 is newer than this library reads (1); upgrade tlkit'),
    );
    expect(() => checkSavedHeader('f', { kind: 'RidgeCV', version: 1 }, { kind: 'RidgeCV', version: 2 })).toThrow(
      'RidgeCV version 1 is no longer supported (this library reads 2)',
    );
  });

  it('reads bundle headers under other field names', () => {
    const bundle = { kind: 'tlkit-model', version: 1, kindField: 'format', versionField: 'formatVersion', upgrade: '@tlkit/cli' };
    expect(() => checkSavedHeader('m.json', { format: 'tlkit-model', formatVersion: '1' }, bundle)).toThrow(
      'm.json: tlkit-model formatVersion "1" is not a version',
    );
    expect(() => checkSavedHeader('m.json', { format: 'tlkit-model', formatVersion: 3 }, bundle)).toThrow('upgrade @tlkit/cli');
  });

  it('is the check of StandardScaler.fromJSON and assertTableSchema, which also refuse impossible contents', () => {
    const scaler = new StandardScaler().fit([[1], [3]]).toJSON();
    expect(() => StandardScaler.fromJSON({ ...scaler, version: -1 })).toThrow(
      'StandardScaler.fromJSON: StandardScaler version -1 is not a version',
    );
    expect(() => StandardScaler.fromJSON({ ...scaler, scale: [0] })).toThrow('scale of column 0 is 0; a scale is a finite number > 0');
    expect(() => StandardScaler.fromJSON({ ...scaler, scale: [null] })).toThrow('scale of column 0 is null');
    expect(() => StandardScaler.fromJSON({ ...scaler, mean: ['x'] })).toThrow('mean of column 0 is x, not a finite number');
    const schema = {
      kind: 'TableSchema',
      version: 1,
      columns: ['a', 'y'],
      features: [{ name: 'a', type: 'categorical', categories: ['p'] }],
    };
    expect(() => assertTableSchema(schema, 's')).not.toThrow();
    expect(() => assertTableSchema({ ...schema, version: '1' }, 's')).toThrow('s: TableSchema version "1" is not a version');
    expect(() => assertTableSchema({ ...schema, features: [{ name: 'a', type: 'categorical', categories: 'p' }] }, 's')).toThrow(
      'schema feature "a" is categorical but its categories are not a list of texts',
    );
    expect(() => assertTableSchema({ ...schema, features: [{ name: 7, type: 'numeric' }] }, 's')).toThrow('schema feature 0 has no name');
    expect(() => assertTableSchema({ ...schema, features: [{ name: 'b', type: 'numeric' }] }, 's')).toThrow(
      'schema feature "b" is not one of the schema\'s columns',
    );
  });
});

describe('AbortError', () => {
  it('is one class, named AbortError, with the signal’s reason as its cause', () => {
    const controller = new AbortController();
    expect(() => throwIfAborted(controller.signal, 'train')).not.toThrow();
    expect(() => throwIfAborted(undefined, 'train')).not.toThrow();
    controller.abort('user');
    let error: unknown;
    try {
      throwIfAborted(controller.signal, 'train');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).name).toBe('AbortError');
    expect((error as AbortError).message).toBe('train: cancelled');
    expect((error as AbortError).cause).toBe('user');
  });
});
