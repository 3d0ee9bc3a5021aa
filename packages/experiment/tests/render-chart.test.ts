import { maxOf } from '@tlkit/tensor-core';
import type { ExperimentReport, MethodResult, PretrainedComparison } from '@tlkit/experiment';
import { METHOD_LABELS, renderSvgCurves } from '@tlkit/experiment';
import { renderPretrainedCurves } from '@tlkit/experiment/render-chart';
import { METHOD_NAMES } from '@tlkit/experiment/method-names';
import { niceTicks, outlierFences, sizeAxis } from '../src/chart/chart-scales.js';
import { seriesStyles } from '../src/chart/chart-style.js';

function report(means: Record<string, number[]>, sizes: number[]): ExperimentReport {
  const results: MethodResult[] = Object.entries(means).flatMap(([method, values]) =>
    values.map((mean, i) => ({ method, size: sizes[i], mean, std: 0.1, ci: [mean - 0.2, mean + 0.2] as const, repeats: 5, scores: [] })),
  );
  return {
    task: 'regression',
    metric: 'rmse',
    lowerIsBetter: true,
    sizes,
    perClass: false,
    repeats: 5,
    seed: 0,
    useUnlabeled: true,
    methods: Object.keys(means),
    methodSummaries: {},
    sourceRows: 100,
    targetRows: 50,
    results,
    verdicts: [],
    summary: [],
    transferability: [],
    labelFree: [],
    bootstrap: { replicates: 100, alpha: 0.05 },
    seconds: 1,
    protocol: '',
  };
}

describe('chart scales', () => {
  it('puts ticks at round numbers', () => {
    expect(niceTicks(2.61, 12.9).ticks).toEqual([5, 7.5, 10, 12.5]);
    expect(niceTicks(0.8123, 0.8911)).toEqual({ ticks: [0.82, 0.84, 0.86, 0.88], decimals: 2 });
    expect(niceTicks(250, 1100).ticks).toEqual([400, 600, 800, 1000]);
  });

  it('places sizes at their true positions, on a log axis when they span a decade (0 apart, behind a break)', () => {
    const linear = sizeAxis([0, 5, 10, 20, 40]);
    expect(linear.log).toBe(false);
    expect([0, 5, 10, 20, 40].map(linear.position)).toEqual([0, 0.125, 0.25, 0.5, 1]);
    const log = sizeAxis([0, 1, 10, 100]);
    expect(log.log).toBe(true);
    expect(log.position(0)).toBe(0);
    expect(log.breakAt).toBeCloseTo(0.06, 12);
    expect(log.position(10) - log.position(1)).toBeCloseTo(log.position(100) - log.position(10), 12);
    expect(sizeAxis([5, 50, 500]).breakAt).toBeUndefined();
  });

  it('fences off one far method only: CORAL at 21.8 among RMSEs of 4–6 is off the scale; an ordinary spread is not', () => {
    const cars = [4.0, 4.2, 5.8, 5.1, 4.2, 4.0, 5.3, 5.2, 5.3, 5.2, 4.9, 4.6, 21.8, 10.2, 7.6, 5.5, 4.8];
    const [, hi] = outlierFences(cars);
    expect(hi).toBeGreaterThan(7.6);
    expect(hi).toBeLessThan(21.8);
    expect(outlierFences([343, 326, 286, 514, 372, 330, 298, 308, 275, 457, 338, 307])).toEqual([-Infinity, Infinity]);
    expect(outlierFences([5, 5.1, 30])).toEqual([-Infinity, Infinity]);
  });
});

describe('series styles', () => {
  it('keeps 16 methods apart by colour, dash and marker, each the same in every report', () => {
    const methods = [...METHOD_NAMES, 'extra-1', 'extra-2'];
    expect(methods.length).toBeGreaterThanOrEqual(16);
    const styles = seriesStyles(methods);
    const keys = methods.map((m) => JSON.stringify(styles.get(m)));
    expect(new Set(keys).size).toBe(methods.length);
    expect(seriesStyles(['param', 'target-only']).get('param')).toEqual(styles.get('param'));
  });
});

