import { loadTask } from '@tlkit/datasets';
import { Random, sampleLabelled, tableFromRecords, takeRows, zeros, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV } from '@tlkit/ridge';
import { DEFAULT_METHODS, prepareTables, runExperiment, type ExperimentData } from '@tlkit/experiment';
import { bootstrapReplicates, percentileInterval, type DrawRecord } from '../src/bootstrap.js';

function load(name: string): ExperimentData {
  const t = loadTask(name);
  return prepareTables(t.source, t.target, { label: t.label, task: t.kind });
}

function noise(seed: number, task: 'regression' | 'classification'): ExperimentData {
  const rng = new Random(seed);
  const rows = (count: number) =>
    Array.from({ length: count }, () => ({
      a: rng.normal(),
      b: rng.normal(),
      c: rng.normal(),
      d: rng.normal(),
      e: rng.normal(),
      y: task === 'regression' ? rng.normal() : ['p', 'q', 'r'][rng.int(3)],
    }));
  return prepareTables(tableFromRecords(rows(200)), tableFromRecords(rows(100)), { label: 'y', task });
}

describe('the verdict under pure noise, with the default methods (auto over every quick method)', () => {
  it.each(['regression', 'classification'] as const)(
    '%s: "helped" in at most 5%% of 20 seeds × sizes 5/10/20',
    async (task) => {
      let helped = 0;
      for (let seed = 0; seed < 20; seed++) {
        const report = await runExperiment(noise(seed, task), { sizes: [5, 10, 20], repeats: 10, seed, methods: DEFAULT_METHODS });
        helped += report.summary.filter((s) => s.verdict === 'helped').length;
      }
      // Measured (regression): 0 of 60, where the old best-of-N headline said "helped" in 35 of 60.
      expect(helped).toBeLessThanOrEqual(3);
    },
    3600000,
  );
});

describe('the two-level bootstrap', () => {
  // A linear-Gaussian target population where the truth is known in closed form: a fitted linear model's population
  // RMSE is √(σ² + ||β − w||² + b²) for standard normal features. The estimand is the mean over labelled sets of
  // target-only's population RMSE minus the source model's; each pool of 80 target rows is one experiment.
  const d = 3;
  const beta = [1, -1, 0.5];
  const sourceBeta = [1.3, -0.6, 0.5];
  function sample(n: number, b: readonly number[], rng: Random): { X: DenseMatrix; y: Float64Array } {
    const X = zeros(n, d);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const v = rng.normal();
        X.data[i * d + j] = v;
        s += b[j] * v;
      }
      y[i] = s + rng.normal();
    }
    return { X, y };
  }
  const populationRmse = (m: RidgeCV) => {
    const w = m.coefMatrix.data;
    let s = 1 + m.intercepts[0] ** 2;
    for (let j = 0; j < d; j++) s += (beta[j] - w[j]) ** 2;
    return Math.sqrt(s);
  };

  it.each([6, 12])(
    'covers the true difference about 95%% of the time (k = %i, 20 draws, 300 pools)',
    (k) => {
      const rng = new Random(k);
      const src = sample(300, sourceBeta, rng);
      const source = new RidgeCV({ cv: 'evidence' }).fit(src.X, src.y);
      let truth = 0;
      for (let t = 0; t < 4000; t++) {
        const L = sample(k, beta, rng);
        truth += (populationRmse(new RidgeCV({ cv: 'evidence' }).fit(L.X, L.y)) - populationRmse(source)) / 4000;
      }
      let covered = 0;
      const pools = 300;
      for (let p = 0; p < pools; p++) {
        const pool = sample(80, beta, rng);
        const draws: DrawRecord[] = [];
        for (let r = 0; r < 20; r++) {
          const split = sampleLabelled(80, k, { seed: p * 1000 + r });
          const yl = Float64Array.from(split.train, (i) => pool.y[i]);
          const yt = Float64Array.from(split.test, (i) => pool.y[i]);
          const Xt = takeRows(pool.X, split.test);
          const to = new RidgeCV({ cv: 'evidence' }).fit(takeRows(pool.X, split.train), yl).predictMatrix(Xt).data;
          const so = source.predictMatrix(Xt).data;
          draws.push({
            test: split.test,
            values: new Map([
              ['to', Float64Array.from(yt, (v, i) => (v - to[i]) ** 2)],
              ['so', Float64Array.from(yt, (v, i) => (v - so[i]) ** 2)],
            ]),
          });
        }
        const rep = bootstrapReplicates(draws, 80, ['to', 'so'], 'rmse', { replicates: 1000, seed: p });
        const so = rep.get('so') as Float64Array;
        const [lo, hi] = percentileInterval(
          (rep.get('to') as Float64Array).map((v, i) => v - so[i]),
          0.95,
        );
        if (truth >= lo && truth <= hi) covered++;
      }
      // Measured: 0.965 at k = 6 and 0.940 at k = 12 (200 pools each during development).
      expect(covered / pools).toBeGreaterThan(0.91);
      expect(covered / pools).toBeLessThan(0.99);
    },
    3600000,
  );
});

describe('cars USA → Japan with 40 draws, where instance weighting and parameter transfer help on average', () => {
  it('the headline says "helped" at k = 5 and 10, auto beating both baselines', async () => {
    const report = await runExperiment(load('cars-usa-japan'), { sizes: [5, 10], repeats: 40 });
    const mean = (m: string, k: number) => report.results.find((r) => r.method === m && r.size === k)?.mean ?? NaN;
    for (const s of report.summary) {
      expect(mean('auto', s.size)).toBeLessThan(Math.min(mean('target-only', s.size), mean('source-only', s.size)));
      expect({ size: s.size, verdict: s.verdict, decidedBy: s.decidedBy }).toEqual({ size: s.size, verdict: 'helped', decidedBy: 'auto' });
    }
    // Measured (seeds 0–4, 40 draws): "helped" in 10 of 10 cells; seed 0: k = 5 auto vs source-only −0.93 RMSE, 95% CI
    // −1.38 to −0.45; k = 10 auto vs target-only −0.55, −0.91 to −0.23. Before instance:ulsif joined auto's candidates
    // (its weights fitted once on every target row, see shared-weighting.ts) the same runs read "no clear difference":
    // k = 5 −0.90 to 0.03, k = 10 −0.45 to 0.17.
  }, 600000);
});
