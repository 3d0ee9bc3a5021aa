import { Random, vstack, zeros, type DenseMatrix } from '@tlkit/tensor-core';
import type { ClassLabel } from '@tlkit/ridge';
import {
  ALL_SOURCES,
  DEFAULT_METHODS,
  defaultMethodsFor,
  NO_SOURCE,
  fitMethod,
  restoreMethod,
  runExperiment,
  type ExperimentData,
  type ExperimentReport,
  type NamedSource,
} from '@tlkit/experiment';

// Known truth: the target follows y = X·w + noise; source "same" is the target's own generator, "shifted" and "noise"
// are unrelated (another w, and labels of pure noise). The ranking must put "same" first, the multi-source methods must
// lean on it, and with every source unrelated "no source" must win and no verdict may claim that transfer helped.
const d = 8;
function rows(n: number, rng: Random): DenseMatrix {
  const X = zeros(n, d);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.normal();
  return X;
}
function values(X: DenseMatrix, w: readonly number[] | undefined, rng: Random): Float64Array {
  return Float64Array.from(
    { length: X.rows },
    (_, i) => (w ? w.reduce((s, v, j) => s + v * X.data[i * d + j], 0) : 0) + 0.5 * rng.normal(),
  );
}
const W = [2, -1, 0.5, 1.5, -2, 1, 0.7, -0.4];
const OTHER = [-1, 2, 1, -2, 0.5, 0, -1.5, 1];
const OTHER2 = [0, -2, -1, 1, 1.5, -1, 0.5, 2];

function regression(generators: Readonly<Record<string, readonly number[] | undefined>>, seed: number): ExperimentData {
  const rng = new Random(seed);
  const sources: NamedSource[] = Object.entries(generators).map(([name, w]) => {
    const X = rows(250, rng);
    return { name, X, y: values(X, w, rng) };
  });
  const Xt = rows(160, rng);
  return {
    task: 'regression',
    Xs: vstack(sources.map((s) => s.X)),
    ys: Float64Array.from(sources.flatMap((s) => [...(s.y as Float64Array)])),
    Xt,
    yt: values(Xt, W, rng),
    featureNames: Array.from({ length: d }, (_, j) => `x${j}`),
    sources,
  };
}

/** Three classes by the largest of three linear scores; a source with `permute` names the classes differently. */
function classification(permutations: Readonly<Record<string, readonly number[]>>, seed: number): ExperimentData {
  const rng = new Random(seed);
  const scoreW = [W, OTHER, OTHER2];
  const label = (X: DenseMatrix, i: number, p: readonly number[]): ClassLabel => {
    let best = 0;
    let top = -Infinity;
    scoreW.forEach((w, c) => {
      const s = w.reduce((a, v, j) => a + v * X.data[i * d + j], 0) + 0.5 * rng.normal();
      if (s > top) {
        top = s;
        best = c;
      }
    });
    return ['a', 'b', 'c'][p[best]];
  };
  const sources: NamedSource[] = Object.entries(permutations).map(([name, p]) => {
    const X = rows(250, rng);
    return { name, X, y: Array.from({ length: X.rows }, (_, i) => label(X, i, p)) };
  });
  const Xt = rows(160, rng);
  const ys = sources.flatMap((s) => [...(s.y as readonly ClassLabel[])]);
  return {
    task: 'classification',
    Xs: vstack(sources.map((s) => s.X)),
    ys,
    Xt,
    yt: Array.from({ length: Xt.rows }, (_, i) => label(Xt, i, [0, 1, 2])),
    classes: ['a', 'b', 'c'],
    featureNames: Array.from({ length: d }, (_, j) => `x${j}`),
    sources,
  };
}

// The quick part of the default set with several sources (auto over all quick methods takes seconds per run here).
const METHODS = [
  'target-only',
  'source-only',
  'param',
  'multi:param',
  'multi:pooled',
  'auto:target-only+source-only+param+multi:param+multi:pooled',
];
const AUTO = METHODS[METHODS.length - 1];

const mean = (report: ExperimentReport, method: string, size: number) =>
  report.results.find((r) => r.method === method && r.size === size)?.mean ?? NaN;

