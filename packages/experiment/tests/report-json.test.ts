import { loadTask } from '@tlkit/datasets';
import { METHOD_LEGEND, parseReportJson, prepareTables, reportJsonText, runExperiment } from '@tlkit/experiment';

describe('report JSON', () => {
  it('keeps ∞ apart from "not measured": Infinity round-trips, null stays null, NaN becomes null', () => {
    const value = {
      transferability: [{ lambdaMedian: Infinity }, { lambdaMedian: null }, { lambdaMedian: 0.5 }],
      low: -Infinity,
      bad: NaN,
    };
    const text = reportJsonText(value);
    expect(text).toContain('"lambdaMedian": "Infinity"');
    expect(() => JSON.parse(text) as unknown).not.toThrow();
    expect(parseReportJson(text)).toEqual({ ...value, bad: null });
  });

  it('round-trips a whole report', async () => {
    const t = loadTask('cars-usa-japan');
    const report = await runExperiment(prepareTables(t.source, t.target, { label: t.label }), {
      sizes: [5],
      repeats: 2,
      methods: ['target-only', 'source-only', 'param'],
      bootstrap: 100,
    });
    const back = parseReportJson(reportJsonText(report)) as typeof report;
    expect(back).toEqual(report);
    // The report explains its methods with the legend's words.
    expect(report.methodSummaries).toEqual({
      constant: METHOD_LEGEND.constant,
      'target-only': METHOD_LEGEND['target-only'],
      'source-only': METHOD_LEGEND['source-only'],
      param: METHOD_LEGEND.param,
    });
  });
});
