import type { ExperimentReport, SizeSummary } from '@tlkit/experiment';

/** Parses the sizes field ("5, 10, 20") into whole numbers, or says what is wrong. */
export function parseSizes(text: string): { sizes: number[] } | { error: string } {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (parts.length === 0) return { error: 'Give at least one target size, e.g. 5, 10, 20.' };
  const bad = parts.find((p) => !/^\d+$/.test(p));
  if (bad !== undefined) return { error: `Target sizes must be whole numbers; "${bad}" is not.` };
  return { sizes: [...new Set(parts.map(Number))].sort((a, b) => a - b) };
}

/** Parses the repeats field: a whole number from 2 to 200. */
export function parseRepeats(text: string): { repeats: number } | { error: string } {
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || n < 2 || n > 200) return { error: 'Repeats must be a whole number from 2 to 200.' };
  return { repeats: n };
}

/** The header of a CSV text (for the label picker), or an error naming the file. */
export function csvHeader(text: string, fileName: string): { columns: string[] } | { error: string } {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  if (first.trim() === '') return { error: `${fileName}: the file is empty (no header row).` };
  const columns = first.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  if (columns.some((c) => c === '')) return { error: `${fileName}: the header has an empty column name.` };
  return { columns };
}

/** Columns to offer as the label: those both files have, the last one first (labels usually come last). */
export function labelChoices(sourceColumns: readonly string[], targetColumns: readonly string[]): string[] {
  const shared = sourceColumns.filter((c) => targetColumns.includes(c));
  return shared.reverse();
}

/** The table as rows of cells: method (the constant reference first), then "mean ± sd" per size. */
export function tableRows(report: ExperimentReport): string[][] {
  const digits = report.metric === 'accuracy' ? 3 : 2;
  const reference = report.results.find((r) => r.reference)?.method;
  return [...(reference ? [reference] : []), ...report.methods].map((method) => [
    method === reference ? `${method} (reference)` : method,
    ...report.sizes.map((size) => {
      const r = report.results.find((x) => x.method === method && x.size === size);
      if (!r || r.skipped) return 'skipped';
      if (r.failed) return 'failed';
      return `${r.mean.toFixed(digits)} ± ${r.std.toFixed(digits)}`;
    }),
  ]);
}

/** Why cells say "skipped" or "failed", as the text report lists them: one line per skipped method, one per failure. */
export function resultNotes(report: Pick<ExperimentReport, 'results'>): string[] {
  const skipped = new Map(report.results.filter((r) => r.skipped).map((r) => [r.method, r.skipped]));
  return [
    ...[...skipped].map(([method, why]) => `${method} skipped where it could not run: ${String(why)}`),
    ...report.results.filter((r) => r.failed).map((r) => `${r.method} failed at k = ${r.size}: ${String(r.failed)}; no verdict`),
  ];
}

/** A CSS class for a size's verdict, read from the report's verdict field (never from its sentence). */
export function verdictClass(summary: Pick<SizeSummary, 'verdict'>): 'helped' | 'hurt' | 'neutral' {
  return summary.verdict === 'helped' ? 'helped' : summary.verdict === 'hurt' ? 'hurt' : 'neutral';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export interface VerdictRow {
  readonly size: number;
  readonly method: string;
  readonly baseline: string;
  readonly verdict: string;
  readonly className: 'helped' | 'hurt' | 'neutral';
  /** "−0.45 [−0.80, −0.10] (95%)": the mean paired difference, its interval and the interval's level, in the metric's units. */
  readonly difference: string;
}

/** The paired comparisons as the HTML report lists them (names escaped for the page). */
export function verdictRows(report: ExperimentReport): VerdictRow[] {
  const digits = report.metric === 'accuracy' ? 3 : 2;
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
  return report.verdicts.map((v) => ({
    size: v.size,
    method: escapeHtml(v.method),
    baseline: escapeHtml(v.baseline),
    verdict: escapeHtml(v.verdict),
    className: verdictClass(v),
    difference: `${f(v.difference)} [${f(v.ci[0])}, ${f(v.ci[1])}] (${Math.round(v.level * 1000) / 10}%)`,
  }));
}
