import type { SizeSummary } from './report.js';

export interface SentenceContext {
  readonly metric: string;
  readonly lowerIsBetter: boolean;
  readonly perClass: boolean;
  readonly means: ReadonlyMap<string, number>;
  /** Methods in the Holm family at this size (for the fallback's wording). */
  readonly family: number;
}

function fmt(v: number, metric: string): string {
  return v.toFixed(metric === 'accuracy' ? 3 : 2);
}

function level(l: number): string {
  const pct = l * 100;
  return `${Number.isInteger(Math.round(pct * 10) / 10) ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/** The plain sentence of one size's verdict: what was compared with what, by how much, and how sure that is. */
export function headlineSentence(h: Omit<SizeSummary, 'sentence'>, c: SentenceContext): string {
  const rows = `${h.size} target row${h.size === 1 ? '' : 's'}${c.perClass ? ' per class' : ''}`;
  if (h.verdict === undefined || h.method === undefined || h.baseline === undefined || h.difference === undefined || h.ci === undefined) {
    return `${rows}: no comparison possible.`;
  }
  const { metric } = c;
  const score = (m: string) => `${m} (${fmt(c.means.get(m) ?? NaN, metric)} ${metric})`;
  const better = (c.lowerIsBetter ? h.difference < 0 : h.difference > 0) ? 'better' : 'worse';
  const ci = h.ci.map((v) => fmt(Math.abs(v) < 5e-13 ? 0 : v, metric));
  const amount = `${better} by ${fmt(Math.abs(h.difference), metric)} (difference ${fmt(h.difference, metric)}, ${level(h.level ?? 0.95)} CI ${ci[0]} to ${ci[1]})`;
  const how =
    h.decidedBy === 'holm' ? `, the best of the ${c.family} transfer method${c.family === 1 ? '' : 's'} shown (Holm-adjusted),` : '';
  const baseline = `no transfer: ${score(h.baseline)}`;
  switch (h.verdict) {
    case 'helped': {
      const other = h.baseline === 'target-only' ? 'source-only' : 'target-only';
      const too = c.means.has(other) ? `, and ${other} too` : '';
      return `${rows}: transfer helped — ${score(h.method)}${how} beats ${baseline}, ${amount}${too}.`;
    }
    case 'hurt':
      return `${rows}: transfer hurt (negative transfer) — ${score(h.method)}${how} is worse than ${baseline}, ${amount}.`;
    default:
      return `${rows}: no clear difference — ${score(h.method)}${how} is within noise of ${baseline}, ${amount}.`;
  }
}
