import { Random, zeros } from '@tlkit/tensor-core';
import { fitMethod, rankLabelFree, restoreMethod, runExperiment, type ExperimentData } from '@tlkit/experiment';

/**
 * auto at size 0 chooses by importance-weighted CV on the source rows, never by a target label. Checked where the truth
 * is known: under covariate shift with one rule for both domains, weighting the source rows toward the target surely
 * helps a straight line fitted to a curve (Shimodaira 2000) and the scorer must rank it first; with a null source (its
 * labels pure noise) nothing can help, and the verdict must not say it did.
 */
function shifted(seed: number, rule: (x: number, rng: Random) => number, targetRule = rule, ns = 150, nt = 80): ExperimentData {
  const rng = new Random(seed);
  const rows = (n: number, mean: number, sd: number, f: (x: number, rng: Random) => number) => {
    const X = zeros(n, 1);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      X.data[i] = mean + sd * rng.normal();
      y[i] = f(X.data[i], rng);
    }
    return { X, y };
  };
  const s = rows(ns, 0.5, 0.5, rule);
  const t = rows(nt, 0, 0.3, targetRule);
  return { task: 'regression', Xs: s.X, ys: s.y, Xt: t.X, yt: t.y, featureNames: ['x'] };
}

const curve = (x: number, rng: Random) => -x + x ** 3 + 0.1 * rng.normal();
const methods = ['source-only', 'instance:ulsif', 'feature:coral', 'auto:source-only+instance:ulsif+feature:coral'];
const auto = methods[3];

describe('auto at size 0 (no labelled target rows)', () => {
  it('ranks the weighting that surely helps first, and its choice beats the unweighted source model', async () => {
    const report = await runExperiment(shifted(1, curve, curve, 100, 60), { sizes: [0], repeats: 3, methods, bootstrap: 200 });
    const ranking = report.labelFree.find((r) => r.method === auto);
    expect(ranking?.scorer).toBe('iwcv');
    expect(ranking?.candidates).toEqual(['source-only', 'feature:coral', 'instance:ulsif']);
    expect(ranking?.chosen['source-only'] ?? 0).toBe(0);
    expect(ranking?.meanSpearman).toBeGreaterThan(0);
    const mean = (m: string) => report.results.find((r) => r.method === m && r.size === 0)?.mean ?? NaN;
    expect(mean(auto)).toBeLessThan(mean('source-only'));
    expect(report.summary[0].method).toBe(auto);
    expect(report.summary[0].baseline).toBe('source-only');
  }, 300_000);

  it('with a null source (labels pure noise) never reports that the choice helped', async () => {
    for (const seed of [2, 3]) {
      const data = shifted(seed, (_x, rng) => rng.normal(), curve, 100, 50);
      const report = await runExperiment(data, { sizes: [0], repeats: 3, methods, bootstrap: 200, seed });
      expect(report.summary[0].verdict).not.toBe('helped');
      expect(report.labelFree[0].draws).toBe(3);
    }
  }, 300_000);

  it('is saved with its scores and restored; without unlabelled rows it cannot choose', async () => {
    const data = shifted(4, curve);
    const unlabeled = data.Xt;
    const none = { ...data, Xt: zeros(0, 1), yt: new Float64Array(0) };
    const saved = await fitMethod(none, auto, { unlabeled });
    expect(saved.diagnostics.scorer).toBe('iwcv');
    expect(Object.keys(saved.diagnostics.labelFreeRisk as Record<string, number>)).toHaveLength(3);
    const restored = await restoreMethod(JSON.parse(JSON.stringify(saved)));
    expect((restored.predict(unlabeled) as Float64Array).length).toBe(80);
    await expect(fitMethod(none, auto)).rejects.toThrow('at size 0 it chooses on unlabelled target rows');
  }, 300_000);
});

describe('rankLabelFree', () => {
  it('counts the draws that picked the best candidate and the regret, in the metric’s direction', () => {
    const r = rankLabelFree(
      'auto',
      0,
      'iwcv',
      [
        { chosen: 'a', risk: { a: 1, b: 2, c: 3 }, truth: { a: 1, b: 2, c: 3 } },
        { chosen: 'a', risk: { a: 1, b: 2, c: 3 }, truth: { a: 3, b: 2, c: 1 } },
      ],
      true,
    );
    expect(r.spearman).toEqual([1, -1]);
    expect(r.meanSpearman).toBe(0);
    expect(r.pickedBest).toBe(1);
    expect(r.meanRegret).toBe(1);
    const acc = rankLabelFree('auto', 0, 'iwcv', [{ chosen: 'b', risk: { a: 1, b: 2 }, truth: { a: 0.9, b: 0.8 } }], false);
    expect(acc.spearman).toEqual([1]);
    expect(acc.meanRegret).toBeCloseTo(0.1, 12);
  });
});
