import { loadTask } from '@tlkit/datasets';
import { Random, zeros, type DenseMatrix } from '@tlkit/tensor-core';
import {
  logME,
  prepareTables,
  resolveMethods,
  runExperiment,
  renderHtmlReport,
  renderTextTable,
  type DrawData,
  type ExperimentData,
  type MethodContext,
  type TransferMethod,
} from '@tlkit/experiment';
import { autoMethod } from '../src/methods/auto-method.js';

function cars(): ExperimentData {
  const t = loadTask('cars-usa-japan');
  return prepareTables(t.source, t.target, { label: t.label });
}

describe('runExperiment', () => {
  it('on cars USA → Japan with 10 target rows and 40 draws, param beats target-only and source-only', async () => {
    const report = await runExperiment(cars(), { sizes: [10], repeats: 40, methods: ['target-only', 'source-only', 'param'] });
    const mean = (m: string) => report.results.find((r) => r.method === m)?.mean ?? NaN;
    expect(mean('param')).toBeLessThan(mean('target-only'));
    expect(mean('param')).toBeLessThan(mean('source-only'));
    expect(report.metric).toBe('rmse');
    expect(report.results.every((r) => r.repeats === 40)).toBe(true);
    expect(report.transferability[0].lambdaMedian).toBeGreaterThan(0);
  });

  it('runs every method on the same draws: per-draw scores do not depend on which other methods run', async () => {
    const data = cars();
    const a = await runExperiment(data, { sizes: [5], repeats: 4, methods: ['source-only', 'target-only'], seed: 3 });
    const b = await runExperiment(data, { sizes: [5], repeats: 4, methods: ['param', 'target-only', 'source-only'], seed: 3 });
    const scores = (r: typeof a, m: string) => r.results.find((x) => x.method === m)?.scores;
    expect(scores(b, 'target-only')).toEqual(scores(a, 'target-only'));
    expect(scores(b, 'source-only')).toEqual(scores(a, 'source-only'));
    expect(new Set(scores(a, 'source-only')).size).toBe(4);
  });

  it('size 0 is unsupervised adaptation: methods that need target labels are skipped and say so', async () => {
    const report = await runExperiment(cars(), { sizes: [0], repeats: 2, methods: ['target-only', 'source-only', 'feature:coral'] });
    const target = report.results.find((r) => r.method === 'target-only');
    expect(target?.skipped).toMatch(/needs labelled target rows/);
    expect(report.results.find((r) => r.method === 'feature:coral')?.repeats).toBe(2);
    expect(report.verdicts.every((v) => v.baseline === 'source-only')).toBe(true);
    const off = await runExperiment(cars(), { sizes: [0], repeats: 2, methods: ['source-only', 'feature:coral'], useUnlabeled: false });
    expect(off.results.find((r) => r.method === 'feature:coral')?.skipped).toMatch(/unlabelled rows are switched off/);
  });

  it('renders the report as text and as a self-contained HTML page with an SVG plot and a "how to read this" box', async () => {
    const report = await runExperiment(cars(), { sizes: [5, 10], repeats: 3, methods: ['target-only', 'param'] });
    const text = renderTextTable(report, 'cars');
    expect(text).toMatch(/param\s+\d+\.\d+ ± \d+\.\d+/);
    expect(text).toMatch(/constant \(reference\)\s+\d+\.\d+ ± \d+\.\d+/);
    const html = renderHtmlReport(report, 'cars <test>');
    expect(html).toContain('<svg');
    expect(html).toContain('cars &lt;test&gt;');
    expect(html).toContain('How to read this');
    expect(html).toContain(report.methodSummaries.param);
    expect(html).not.toMatch(/<script|(src|href)=["']?https?:/);
  });

  it('rejects sizes that leave no test rows, unknown methods and too few repeats', async () => {
    await expect(runExperiment(cars(), { sizes: [79] })).rejects.toThrow(
      new RangeError('size 79 needs 79 labelled target rows and leaves none to test; the target has 79'),
    );
    await expect(runExperiment(cars(), { methods: ['magic'] })).rejects.toThrow('unknown method "magic"');
    await expect(runExperiment(cars(), { methods: [] })).rejects.toThrow(/^no methods given; methods are target-only/);
    await expect(runExperiment(cars(), { repeats: 1 })).rejects.toThrow('repeats must be a whole number from 2 to 10000, got 1');
    await expect(runExperiment(cars(), { repeats: 1e20 })).rejects.toThrow(RangeError);
    await expect(runExperiment(cars(), { seed: 0.5 })).rejects.toThrow('the seed must be a whole number between ±2^53, got 0.5');
  });
});

describe('auto', () => {
  it('cross-validates on the labelled rows only: no test row ever reaches a candidate', async () => {
    const data = cars();
    const labelledRows: DenseMatrix = { rows: 8, cols: data.Xt.cols, data: data.Xt.data.slice(0, 8 * data.Xt.cols) };
    const seen: DenseMatrix[] = [];
    const spy: TransferMethod = {
      name: 'spy',
      summary: 'records what it is shown',
      needsLabels: true,
      needsSourceRows: false,
      neural: false,
      fit(_context, draw) {
        seen.push(draw.Xl);
        const outputs = (X: DenseMatrix) => {
          seen.push(X);
          return { rows: X.rows, cols: 1, data: new Float64Array(X.rows) };
        };
        return Promise.resolve({
          predict: (X) => outputs(X).data,
          outputs,
          leaveOneOut: () => outputs(draw.Xl),
          toJSON: () => ({}),
        });
      },
      restore: () => Promise.reject(new Error('unused')),
    };
    const context = {
      data,
      sourceModel: () => {
        throw new Error('unused');
      },
      sourceNetwork: () => Promise.reject(new Error('unused')),
    } as unknown as MethodContext;
    const draw: DrawData = { Xl: labelledRows, yl: Float64Array.from({ length: 8 }, (_, i) => i), Xu: undefined, seed: 1 };
    const fitted = await autoMethod([spy]).fit(context, draw);
    expect(fitted.diagnostics?.chosen).toBe('spy');
    fitted.predict(labelledRows);
    const labelled = new Set(Array.from({ length: 8 }, (_, i) => labelledRows.data.slice(i * 6, i * 6 + 6).join()));
    for (const m of seen) for (let i = 0; i < m.rows; i++) expect(labelled.has(m.data.slice(i * 6, i * 6 + 6).join())).toBe(true);
    expect(seen.length).toBeGreaterThan(1);
  });

  it('considers every quick method (and uLSIF, its weights shared by the draws) whatever else is listed; auto:a+b restricts it, and networks are refused', async () => {
    const names = resolveMethods(['param', 'feature:tca', 'deep', 'auto']).map((m) => m.name);
    expect(names).toEqual(['param', 'feature:tca', 'deep', 'auto']);
    const report = await runExperiment(cars(), { sizes: [10], repeats: 3, methods: ['target-only', 'source-only', 'auto'] });
    const weights = report.results.find((r) => r.method === 'auto')?.diagnostics?.looMse;
    expect(weights?.kind === 'weights' && Object.keys(weights.mean).sort()).toEqual([
      'feature:coral',
      'feature:fa',
      'feature:pca',
      'feature:sa',
      'instance:ulsif',
      'param',
      'pooled',
      'source-only',
      'target-only',
    ]);
    const restricted = await runExperiment(cars(), { sizes: [10], repeats: 3, methods: ['target-only', 'auto:param+pooled'] });
    const only = restricted.results.find((r) => r.method === 'auto:param+pooled')?.diagnostics?.looMse;
    expect(only?.kind === 'weights' && Object.keys(only.mean).sort()).toEqual(['param', 'pooled']);
    expect(() => resolveMethods(['auto:param+deep'])).toThrow(
      'auto:param+deep: auto chooses among ridge-headed methods only; deep trains a network',
    );
    expect(() => resolveMethods(['auto:magic'])).toThrow('unknown method "magic"');
  });
});

describe('LogME', () => {
  function data(n: number, d: number, noise: number, seed: number): { F: DenseMatrix; y: Float64Array } {
    const rng = new Random(seed);
    const F = zeros(n, d);
    for (let i = 0; i < F.data.length; i++) F.data[i] = rng.normal();
    const w = Array.from({ length: d }, () => rng.normal());
    const y = Float64Array.from({ length: n }, (_, i) => w.reduce((s, wj, j) => s + wj * F.data[i * d + j], 0) + noise * rng.normal());
    return { F, y };
  }

  /** log N(y; 0, β⁻¹I + α⁻¹FFᵀ) / n by Cholesky: the paper's evidence evaluated directly. */
  function direct(F: DenseMatrix, y: ArrayLike<number>, alpha: number, beta: number): number {
    const n = F.rows;
    const C = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => {
        let s = 0;
        for (let k = 0; k < F.cols; k++) s += F.data[i * F.cols + k] * F.data[j * F.cols + k];
        return s / alpha + (i === j ? 1 / beta : 0);
      }),
    );
    const L = C.map((r) => r.map(() => 0));
    for (let j = 0; j < n; j++) {
      let s = C[j][j];
      for (let k = 0; k < j; k++) s -= L[j][k] ** 2;
      L[j][j] = Math.sqrt(s);
      for (let i = j + 1; i < n; i++) {
        let t = C[i][j];
        for (let k = 0; k < j; k++) t -= L[i][k] * L[j][k];
        L[i][j] = t / L[j][j];
      }
    }
    const u: number[] = [];
    for (let i = 0; i < n; i++) {
      let s = y[i];
      for (let k = 0; k < i; k++) s -= L[i][k] * u[k];
      u.push(s / L[i][i]);
    }
    const logDet = L.reduce((s, r, i) => s + 2 * Math.log(r[i]), 0);
    return (-0.5 * n * Math.log(2 * Math.PI) - 0.5 * logDet - 0.5 * u.reduce((s, v) => s + v * v, 0)) / n;
  }

  it.each([
    ['n > D, small', 30, 4],
    ['n > D (FᵀF side, fast eigensolver)', 90, 24],
    ['D > n (FFᵀ side, fast eigensolver)', 40, 70],
  ])('equals the log marginal likelihood evaluated directly, at a maximum over α and β (You et al. 2021; %s)', (_, n, d) => {
    const { F, y } = data(n, d, 0.5, n + d);
    const { logme, alphas, betas } = logME(F, y);
    expect(logme).toBeCloseTo(direct(F, y, alphas[0], betas[0]), 8);
    for (const [fa, fb] of [
      [1.5, 1],
      [0.6, 1],
      [1, 1.5],
      [1, 0.6],
    ])
      expect(direct(F, y, alphas[0] * fa, betas[0] * fb)).toBeLessThan(logme + 1e-9);
    // Several target columns at once (one-hot classes) score as the mean of each column alone.
    const sorted = Array.from(y).sort((a, b) => a - b);
    const [low, high] = [sorted[Math.floor(n / 3)], sorted[Math.floor((2 * n) / 3)]];
    const classes = Array.from(y, (v) => (v >= high ? [1, 0, 0] : v >= low ? [0, 1, 0] : [0, 0, 1]));
    const each = [0, 1, 2].map(
      (c) =>
        logME(
          F,
          Float64Array.from(classes, (r) => r[c]),
        ).logme,
    );
    expect(logME(F, classes).logme).toBeCloseTo((each[0] + each[1] + each[2]) / 3, 10);
  });

  it('ranks informative features above noise, for one-hot class targets too', () => {
    const { F, y } = data(60, 3, 0.1, 2);
    const noise = data(60, 3, 0.1, 9).F;
    expect(logME(F, y).logme).toBeGreaterThan(logME(noise, y).logme);
    const classes = Array.from(y, (v) => (v > 0 ? [1, 0] : [0, 1]));
    expect(Number.isFinite(logME(F, classes).logme)).toBe(true);
  });
});

describe('the method names', () => {
  it('in the dependency-free module are exactly those of the registry, the defaults among them', async () => {
    const names = await import('@tlkit/experiment/method-names');
    expect(resolveMethods(names.METHOD_NAMES).map((m) => m.name)).toEqual(names.METHOD_NAMES);
    for (const m of names.DEFAULT_METHODS) expect(names.METHOD_NAMES).toContain(m);
  });
});
