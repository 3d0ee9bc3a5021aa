import type { Diagnostic } from './methods/method.js';
import type { DiagnosticSummary } from './report.js';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Each diagnostic over the draws: numbers by their median, labels by counts, weight records by their means. */
export function summariseDiagnostics(perDraw: readonly Readonly<Record<string, Diagnostic>>[]): Record<string, DiagnosticSummary> {
  const out: Record<string, DiagnosticSummary> = {};
  const keys = [...new Set(perDraw.flatMap((d) => Object.keys(d)))];
  for (const key of keys) {
    const values = perDraw.filter((d) => key in d).map((d) => d[key]);
    const numbers = values.filter((v): v is number => typeof v === 'number');
    const labels = values.filter((v): v is string => typeof v === 'string');
    if (numbers.length === values.length) {
      const finite = numbers.filter((v) => !Number.isNaN(v));
      out[key] = { kind: 'number', median: finite.length > 0 ? median(finite) : NaN, values: numbers };
    } else if (labels.length === values.length) {
      const counts: Record<string, number> = {};
      for (const v of labels) counts[v] = (counts[v] ?? 0) + 1;
      out[key] = { kind: 'label', counts };
    } else {
      const mean: Record<string, number> = {};
      for (const v of values) {
        if (typeof v !== 'object') continue;
        for (const [name, w] of Object.entries(v)) mean[name] = (mean[name] ?? 0) + w / perDraw.length;
      }
      out[key] = { kind: 'weights', mean };
    }
  }
  return out;
}
