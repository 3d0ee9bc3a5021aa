import { BadDataError, describeColumns, encodeTable, inferSchema, parseCsv, parseIsoDate, toArray2D } from '@tlkit/tensor-core';

/** A weather-like file: a date per row, a numeric column, a three-level category, the label. */
function weather(rows: number, edit?: (i: number, cells: string[]) => void): string {
  const lines = ['date,temp,sky,rain'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2012, 0, 1 + i)).toISOString().slice(0, 10);
    const cells = [day, String(10 + (i % 7)), ['sun', 'cloud', 'rain'][i % 3], String((i * 37) % 11)];
    edit?.(i, cells);
    lines.push(cells.join(','));
  }
  return lines.join('\n');
}

describe('describeColumns', () => {
  it('reports each column’s kind of cells, distinct values and missing cells', () => {
    const table = parseCsv('id,x,when,c\na1,1,2020-01-01,p\na2,,2020-01-02,p\na3,3,2020-01-03,\n');
    expect(describeColumns(table).map(({ name, kind, distinct, missing }) => ({ name, kind, distinct, missing }))).toEqual([
      { name: 'id', kind: 'text', distinct: 3, missing: 0 },
      { name: 'x', kind: 'numeric', distinct: 2, missing: 1 },
      { name: 'when', kind: 'date', distinct: 3, missing: 0 },
      { name: 'c', kind: 'text', distinct: 1, missing: 1 },
    ]);
  });
});

describe('parseIsoDate', () => {
  it('reads ISO dates and date-times as days since 1970-01-01 UTC and nothing else', () => {
    expect(parseIsoDate('1970-01-01')).toBe(0);
    expect(parseIsoDate('1970-01-02T12:00')).toBe(1.5);
    expect(parseIsoDate('1970-01-02 12:00:00Z')).toBe(1.5);
    expect(parseIsoDate('1970-01-02T14:00:00+02:00')).toBe(1.5);
    expect(parseIsoDate('2000-03-01')).toBe(Date.UTC(2000, 2, 1) / 86400000);
    expect(parseIsoDate('0099-01-01')).toBe(new Date('0099-01-01T00:00:00Z').getTime() / 86400000);
    for (const bad of ['2021-02-30', '2021-13-01', '2021-1-1', '01/02/2021', '2021-01-01T25:00', 'today', '']) {
      expect(parseIsoDate(bad)).toBeUndefined();
    }
  });
});

