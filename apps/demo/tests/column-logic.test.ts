import { prepareTables } from '@tlkit/experiment';
import { BadDataError, parseCsv } from '@tlkit/tensor-core';
import {
  AUTO,
  columnSettings,
  extraTargetColumns,
  flaggedColumns,
  panelColumns,
  panelRows,
  prepareColumnOptions,
  typeChoices,
  type ColumnChoice,
} from '../src/column-logic.js';

/** A weather-like file as a user brings it: a date per row, a typo in a numeric column, a few stations. */
function weatherCsv(rows: number, typoAt?: number): string {
  const lines = ['date,temp,wind,station,y'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
    const temp = i === typoAt ? 'abc' : String(10 + ((i * 7) % 13));
    const wind = String((i * 3) % 11);
    lines.push(`${day},${temp},${wind},${'ABC'[i % 3]},${(2 * ((i * 7) % 13) + ((i * 3) % 11) + (i % 3)).toString()}`);
  }
  return `${lines.join('\n')}\n`;
}

const source = parseCsv(weatherCsv(60, 40), { source: 'source.csv' });
const target = parseCsv(weatherCsv(30), { source: 'target.csv' });

function run(choices: ReadonlyMap<string, ColumnChoice>) {
  return prepareTables(source, target, { label: 'y', task: 'regression', ...prepareColumnOptions(columnSettings(choices, 'y')) });
}

function refusal(choices: ReadonlyMap<string, ColumnChoice>): string {
  try {
    run(choices);
  } catch (error) {
    expect(error).toBeInstanceOf(BadDataError);
    return (error as Error).message;
  }
  throw new Error('the run was not refused');
}

