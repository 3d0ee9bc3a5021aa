import { maxOf } from '@tlkit/tensor-core';
import type { LabelFreeRanking } from './label-free-ranking.js';
import type { ExperimentReport, MethodResult, Verdict } from './report.js';
import { sourcesLines } from './render-sources.js';

export interface TextTableOptions {
  /** Styles each size's verdict sentence from its verdict field (e.g. terminal colours). */
  readonly styleVerdict?: (sentence: string, verdict: Verdict | undefined) => string;
}

export function fmt(v: number, metric: string): string {
  return Number.isFinite(v) ? v.toFixed(metric === 'accuracy' ? 3 : 2) : '—';
}

export function formatLambda(v: number | null): string {
  if (v === null || Number.isNaN(v)) return '—';
  if (v === Infinity) return '∞';
  return v === 0 ? '0' : v.toExponential(1);
}

/** The constant reference first, then the methods shown. */
export function tableMethods(report: ExperimentReport): string[] {
  const reference = report.results.find((r) => r.reference)?.method;
  return [...(reference ? [reference] : []), ...report.methods];
}

export function resultOf(report: ExperimentReport, method: string, size: number): MethodResult | undefined {
  return report.results.find((x) => x.method === method && x.size === size);
}

/** "+" where a method helped against no transfer, "−" where it hurt (the report's verdict fields), else nothing. */
export function verdictMark(report: ExperimentReport, method: string, size: number): string {
  const v = report.verdicts.find((x) => x.method === method && x.size === size);
  return v?.verdict === 'helped' ? ' +' : v?.verdict === 'hurt' ? ' −' : '';
}

/** How auto chose, per size: each candidate with the draws it weighed most in and its mean weight. */
export function autoChoices(report: ExperimentReport, size: number): string | undefined {
  const auto = report.results.find((r) => r.size === size && (r.method === 'auto' || r.method.startsWith('auto:')) && !r.skipped);
  const chosen = auto?.diagnostics?.chosen;
  const weights = auto?.diagnostics?.weights;
  if (chosen?.kind !== 'label') return undefined;
  const mean: Readonly<Record<string, number | undefined>> = weights?.kind === 'weights' ? weights.mean : {};
  const parts = Object.entries(chosen.counts)
    .sort((a, b) => b[1] - a[1])
    .map(([m, n]) => {
      const w = mean[m];
      return `${m} ${n}×${w === undefined ? '' : ` (mean weight ${w.toFixed(2)})`}`;
    });
  return `k=${size}: ${parts.join(', ')}`;
}

/** A label-free choice's ranking table: each candidate's risk beside its metric on the test rows, and how well it ranked. */
export function labelFreeLines(r: LabelFreeRanking, metric: string): string[] {
  const order = [...r.candidates].sort((a, b) => r.meanRisk[a] - r.meanRisk[b]);
  const rho = Number.isFinite(r.meanSpearman) ? r.meanSpearman.toFixed(2) : '—';
  return [
    `${r.method} at k=${r.size} chose without target labels by ${r.scorer.toUpperCase()} (importance-weighted CV on the source rows):`,
    ...order.map(
      (c) =>
        `  ${c.padEnd(maxOf(r.candidates.map((x) => x.length)))}  risk ${r.meanRisk[c].toPrecision(3)}  ${metric} on the test rows ${fmt(r.meanMetric[c], metric)}  chosen ${r.chosen[c] ?? 0}×`,
    ),
    `  ranking quality (the test rows' ${metric}, which the choice never saw): mean Spearman ρ ${rho} over ${r.spearman.filter(Number.isFinite).length} draws of ${r.candidates.length} candidates; best candidate picked in ${r.pickedBest} of ${r.draws} draws, mean regret ${fmt(r.meanRegret, metric)}`,
  ];
}

/** The results as a plain-text table (one row per method, one column per size) with the verdicts below. */
export function renderTextTable(report: ExperimentReport, title = '', options: TextTableOptions = {}): string {
  const { metric } = report;
  const head = ['method', ...report.sizes.map((k) => `k=${k}${report.perClass ? '/class' : ''}`)];
  const rows = tableMethods(report).map((m) => [
    resultOf(report, m, report.sizes[0])?.reference ? `${m} (reference)` : m,
    ...report.sizes.map((k) => {
      const r = resultOf(report, m, k);
      if (!r || r.skipped) return 'skipped';
      if (r.failed) return 'failed';
      return `${fmt(r.mean, metric)} ± ${fmt(r.std, metric)}${verdictMark(report, m, k)}`;
    }),
  ]);
  const widths = head.map((h, j) => rows.reduce((w, r) => Math.max(w, r[j].length), h.length));
  const line = (cells: string[]) => cells.map((c, j) => c.padEnd(widths[j])).join('  ');
  const out: string[] = [];
  if (title) out.push(title);
  out.push(
    `${metric.toUpperCase()} on held-out target rows (${report.lowerIsBetter ? 'lower' : 'higher'} is better), mean ± sd over ${report.repeats} draws; ${report.sourceRows} source rows, ${report.targetRows} target rows`,
  );
  out.push(line(head), line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) out.push(line(r));
  const t = report.transferability;
  out.push(line(['LogME', ...t.map((x) => (x.logme === null ? '—' : x.logme.toFixed(3)))]));
  if (report.methods.includes('param')) out.push(line(['param λ (median)', ...t.map((x) => formatLambda(x.lambdaMedian))]));
  const family = report.sizes.reduce((m, k) => Math.max(m, report.verdicts.filter((v) => v.size === k && v.family > 1).length), 0);
  out.push(
    `+ / −: better / worse than no transfer (the better of target-only and source-only)${family > 1 ? `, Holm-adjusted over the ${family} transfer methods shown` : ''}; auto is tested alone.`,
  );
  out.push('');
  for (const s of report.summary) out.push(options.styleVerdict ? options.styleVerdict(s.sentence, s.verdict) : s.sentence);
  const choices = report.sizes.map((k) => autoChoices(report, k)).filter((c): c is string => c !== undefined);
  if (choices.length > 0) out.push(`auto chose (draws led by each candidate): ${choices.join('; ')}`);
  for (const r of report.labelFree) for (const line of labelFreeLines(r, metric)) out.push(line);
  for (const line of sourcesLines(report)) out.push(line);
  const skips = report.results.filter((r) => r.skipped);
  for (const s of new Map(skips.map((r) => [r.method, r.skipped])).entries())
    out.push(`(${s[0]} skipped where it could not run: ${String(s[1])})`);
  for (const r of report.results.filter((x) => x.failed)) out.push(`(${r.method} failed at k=${r.size}: ${String(r.failed)}; no verdict)`);
  return out.join('\n');
}