describe('inferSchema never one-hot encodes an id, a date or free text silently', () => {
  const table = parseCsv(weather(60), { source: 'weather.csv' });

  it('refuses a text column with many distinct values, naming it and the ways out', () => {
    const error = (() => {
      try {
        inferSchema(table, { label: 'rain' });
      } catch (e) {
        return e as BadDataError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(BadDataError);
    expect(error?.message).toBe(
      'weather.csv: column "date" has 60 distinct values in 60 rows (dates), too many to one-hot encode; parse it as dates with the dates option date, or leave it out with the ignore option date',
    );
    expect(error?.column).toBe('date');
    const ids = parseCsv('id,x,y\n' + Array.from({ length: 30 }, (_, i) => `u${i},${i},${i % 2}`).join('\n'), { source: 'ids.csv' });
    expect(() => inferSchema(ids, { label: 'y', advice: { ignore: '--ignore', drop: '--drop', categorical: '--categorical' } })).toThrow(
      'ids.csv: column "id" has 30 distinct values in 30 rows (an id or free text?), too many to one-hot encode; leave it out with --ignore id (or --drop), or keep it with --categorical id',
    );
  });

  it('leaves it out with a warning when asked, keeps it as categories when forced, reads it as dates on request', () => {
    const warnings: string[] = [];
    const dropped = inferSchema(table, { label: 'rain', highCardinality: 'drop', onWarning: (m) => warnings.push(m) });
    expect(dropped.features.map((f) => f.name)).toEqual(['temp', 'sky']);
    expect(warnings).toEqual(['weather.csv: left out column "date" has 60 distinct values in 60 rows (too many to one-hot encode)']);
    expect(inferSchema(table, { label: 'rain', categorical: ['date'] }).features[0]).toMatchObject({ name: 'date', type: 'categorical' });
    const dated = inferSchema(table, { label: 'rain', dates: ['date'] });
    expect(dated.features[0]).toEqual({ name: 'date', type: 'date' });
    expect(inferSchema(table, { label: 'rain', dates: 'auto' }).features).toEqual(dated.features);
    const encoded = encodeTable(table, dated);
    expect(encoded.featureNames).toEqual(['date', 'temp', 'sky=cloud', 'sky=rain', 'sky=sun']);
    expect(toArray2D(encoded.X)[1][0]).toBe(Date.UTC(2012, 0, 2) / 86400000);
    const target = parseCsv('date,temp,sky,rain\n2013-02-30,1,sun,2\n', { source: 't.csv' });
    expect(() => encodeTable(target, dated)).toThrow('t.csv line 2, column "date": "2013-02-30" is not an ISO date');
  });

  it('a few distinct texts stay categories', () => {
    const few = parseCsv('c,y\n' + Array.from({ length: 100 }, (_, i) => `v${i % 5},${i}`).join('\n'));
    expect(inferSchema(few, { label: 'y' }).features[0]).toMatchObject({ type: 'categorical', categories: ['v0', 'v1', 'v2', 'v3', 'v4'] });
  });
});

describe('a numeric column with a stray text cell is an error naming file, line, column and cell', () => {
  it('for a typo and for a number beyond fp64', () => {
    const typo = parseCsv(
      weather(120, (i, c) => i === 41 && (c[1] = 'abc')),
      { source: 'w.csv' },
    );
    expect(() => inferSchema(typo, { label: 'rain', dates: 'auto' })).toThrow(
      new BadDataError(
        'w.csv line 43, column "temp": "abc" is not a number, but 119 of the column\'s 120 values are numbers (fix the cell, or use the categorical option temp if the column holds categories)',
      ),
    );
    const huge = parseCsv(
      weather(120, (i, c) => i === 7 && (c[1] = '1e400')),
      { source: 'w.csv' },
    );
    expect(() => inferSchema(huge, { label: 'rain', dates: 'auto' })).toThrow(
      'w.csv line 9, column "temp": "1e400" is beyond the range of fp64 numbers (±1.8e308), but 119',
    );
    // Forced numeric: the same cell is the same error at encoding, with the source's line.
    const forced = inferSchema(typo, { label: 'rain', dates: 'auto', numeric: ['temp'] });
    expect(() => encodeTable(typo, forced)).toThrow('w.csv line 43, column "temp": "abc" is not a number');
  });

  it('refuses one column given two types, unknown forced columns, and a table without rows', () => {
    const t = parseCsv('a,b,y\n1,2,3\n');
    expect(() => inferSchema(t, { numeric: ['a'], categorical: ['a'] })).toThrow('column "a" is given two types');
    expect(() => inferSchema(t, { numeric: ['zz'] })).toThrow('numeric column "zz" not found');
    expect(() => inferSchema(parseCsv('a,b\n', { source: 'h.csv' }), { label: 'b' })).toThrow('h.csv: has a header but no data rows');
  });
});

describe('encodeTable with skipLabel', () => {
  it('does not read the label column of rows to predict, empty cells included', () => {
    const schema = inferSchema(parseCsv('x,y\n1,2\n3,4\n'), { label: 'y' });
    const rows = parseCsv('x,y\n5,\n6,\n');
    expect(() => encodeTable(rows, schema, { labelOptional: true })).toThrow('value is missing');
    const encoded = encodeTable(rows, schema, { labelOptional: true, skipLabel: true });
    expect(encoded.y).toBeUndefined();
    expect(Array.from(encoded.X.data)).toEqual([5, 6]);
  });
});