describe('the column panel logic', () => {
  it('describes each column with the library: inferred type, distinct counts, the first stray cell', () => {
    const columns = panelColumns(source);
    expect(columns.map((c) => [c.name, c.kind, c.distinct])).toEqual([
      ['date', 'date', 60],
      ['temp', 'text', 14],
      ['wind', 'numeric', 11],
      ['station', 'text', 3],
      ['y', 'numeric', expect.any(Number)],
    ]);
    // Row 40 is on line 42 (the header is line 1).
    expect(columns[1].stray).toEqual({ where: 'source.csv line 42', problem: '"abc" is not a number' });
    expect(columns[0].stray).toBeUndefined();
    expect(typeChoices(columns[0])).toEqual(['auto', 'categorical', 'date']);
    expect(typeChoices(columns[1])).toEqual(['auto', 'numeric', 'categorical']);
  });

  it('flags what the run will refuse, and says how each column is read as the choices change', () => {
    const s = panelColumns(source);
    const t = panelColumns(target);
    const rows = panelRows(s, t, new Map(), 'y');
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect(byName.get('date')).toMatchObject({ inferred: 'date', distinct: '60 / 30', refused: true });
    expect(byName.get('date')?.readAs).toContain('choose type "date"');
    expect(byName.get('temp')).toMatchObject({ inferred: 'text', refused: true });
    expect(byName.get('temp')?.readAs).toBe(
      'numbers with 1 stray cell (first: source.csv line 42, "abc" is not a number): fix the file, ignore it, or choose "categorical"',
    );
    expect(byName.get('wind')).toMatchObject({ readAs: 'a number', refused: false });
    expect(byName.get('station')).toMatchObject({ readAs: '3 one-hot columns', refused: false });
    expect(byName.get('y')).toMatchObject({ readAs: 'the label', refused: false });
    expect(flaggedColumns(rows, 'y')).toEqual(['date', 'temp']);

    const chosen = new Map<string, ColumnChoice>([
      ['date', { ...AUTO, type: 'date' }],
      ['temp', { ...AUTO, ignore: true }],
    ]);
    const after = new Map(panelRows(s, t, chosen, 'y').map((r) => [r.name, r]));
    expect(after.get('date')).toMatchObject({ readAs: 'days since 1970-01-01 (a number)', refused: false });
    expect(after.get('temp')).toMatchObject({ readAs: 'left out', refused: false });
    expect(flaggedColumns([...after.values()], 'y')).toEqual([]);

    // Forcing the typo column to numbers does not hide the typo; forcing dates on a column of numbers is flagged too.
    const forced = new Map(
      panelRows(
        s,
        t,
        new Map<string, ColumnChoice>([
          ['temp', { ...AUTO, type: 'numeric' }],
          ['station', { ...AUTO, type: 'categorical' }],
        ]),
        'y',
      ).map((r) => [r.name, r]),
    );
    expect(forced.get('temp')).toMatchObject({ readAs: 'a number, but 1 cell is not one (source.csv line 42)', refused: true });
    expect(forced.get('station')).toMatchObject({ readAs: '3 one-hot columns (forced)', refused: false });
  });

  it('flags an id column, a column the target lacks, and names the target columns the source lacks', () => {
    const ids = parseCsv(['id,x,y', ...Array.from({ length: 40 }, (_, i) => `row-${i},${i % 5},${i}`)].join('\n'), { source: 's.csv' });
    const other = parseCsv('x,y,z\n1,2,3\n4,5,6\n', { source: 't.csv' });
    const rows = panelRows(panelColumns(ids), panelColumns(other), new Map(), 'y');
    expect(rows[0]).toMatchObject({ name: 'id', distinct: '40 / —', refused: true });
    expect(rows[0].readAs).toBe('not in the target file (both need the same columns)');
    const alone = panelRows(panelColumns(ids), undefined, new Map(), 'y');
    expect(alone[0]).toMatchObject({ distinct: '40', refused: true });
    expect(alone[0].readAs).toContain('too many distinct values to one-hot encode');
    expect(flaggedColumns(rows, 'y')).toEqual([]);
    expect(extraTargetColumns(panelColumns(ids), panelColumns(other), 't.csv')).toBe('t.csv has a column the source lacks: "z"');
    expect(extraTargetColumns(panelColumns(ids), panelColumns(ids), 's.csv')).toBeUndefined();
  });

  it('turns choices into the run settings, never ignoring or retyping the label', () => {
    const choices = new Map<string, ColumnChoice>([
      ['a', { ignore: true, type: 'numeric' }],
      ['b', { ignore: false, type: 'numeric' }],
      ['c', { ignore: false, type: 'categorical' }],
      ['d', { ignore: false, type: 'date' }],
      ['y', { ignore: true, type: 'categorical' }],
      ['e', AUTO],
    ]);
    expect(columnSettings(choices, 'y')).toEqual({ ignore: ['a'], numeric: ['b'], categorical: ['c'], dates: ['d'], dropMissing: false });
    expect(columnSettings(new Map(), 'y', true)).toEqual({ ignore: [], numeric: [], categorical: [], dates: [], dropMissing: true });
  });

  it('flags missing cells (source or target, the label too) unless rows with one are left out, as the run does', () => {
    const s = parseCsv('x,z,y\n1,a,1\n2,,2\n3,b,\n4,a,4\n', { source: 's.csv' });
    const t = parseCsv('x,z,y\n,a,1\n2,b,2\n3,a,3\n', { source: 't.csv' });
    const rows = panelRows(panelColumns(s), panelColumns(t), new Map(), 'y');
    expect(rows.map((r) => [r.name, r.missing, r.problem])).toEqual([
      ['x', '0 / 1', 'missing'],
      ['z', '1 / 0', 'missing'],
      ['y', '1 / 0', 'missing'],
    ]);
    expect(rows[0].readAs).toBe('a number; 1 missing cell: the run stops at the first (or leave out rows with a missing value)');
    expect(flaggedColumns(rows, 'y')).toEqual([]);
    const dropped = panelRows(panelColumns(s), panelColumns(t), new Map([['z', { ...AUTO, ignore: true }]]), 'y', { dropMissing: true });
    expect(dropped.map((r) => [r.readAs, r.refused])).toEqual([
      ['a number; rows missing it are left out', false],
      ['left out', false],
      ['the label; rows missing it are left out', false],
    ]);
    // The run agrees: stopped at the first missing cell, or run on the complete rows.
    const options = (drop: boolean) => ({
      label: 'y',
      task: 'regression' as const,
      ...prepareColumnOptions(columnSettings(new Map(), 'y', drop)),
    });
    expect(() => prepareTables(s, t, options(false))).toThrow('s.csv line 3, column "z": value is missing');
    const data = prepareTables(s, t, options(true));
    expect([data.Xs.rows, data.Xt.rows]).toEqual([2, 2]);
  });

  it('runs refuse the date column, then the typo (file, line, column, cell), naming the panel; ignoring or retyping lets them run', () => {
    // The CLI's messages word for word, with the panel's controls where the CLI names its flags (apps/cli/tests/hostile-input.test.ts).
    expect(refusal(new Map())).toBe(
      'source.csv: column "date" has 60 distinct values in 60 rows (dates), too many to one-hot encode; ' +
        'parse it as dates with the column panel\'s type "date" for date, or leave it out with the column panel\'s "ignore" box for date',
    );
    const dated = new Map<string, ColumnChoice>([['date', { ...AUTO, type: 'date' }]]);
    expect(refusal(dated)).toBe(
      'source.csv line 42, column "temp": "abc" is not a number, but 59 of the column\'s 60 values are numbers ' +
        '(fix the cell, or use the column panel\'s type "categorical" for temp if the column holds categories)',
    );
    const data = run(new Map([...dated, ['temp', { ...AUTO, ignore: true }]]));
    expect(data.featureNames).toEqual(['date', 'wind', 'station=A', 'station=B', 'station=C']);
    expect(data.Xs.rows).toBe(60);
    expect(data.Xt.rows).toBe(30);
    // The date is a number (days since 1970), standardised with the source's statistics: the row order is kept.
    const days = Array.from({ length: 60 }, (_, i) => data.Xs.data[i * data.Xs.cols]);
    expect(days[1] - days[0]).toBeGreaterThan(0);
    expect(days[2] - days[1]).toBeCloseTo(days[1] - days[0], 12);
    // Ignoring the date instead also runs; so does the typo column as categories (forced, so not refused as free text).
    expect(
      run(
        new Map<string, ColumnChoice>([
          ['date', { ...AUTO, ignore: true }],
          ['temp', { ...AUTO, type: 'categorical' }],
        ]),
      ).Xs.rows,
    ).toBe(60);
  });

  it('a typo in the target is named in the target file, against the source type', () => {
    const typoTarget = parseCsv(weatherCsv(30, 5), { source: 'target.csv' });
    const clean = parseCsv(weatherCsv(60), { source: 'source.csv' });
    expect(() =>
      prepareTables(clean, typoTarget, {
        label: 'y',
        task: 'regression',
        ...prepareColumnOptions(columnSettings(new Map([['date', { ...AUTO, type: 'date' }]]), 'y')),
      }),
    ).toThrow('target.csv line 7, column "temp": "abc" is not a number (the column is numeric in the source)');
  });
});