describe('runExperiment with several sources', () => {
  let report: ExperimentReport;
  beforeAll(async () => {
    report = await runExperiment(regression({ shifted: OTHER, same: W, noise: undefined }, 1), {
      sizes: [6, 12],
      repeats: 5,
      bootstrap: 200,
      methods: METHODS,
    });
  });

  it('adds the multi-source methods by default and ranks the target’s own generator first at every size', () => {
    expect(defaultMethodsFor(3)).toEqual([...DEFAULT_METHODS.slice(0, -1), 'multi:param', 'multi:pooled', 'auto']);
    expect(defaultMethodsFor(1)).toBe(DEFAULT_METHODS);
    const s = report.sources;
    expect(s?.names).toEqual(['shifted', 'same', 'noise']);
    expect(s?.rows).toEqual([250, 250, 250]);
    expect(report.sourceRows).toBe(750);
    for (const r of s?.ranking ?? []) {
      expect(r.draws).toBe(5);
      expect(r.sources[0].name).toBe('same');
      expect(r.sources[0].rankedFirst).toBe(5);
      expect(r.sources[0].posterior).toBeGreaterThan(0.9);
      expect(r.sources[0].posterior + r.sources[1].posterior + r.sources[2].posterior + r.none).toBeCloseTo(1, 10);
    }
    expect(s?.ranking.map((r) => r.size)).toEqual([6, 12]);
  });

  it('says the multi-source methods and the chosen model leaned on it, and they beat target-only', () => {
    const reliance = report.sources?.reliance ?? [];
    for (const k of [6, 12]) {
      for (const method of ['multi:param', 'multi:pooled'])
        expect(reliance.find((r) => r.method === method && r.size === k)?.leanedOn).toBe('same');
      const chosen = reliance.find((r) => r.chosen && r.size === k);
      expect(chosen?.method).toBe(AUTO);
      expect(chosen?.leanedOn).toBe('same');
      expect(mean(report, 'multi:param', k)).toBeLessThan(mean(report, 'target-only', k));
      expect(mean(report, 'multi:pooled', k)).toBeLessThan(mean(report, 'target-only', k));
    }
    // The stacked sources (what pooled and param see) are mostly unrelated: the per-source methods do better.
    expect(mean(report, 'multi:param', 6)).toBeLessThan(mean(report, 'param', 6));
    const pooled = reliance.find((r) => r.method === 'multi:pooled' && r.size === 12);
    expect(pooled?.shares.same).toBeGreaterThan(0.5);
    expect(pooled?.shares.shifted ?? 0).toBeLessThan(0.05);
  });

  it('prints the ranking and what the model leaned on', async () => {
    const { renderTextTable, renderHtmlReport } = await import('@tlkit/experiment');
    const text = renderTextTable(report);
    expect(text).toContain('3 sources ranked on each draw');
    expect(text).toMatch(/the chosen model leaned on: k=6 auto:\S+ → same \(\d\/5 draws/);
    expect(renderHtmlReport(report, 't')).toContain('<h2>Sources</h2>');
  });

  it('with every source unrelated, "no source" wins and no verdict claims help', async () => {
    // Two unrelated rules (a source of pure noise has weights ≈ 0: the same prior as "no source", and a tie with it).
    const r = await runExperiment(regression({ shifted: OTHER, other: OTHER2 }, 2), {
      sizes: [12],
      repeats: 5,
      bootstrap: 200,
      methods: METHODS,
    });
    const ranking = r.sources?.ranking[0];
    for (const s of ranking?.sources ?? []) expect(ranking?.none).toBeGreaterThan(s.posterior);
    expect(r.sources?.reliance.find((x) => x.method === 'multi:param')?.leanedOn).toBe(NO_SOURCE);
    expect(r.summary[0].verdict).not.toBe('helped');
    expect(r.verdicts.filter((v) => v.method.startsWith('multi:') && v.verdict === 'helped')).toEqual([]);
  });

  it('classification: one-vs-rest heads; the source with the target’s classes ranks first and is leaned on', async () => {
    const data = classification({ swapped: [1, 2, 0], same: [0, 1, 2], reversed: [2, 1, 0] }, 3);
    const r = await runExperiment(data, { sizes: [3], perClass: true, repeats: 4, bootstrap: 200, methods: METHODS });
    expect(r.sources?.ranking[0].sources[0].name).toBe('same');
    expect(r.sources?.reliance.find((x) => x.method === 'multi:param')?.leanedOn).toBe('same');
    expect(mean(r, 'multi:param', 3)).toBeGreaterThan(mean(r, 'target-only', 3));
  });

  it('a single-source method lean is the stacked sources; target-only none', async () => {
    const r = await runExperiment(regression({ a: W, b: OTHER }, 4), {
      sizes: [8],
      repeats: 3,
      bootstrap: 200,
      methods: ['target-only', 'param'],
    });
    const { summary } = r;
    const chosen = r.sources?.reliance.find((x) => x.chosen);
    expect(chosen?.method).toBe(summary[0].method);
    expect(chosen?.leanedOn).toBe(summary[0].method === 'target-only' ? NO_SOURCE : ALL_SOURCES);
  });

  it('refuses sources that are not the rows of Xs, or that share a name', async () => {
    const data = regression({ a: W, b: OTHER }, 5);
    await expect(runExperiment({ ...data, Xs: data.Xt }, { sizes: [5], repeats: 2 })).rejects.toThrow(
      'runExperiment: the sources have 500 rows together, Xs has 160 (Xs must be their rows stacked)',
    );
    const twice = { ...data, sources: [data.sources?.[0], data.sources?.[0]] as NamedSource[] };
    await expect(runExperiment(twice, { sizes: [5], repeats: 2 })).rejects.toThrow('two sources are named "a"');
  });

  it('one source: the multi-source methods are skipped with their reason', async () => {
    const data = regression({ a: W }, 6);
    const r = await runExperiment(data, { sizes: [5], repeats: 2, bootstrap: 200, methods: ['target-only', 'multi:param'] });
    expect(r.results.find((x) => x.method === 'multi:param')?.skipped).toMatch(/needs two or more sources/);
    expect(r.sources).toBeUndefined();
  });
});

describe('multi-source fits saved and restored', () => {
  it.each(['multi:param', 'multi:pooled', 'auto'])('%s predicts the same after a round trip (regression and classes)', async (name) => {
    for (const data of [regression({ shifted: OTHER, same: W }, 7), classification({ same: [0, 1, 2], swapped: [1, 2, 0] }, 8)]) {
      const few = {
        ...data,
        Xt: { rows: 12, cols: d, data: data.Xt.data.subarray(0, 12 * d) },
        yt: data.yt.slice(0, 12),
      } as ExperimentData;
      const saved = await fitMethod(few, name);
      const restored = await restoreMethod(JSON.parse(JSON.stringify(saved)));
      expect(saved.diagnostics.leanedOn).toBe('same');
      const rest = { rows: 40, cols: d, data: data.Xt.data.subarray(100 * d, 140 * d) };
      const fitted = await restoreMethod(saved);
      expect(restored.predict(rest)).toEqual(fitted.predict(rest));
      expect(restored.diagnostics?.leanedOn).toBe('same');
    }
  });
});