describe('renderSvgCurves', () => {
  const r = report(
    { 'target-only': [5.8, 5.1, 4.2], param: [5.6, 5.2, 4.2], pooled: [5.2, 5.0, 4.9], 'feature:coral': [21.8, 7.6, 5.5] },
    [5, 10, 20],
  );
  const svg = renderSvgCurves(r);

  it('says what the bars are, and draws the far-off value as an arrow with its number', () => {
    expect(svg).toContain('bars: 95% CI of the mean.');
    expect(svg).toContain('<title>feature:coral: 21.8</title>');
    expect(svg).toContain('feature:coral ▲</text>');
    expect(svg).toMatch(/font-size="10" text-anchor="middle" fill="[^"]+">21\.8<\/text>/);
    // The other methods fill the plot: its top tick is near their largest value, far below 21.8.
    const ticks = [...svg.matchAll(/text-anchor="end" fill="#333">([\d.]+)</g)].map((m) => Number(m[1]));
    expect(ticks.reduce((m, t) => Math.max(m, t), -Infinity)).toBeLessThan(9);
  });

  it('lays the legend below for narrow screens, within the width', () => {
    const narrow = renderSvgCurves(r, { width: 360, legend: 'bottom' });
    expect(narrow).toMatch(/^<svg [^>]*width="360"/);
    const xs = [...narrow.matchAll(/<text x="([\d.]+)"[^>]*font-size="12">[a-z:-]+/g)].map((m) => Number(m[1]));
    expect(xs.length).toBe(4);
    expect(xs.reduce((m, x) => Math.max(m, x), -Infinity)).toBeLessThan(360 - 100);
  });
});

describe('renderPretrainedCurves (the demo image page)', () => {
  // A comparison where every method scores 100% at every size: the case Chart.js drew with ticks 1.00, 1.10 and a
  // y axis from 95% to 105%.
  const flat: PretrainedComparison = {
    sizes: [1, 2],
    repeats: 2,
    curves: (['scratch', 'frozen', 'fine-tune'] as const).map((method) => ({
      method,
      label: METHOD_LABELS[method],
      mean: [1, 1],
      std: [0, 0],
      ci: [
        [1, 1],
        [1, 1],
      ],
    })),
    verdicts: [],
    sentences: [],
    best: 'frozen',
  };

  it('draws the few-shot curves with the report chart: sizes per class at whole numbers, accuracy never above 1', () => {
    const svg = renderPretrainedCurves(flat, { width: 600 });
    expect(svg).toContain('labelled target rows per class');
    expect(svg).toContain('ACCURACY (higher is better)');
    for (const label of Object.values(METHOD_LABELS)) expect(svg).toContain(label.split(' (')[0]);
    const xTicks = [...svg.matchAll(/<text[^>]*text-anchor="middle"[^>]*>([\d.]+)<\/text>/g)].map((m) => m[1]);
    expect(xTicks).toEqual(expect.arrayContaining(['1', '2']));
    expect(xTicks.some((t) => /^1\.\d/.test(t))).toBe(false);
    const yTicks = [...svg.matchAll(/<text[^>]*text-anchor="end"[^>]*>([\d.]+)<\/text>/g)].map((m) => Number(m[1]));
    expect(yTicks.length).toBeGreaterThan(1);
    expect(maxOf(yTicks)).toBeLessThanOrEqual(1);
  });

  it('puts every method in the legend and an interval bar at each size', () => {
    const svg = renderPretrainedCurves({
      ...flat,
      curves: flat.curves.map((c, i) => ({
        ...c,
        mean: [0.5 + 0.1 * i, 0.6 + 0.1 * i],
        ci: [
          [0.4 + 0.1 * i, 0.6 + 0.1 * i],
          [0.5 + 0.1 * i, 0.7 + 0.1 * i],
        ],
      })),
    });
    expect(svg).toContain('frozen features + head');
    expect(svg).toContain('fine-tuned backbone');
    expect(svg).toContain('Points: mean over 2 draws');
  });
});
