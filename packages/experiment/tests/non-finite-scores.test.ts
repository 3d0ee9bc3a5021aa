import { Random, tableFromRecords } from '@tlkit/tensor-core';
import { prepareTables, renderHtmlReport, renderTextTable } from '@tlkit/experiment';
import { assembleReport } from '../src/assemble-report.js';
import { methodByName } from '../src/methods/registry.js';
import { CONSTANT, constantReference } from '../src/methods/constant.js';
import type { DrawRecord } from '../src/bootstrap.js';
import type { RunRecord } from '../src/run-experiment.js';

// Before: a method whose predictions were NaN on one draw had a NaN mean and NaN intervals, and a comparison with
// NaN is never "better" nor "worse": the report printed "no clear difference" about a method that had failed.
describe('a method with a non-finite score on some draw', () => {
  const rng = new Random(3);
  const rows = (n: number) => Array.from({ length: n }, () => ({ a: rng.normal(), b: rng.normal(), y: rng.normal() }));
  const data = prepareTables(tableFromRecords(rows(40)), tableFromRecords(rows(30)), { label: 'y', task: 'regression' });
  const names = [CONSTANT, 'target-only', 'source-only', 'param'];
  const methods = names.map((n) => (n === CONSTANT ? constantReference : methodByName(n)));
  const k = 5;
  const repeats = 4;
  const record: RunRecord = {
    scores: new Map(),
    draws: new Map(),
    diagnostics: new Map(),
    skipped: new Map(),
    logme: new Map(),
    labelFree: new Map(),
  };
  const draws: DrawRecord[] = [];
  for (let r = 0; r < repeats; r++) {
    const test = Int32Array.from({ length: 25 }, (_, i) => (i + r) % 30);
    const values = new Map<string, Float64Array>();
    names.forEach((n, m) => {
      const v = Float64Array.from(test, () => (1 + m / 10) * (0.5 + rng.next()));
      if (n === 'param' && r === 2) v[7] = NaN;
      values.set(n, v);
      let s = 0;
      for (const x of v) s += x;
      record.scores.set(`${n}@${k}`, [...(record.scores.get(`${n}@${k}`) ?? []), Math.sqrt(s / v.length)]);
    });
    draws.push({ test, values });
  }
  record.draws.set(k, draws);
  const report = assembleReport({
    data,
    options: { sizes: [k], perClass: false, repeats, seed: 0, useUnlabeled: false, replicates: 200, alpha: 0.05 },
    methods,
    record,
    seconds: 0,
  });

  it('is marked failed, with no verdict about it, and the other methods are compared as usual', () => {
    const param = report.results.find((r) => r.method === 'param');
    expect(param?.failed).toBe('its rmse was not a finite number on 1 of 4 draws (NaN or infinite predictions)');
    expect(report.verdicts.some((v) => v.method === 'param')).toBe(false);
    for (const v of report.verdicts) {
      expect(Number.isFinite(v.difference)).toBe(true);
      expect(v.ci.every(Number.isFinite)).toBe(true);
    }
    expect(report.results.find((r) => r.method === 'target-only')?.failed).toBeUndefined();
  });

  it('reads "failed" in the text and HTML tables, with the reason, never a number or a verdict mark', () => {
    const text = renderTextTable(report);
    const line = text.split('\n').find((l) => l.startsWith('param'));
    expect(line).toMatch(/^param\s+failed\s*$/);
    expect(text).toContain(
      '(param failed at k=5: its rmse was not a finite number on 1 of 4 draws (NaN or infinite predictions); no verdict)',
    );
    expect(text).not.toMatch(/NaN ±|± NaN/);
    expect(renderHtmlReport(report, 't')).toContain('>failed</td>');
  });
});
