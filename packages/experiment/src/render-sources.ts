import { maxOf } from '@tlkit/tensor-core';
import { NO_SOURCE } from './source-keys.js';
import type { ExperimentReport } from './report.js';
import type { SourceRankingAtSize, SourceReliance } from './source-report.js';

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
}

/** One size's ranking as aligned lines: each source's rows, mean log evidence ratio, posterior, LogME and first places. */
function rankingLines(r: SourceRankingAtSize): string[] {
  const head = ['source', 'rows', 'log evidence ratio', 'posterior', 'LogME', 'first'];
  const rows = [
    ...r.sources.map((s) => [
      s.name,
      String(s.rows),
      s.logEvidenceRatio.toFixed(2),
      s.posterior.toFixed(3),
      Number.isFinite(s.logme) ? s.logme.toFixed(3) : '—',
      `${s.rankedFirst}/${r.draws}`,
    ]),
    [NO_SOURCE, '', '0.00', r.none.toFixed(3), '', ''],
  ];
  const widths = head.map((h, j) => maxOf([h.length, ...rows.map((x) => x[j].length)]));
  return [`  k=${r.size}:`, `    ${pad(head, widths)}`, ...rows.map((x) => `    ${pad(x, widths)}`)];
}

/** "auto → usa (8/10 draws; mean share 0.71)". */
function relianceText(r: SourceReliance): string {
  const draws = Object.values(r.counts).reduce((a, b) => a + b, 0);
  const share = r.shares[r.leanedOn] as number | undefined;
  return `${r.method} → ${r.leanedOn} (${r.counts[r.leanedOn] ?? 0}/${draws} draws${share === undefined ? '' : `; mean share ${share.toFixed(2)}`})`;
}

/** The sources section of the text report: their ranking per size and what the chosen model leaned on. */
export function sourcesLines(report: ExperimentReport): string[] {
  const s = report.sources;
  if (!s) return [];
  const out = [
    `${s.names.length} sources ranked on each draw's labelled target rows (evidence of parameter transfer toward each; posterior with "no source", equal prior odds; means over draws):`,
  ];
  for (const r of s.ranking) for (const line of rankingLines(r)) out.push(line);
  const chosen = s.reliance.filter((r) => r.chosen);
  if (chosen.length > 0) out.push(`the chosen model leaned on: ${chosen.map((r) => `k=${r.size} ${relianceText(r)}`).join('; ')}`);
  const others = s.reliance.filter((r) => !r.chosen);
  if (others.length > 0) out.push(`multi-source methods leaned on: ${others.map((r) => `k=${r.size} ${relianceText(r)}`).join('; ')}`);
  return out;
}
