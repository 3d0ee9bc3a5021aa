import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { expectCleanFailure, tlkitInProcess as tlkit } from './harness.js';

// Issue 17's "done when" for the CLI: one file with a date column and a typo in a numeric column, as a user brings
// it. Each problem is one line naming the column (and for the typo the file, line and cell) and the flag that handles
// it, in whichever file and command it turns up; the demo's column panel gives the same messages (apps/demo).
let dir: string;
const at = (name: string) => join(dir, name);

/** date, temp (a typo on row `typoAt`, i.e. line typoAt + 2), wind, station, y. */
function weather(rows: number, typoAt?: number): string {
  const lines = ['date,temp,wind,station,y'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
    const temp = (i * 7) % 13;
    lines.push(`${day},${i === typoAt ? 'abc' : 10 + temp},${(i * 3) % 11},${'ABC'[i % 3]},${2 * temp + ((i * 3) % 11) + (i % 3)}`);
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tlkit-column-types-'));
  writeFileSync(at('source.csv'), weather(60, 40));
  writeFileSync(at('clean.csv'), weather(60));
  writeFileSync(at('target.csv'), weather(30, 5));
  writeFileSync(at('target-clean.csv'), weather(30));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const compare = (source: string, target: string, ...flags: string[]) =>
  tlkit(
    'compare',
    '--source',
    at(source),
    '--target',
    at(target),
    '--label',
    'y',
    '--sizes',
    '5',
    '--repeats',
    '2',
    '--methods',
    'target-only,param',
    '-q',
    ...flags,
  );

describe('a file with a date column and a typo', () => {
  it('compare refuses the date, then the typo (file, line, column, cell), then runs once both are handled', async () => {
    expectCleanFailure(
      await compare('source.csv', 'target-clean.csv'),
      1,
      `${at('source.csv')}: column "date" has 60 distinct values in 60 rows (dates), too many to one-hot encode; parse it as dates with --dates date, or leave it out with --ignore date`,
    );
    expectCleanFailure(
      await compare('source.csv', 'target-clean.csv', '--dates', 'date'),
      1,
      `${at('source.csv')} line 42, column "temp": "abc" is not a number, but 59 of the column's 60 values are numbers (fix the cell, or use --categorical temp if the column holds categories)`,
    );
    const ran = await compare('source.csv', 'target-clean.csv', '--dates', '--ignore', 'temp');
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/target-only\s+\d+\.\d+ ± \d+\.\d+/);
  });

  it('a typo in the target file is named in the target file, in compare, predict and evaluate', async () => {
    const where = `${at('target.csv')} line 7, column "temp": "abc" is not a number (the column is numeric in the source)`;
    expectCleanFailure(await compare('clean.csv', 'target.csv', '--dates'), 1, where);
    const fit = await tlkit('fit', '--source', at('clean.csv'), '--label', 'y', '--dates', '--out', at('m.json'));
    expect(fit.code).toBe(0);
    expectCleanFailure(await tlkit('predict', '--model', at('m.json'), '--input', at('target.csv')), 1, where);
    expectCleanFailure(await tlkit('evaluate', '--model', at('m.json'), '--input', at('target.csv')), 1, where);
    expect((await tlkit('evaluate', '--model', at('m.json'), '--input', at('target-clean.csv'))).code).toBe(0);
  });

  it('tlkit columns reads an Arrow file as it reads the CSV', async () => {
    const rows = weather(60, 40)
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const names = ['date', 'temp', 'wind', 'station', 'y'];
    writeFileSync(
      at('weather.arrow'),
      tableToIPC(tableFromArrays(Object.fromEntries(names.map((n, j) => [n, rows.map((r) => r[j])]))), 'file'),
    );
    const csv = await tlkit('columns', at('source.csv'), '--label', 'y');
    const arrow = await tlkit('columns', at('weather.arrow'), '--label', 'y');
    expect(arrow.code).toBe(0);
    expect(csv.stdout).toMatch(/date\s+date\s+60\s+0\s+dates: refused unless --dates or --ignore/);
    expect(csv.stdout).toMatch(/temp\s+text\s+14\s+0\s+numbers with 1 stray cell: refused \(fix it, or --categorical\)/);
    // The same table from either file (only the file names in the first line differ).
    expect(arrow.stdout.split('\n').slice(1)).toEqual(csv.stdout.split('\n').slice(1));
  });
});
