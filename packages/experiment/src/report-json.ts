/**
 * JSON for reports and saved models. JSON has no infinities, and `JSON.stringify` writes ∞ as `null` — the same as
 * "not measured" (a report's `lambdaMedian` is ∞ when parameter transfer kept the source model, null when param did
 * not run). So ±∞ are written as the strings "Infinity" and "-Infinity", NaN as null, and `parseReportJson` reads
 * them back as numbers.
 */

const INFINITIES: Readonly<Record<string, number>> = { Infinity: Infinity, '-Infinity': -Infinity };

/** `value` as JSON text (one space of indent), ±Infinity as the strings "Infinity" / "-Infinity". */
export function reportJsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v), 1);
}

/** JSON text written by `reportJsonText`, with "Infinity" / "-Infinity" back as numbers. */
export function parseReportJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => (typeof v === 'string' && Object.hasOwn(INFINITIES, v) ? INFINITIES[v] : v)) as unknown;
}
