import fc from 'fast-check';
import {
  BadDataError,
  NumericCsvScanner,
  StandardScaler,
  assertTableSchema,
  checkSavedHeader,
  encodeTable,
  inferSchema,
  parseCsv,
  parseNumberCell,
} from '@tlkit/tensor-core';

// Property-based tests: arbitrary input gives a valid result or one of the project's errors with a message naming
// the function — never an internal TypeError ("Cannot read properties of undefined"), a hang or a crash. Seeded, so
// a failure is reproducible; numRuns kept modest for the fast suite.
const RUNS = { seed: 18, numRuns: 300 };
const INTERNAL = /Cannot read propert|is not a function|is not iterable|undefined \(reading|Maximum call stack|Invalid array length/;

/**
 * Runs f; a thrown error must be one of ours (BadDataError, or a TypeError/RangeError whose message starts with
 * `prefix`); a result is handed to `check`, outside the catch.
 */
function expectCleanOutcome<T>(f: () => T, prefix: string | RegExp, check: (result: T) => void = () => undefined): void {
  let result: T;
  try {
    result = f();
  } catch (error) {
    const e = error as Error;
    expect(e.message).not.toMatch(INTERNAL);
    if (e instanceof BadDataError) return;
    expect(e).toBeInstanceOf(e instanceof RangeError ? RangeError : TypeError);
    if (typeof prefix === 'string') expect(e.message.startsWith(prefix)).toBe(true);
    else expect(e.message).toMatch(prefix);
    return;
  }
  check(result);
}

/** CSV-ish text: cells from a small alphabet with quotes, separators, line breaks and numbers. */
const csvText = fc
  .array(fc.constantFrom('a', 'b', '1', '2.5', '-3e2', '1e400', '"', ',', ';', '\n', '\r\n', ' ', '', 'NA', '\u001b', '\uFEFF', 'é'), {
    maxLength: 80,
  })
  .map((parts) => parts.join(''));

/** A small table as CSV text: a header and rows whose cells are numbers, words, dates or missing. */
const tableText = fc
  .tuple(
    fc.integer({ min: 1, max: 5 }),
    fc.array(
      fc.array(fc.oneof(fc.double({ noNaN: false }).map(String), fc.constantFrom('x', 'y', '', 'NA', '2020-01-02', 'abc', '1e400')), {
        minLength: 1,
        maxLength: 5,
      }),
      { maxLength: 30 },
    ),
  )
  .map(([cols, rows]) => {
    const header = Array.from({ length: cols }, (_, j) => `c${j}`).join(',');
    return [header, ...rows.map((r) => Array.from({ length: cols }, (_, j) => r[j % r.length]).join(','))].join('\n');
  });

describe('parseCsv on arbitrary text', () => {
  it('gives a rectangular table or a BadDataError', () => {
    fc.assert(
      fc.property(csvText, (text) => {
        let table;
        try {
          table = parseCsv(text, { source: 'f.csv' });
        } catch (error) {
          expect(error).toBeInstanceOf(BadDataError);
          expect((error as Error).message).toMatch(/^f\.csv/);
          expect((error as Error).message).not.toMatch(INTERNAL);
          return;
        }
        for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
        expect(table.lines).toHaveLength(table.rows.length);
      }),
      RUNS,
    );
  });
});

describe('NumericCsvScanner on arbitrary bytes in arbitrary chunks', () => {
  it('gives rows of header width or a BadDataError, whatever the split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(200), { maxLength: 6 }), (bytes, cuts) => {
        const rows: number[] = [];
        let width = -1;
        const scanner = new NumericCsvScanner({
          source: 'f.csv',
          maxLineBytes: 64,
          onHeader: (names) => (width = names.length),
          onRow: (values) => rows.push(values.length),
        });
        const points = [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
        try {
          let from = 0;
          for (const p of [...points, bytes.length]) {
            scanner.push(bytes.subarray(from, p));
            from = p;
          }
          scanner.end();
        } catch (error) {
          expect(error).toBeInstanceOf(BadDataError);
          expect((error as Error).message).toMatch(/^f\.csv/);
          return;
        }
        for (const w of rows) expect(w).toBe(width);
      }),
      RUNS,
    );
  });

  it('reads every number cell as Number() does', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 8 }), (values) => {
        const text = `${values.map((_, j) => `c${j}`).join(',')}\n${values.map(String).join(',')}\n`;
        let got: number[] = [];
        const scanner = new NumericCsvScanner({ source: 'f.csv', onHeader: () => undefined, onRow: (v) => (got = Array.from(v)) });
        scanner.push(new TextEncoder().encode(text));
        scanner.end();
        expect(got).toEqual(values.map((v) => parseNumberCell(String(v)) ?? NaN));
      }),
      RUNS,
    );
  });
});

describe('inferSchema and encodeTable on arbitrary tables', () => {
  it('give a schema and a finite matrix, or a BadDataError naming the table', () => {
    fc.assert(
      fc.property(tableText, fc.boolean(), (text, drop) => {
        let table;
        try {
          table = parseCsv(text, { source: 't.csv' });
        } catch {
          return;
        }
        try {
          const schema = inferSchema(table, {
            label: table.columns[0],
            highCardinality: drop ? 'drop' : 'error',
            dates: drop ? 'auto' : undefined,
          });
          const encoded = encodeTable(table, schema, { missing: 'drop' });
          for (const v of encoded.X.data) expect(Number.isFinite(v)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(BadDataError);
          expect((error as Error).message).toMatch(/^t\.csv/);
          expect((error as Error).message).not.toMatch(INTERNAL);
        }
      }),
      RUNS,
    );
  });
});

/** A valid saved value with one field replaced by anything (or removed): the edits a hand or a bug makes. */
function mutated(valid: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(v)) v.slice(0, 4).forEach((x, i) => walk(x, [...path, i]));
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(valid, []);
  return fc
    .tuple(fc.constantFrom(...paths), fc.oneof(fc.anything(), fc.constant(undefined), fc.constantFrom('1', -1, NaN, null, 0, 1e308)))
    .map(([path, value]) => {
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

describe('loaders on edited saved forms', () => {
  it('StandardScaler.fromJSON: a scaler that transforms to finite numbers, or a clear error', () => {
    const valid = new StandardScaler()
      .fit([
        [1, 2],
        [3, 5],
      ])
      .toJSON();
    fc.assert(
      fc.property(mutated(valid), (json) => {
        expectCleanOutcome(
          () => StandardScaler.fromJSON(json).transform([[1, 1]]),
          'StandardScaler',
          (z) => {
            for (const v of z.data) expect(Number.isFinite(v)).toBe(true);
          },
        );
      }),
      RUNS,
    );
  });

  it('assertTableSchema and checkSavedHeader', () => {
    const table = parseCsv('a,b,y\n1,x,2\n2,z,3\n');
    const valid = inferSchema(table, { label: 'y' });
    fc.assert(
      fc.property(mutated(valid), (json) => {
        expectCleanOutcome(() => {
          assertTableSchema(json, 'bundle');
          encodeTable(table, json, { unknownCategory: 'ignore' });
        }, /^bundle|^the table/);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.anything(), (json) => expectCleanOutcome(() => checkSavedHeader('f', json, { kind: 'K', version: 1 }), 'f: ')),
      RUNS,
    );
  });
});
