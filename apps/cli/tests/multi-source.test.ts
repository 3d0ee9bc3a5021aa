import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '@tlkit/tensor-core';
import { filesUnder, tlkitInProcess as tlkit } from './harness.js';

// Several --source files end to end, on data whose truth is known: the target follows y = 3 + x·w + noise; same.csv is
// the target's own generator, other.csv an unrelated rule. compare ranks same first and the multi-source methods lean
// on it; transfer saves a multi-source bundle that predict, evaluate and inspect read.
let dir: string;
const at = (f: string) => join(dir, f);
const W = [2, -1, 0.5, 1.5];

function csv(n: number, w: readonly number[], rng: Random): string {
  const lines = ['a,b,c,d,y'];
  for (let i = 0; i < n; i++) {
    const x = W.map(() => rng.normal());
    lines.push([...x.map((v) => v.toFixed(4)), (3 + x.reduce((s, v, j) => s + v * w[j], 0) + 0.4 * rng.normal()).toFixed(4)].join(','));
  }
  return lines.join('\n') + '\n';
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tlkit-multi-'));
  const rng = new Random(21);
  writeFileSync(at('other.csv'), csv(200, [-1, 2, -2, 0], rng));
  writeFileSync(at('same.csv'), csv(200, W, rng));
  writeFileSync(at('target.csv'), csv(120, W, rng));
  const [head, ...rows] = readFileSync(at('target.csv'), 'utf8').trim().split('\n');
  writeFileSync(at('few.csv'), [head, ...rows.slice(0, 8)].join('\n') + '\n');
  writeFileSync(at('rest.csv'), [head, ...rows.slice(8)].join('\n') + '\n');
  writeFileSync(at('renamed.csv'), readFileSync(at('same.csv'), 'utf8').replace('a,b,c,d,y', 'a,b,c,e,y'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('several --source files', () => {
  it('compare: the sources ranked per size and what the chosen model leaned on, in the table and the JSON', async () => {
    const r = await tlkit(
      'compare',
      ...['--source', at('other.csv'), '--source', at('same.csv'), '--target', at('target.csv'), '--label', 'y'],
      ...['--sizes', '6,12', '--repeats', '4', '--quiet', '--json', at('report.json')],
      ...['--methods', 'target-only,param,multi:param,multi:pooled,auto:target-only+param+multi:param+multi:pooled'],
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${at('other.csv')} + ${at('same.csv')} → ${at('target.csv')} (y)`);
    expect(r.stdout).toContain('2 sources ranked on each draw');
    expect(r.stdout).toMatch(/multi:param\s+\d/);
    const report = JSON.parse(readFileSync(at('report.json'), 'utf8')) as {
      sourceRows: number;
      sources: {
        names: string[];
        ranking: { size: number; sources: { name: string }[] }[];
        reliance: { method: string; leanedOn: string }[];
      };
    };
    expect(report.sourceRows).toBe(400);
    expect(report.sources.names).toEqual(['other', 'same']);
    expect(report.sources.ranking.map((x) => x.sources[0].name)).toEqual(['same', 'same']);
    expect(report.sources.reliance.filter((x) => x.method === 'multi:param').map((x) => x.leanedOn)).toEqual(['same', 'same']);
  });

  it('refuses the same file twice and sources with different columns, naming the file and the column', async () => {
    const before = filesUnder(dir);
    const twice = await tlkit(
      'compare',
      '--source',
      at('same.csv'),
      '--source',
      at('./same.csv'),
      '--target',
      at('target.csv'),
      '--label',
      'y',
    );
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toContain(`--source: ${at('./same.csv')} is the same file as ${at('same.csv')}`);
    const columns = await tlkit(
      'compare',
      '--source',
      at('same.csv'),
      '--source',
      at('renamed.csv'),
      '--target',
      at('target.csv'),
      '--label',
      'y',
    );
    expect(columns.code).not.toBe(0);
    expect(columns.stderr).toContain(`${at('renamed.csv')}: has no column "d", which ${at('same.csv')} has`);
    expect(filesUnder(dir)).toEqual(before);
  });

  it.each(['multi:param', 'multi:pooled', 'auto'])(
    'transfer --method %s with two sources saves a bundle predict, evaluate and inspect read',
    async (method) => {
      expect((await tlkit('fit', '--source', at('same.csv'), '--label', 'y', '--out', at('source.json'))).code).toBe(0);
      const out = at(`${method.replace(':', '-')}.json`);
      const t = await tlkit(
        'transfer',
        ...['--model', at('source.json'), '--target', at('few.csv'), '--source', at('other.csv'), '--source', at('same.csv')],
        ...['--method', method, '--out', out],
      );
      expect(t.stderr).toBe('');
      // auto may lean on the stacked sources (what its single-source candidates see); the multi-source methods on "same".
      expect(t.stdout).toMatch(method === 'auto' ? /leaned on / : /leaned on same/);
      const predicted = await tlkit('predict', '--model', out, '--input', at('rest.csv'));
      expect(predicted.code).toBe(0);
      expect(predicted.stdout.trim().split('\n')).toHaveLength(113);
      const metrics = JSON.parse((await tlkit('evaluate', '--model', out, '--input', at('rest.csv'), '--json')).stdout) as { rmse: number };
      expect(metrics.rmse).toBeLessThan(1);
      const inspected = JSON.parse((await tlkit('inspect', out, '--json')).stdout) as {
        details: { sources?: { name: string; rows: number }[]; leanedOn?: string };
        coefficients?: { rows: { feature: string }[] };
      };
      expect(inspected.details.sources).toEqual([
        { name: 'other', rows: 200 },
        { name: 'same', rows: 200 },
      ]);
      if (method !== 'auto') expect(inspected.details.leanedOn).toBe('same');
      expect(inspected.coefficients?.rows.map((x) => x.feature).sort()).toEqual(['a', 'b', 'c', 'd']);
    },
  );

  it('transfer: a multi-source method needs two sources', async () => {
    expect((await tlkit('fit', '--source', at('same.csv'), '--label', 'y', '--out', at('source.json'))).code).toBe(0);
    const r = await tlkit(
      'transfer',
      '--model',
      at('source.json'),
      '--target',
      at('few.csv'),
      '--source',
      at('same.csv'),
      '--method',
      'multi:param',
      '--out',
      at('m.json'),
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('multi:param cannot run on this data: needs two or more sources');
  });
});
