import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '@tlkit/tensor-core';
import { tlkitIn } from './harness.js';

// End-to-end `tlkit sources`: several --source files ranked for one labelled target file. Known truth: more Japanese
// cars (the target's other rows) surely carry the target's rule; a copy of the American cars with their mpg shuffled (a
// null source) carries none. Measured on these 15 rows: log evidence ratios more-japan +0.35, null −0.01 (its ridge
// weights are ≈ 0, the same prior as "no source"), the American cars −0.34 — on 15 rows parameter transfer toward the
// American weights does not beat target-only ridge by the evidence (compare's figures agree: a marginal gain at 10 rows).
let dir: string;

const tlkit = (...args: string[]) => tlkitIn(dir)(...args);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tlkit-sources-'));
  expect((await tlkit('datasets', '--export', 'data', '--name', 'cars-usa-japan')).code).toBe(0);
  const [head, ...rows] = readFileSync(join(dir, 'data/cars-usa-japan.source.csv'), 'utf8').trim().split('\n');
  const mpg = head.split(',').indexOf('Miles_per_Gallon');
  const order = new Random(3).permutation(rows.length);
  const shuffled = rows.map((r, i) => {
    const cells = r.split(',');
    cells[mpg] = rows[order[i]].split(',')[mpg];
    return cells.join(',');
  });
  writeFileSync(join(dir, 'null.csv'), [head, ...shuffled].join('\n') + '\n');
  const target = readFileSync(join(dir, 'data/cars-usa-japan.target.csv'), 'utf8').trim().split('\n');
  writeFileSync(join(dir, 'few.csv'), [target[0], ...target.slice(1, 16)].join('\n') + '\n');
  writeFileSync(join(dir, 'more-japan.csv'), [target[0], ...target.slice(16)].join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tlkit sources', () => {
  it('ranks a source with the target’s rule first, above a null one, as a table and as JSON', async () => {
    const args = [
      'sources',
      '--source',
      'null.csv',
      '--source',
      'data/cars-usa-japan.source.csv',
      '--source',
      'more-japan.csv',
      '--target',
      'few.csv',
      '--label',
      'Miles_per_Gallon',
    ];
    const table = await tlkit(...args);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/ranked on 15 labelled target rows/);
    const json = await tlkit(...args, '--json');
    expect(json.code).toBe(0);
    const ranking = JSON.parse(json.stdout) as { sources: { name: string; posterior: number }[]; none: number };
    expect(ranking.sources.map((s) => s.name)).toEqual(['more-japan.csv', 'null.csv', 'data/cars-usa-japan.source.csv']);
    expect(ranking.sources[0].posterior).toBeGreaterThan(ranking.none);
  });

  it('fails with one clear line on bad input', async () => {
    const same = await tlkit(
      'sources',
      '--source',
      'null.csv',
      '--source',
      'null.csv',
      '--target',
      'few.csv',
      '--label',
      'Miles_per_Gallon',
    );
    expect(same.code).not.toBe(0);
    expect(same.stderr).toMatch(/the same file is given twice/);
    expect((await tlkit('sources', '--target', 'few.csv', '--label', 'Miles_per_Gallon')).code).not.toBe(0);
  });
});
