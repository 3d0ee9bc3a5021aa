import { isMissingText, type Cell } from '../table.js';

/** How a column's dates are written: a calendar date ("2001-01-01") or a point in time (ISO 8601, UTC). */
export type DateStyle = 'date' | 'timestamp';

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function jsonOf(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/**
 * A columnar value as the text cell a CSV file would hold for it, so that the same data read from CSV or from
 * Parquet/Arrow gives the same table: numbers in JavaScript's shortest round-trip form (NaN and ±∞ are missing,
 * as in tableFromRecords), 64-bit integers exactly, dates in ISO 8601, text trimmed with the CSV reader's missing
 * tokens ("", NA, null, …) as missing, booleans as true/false, nested values as JSON, binary as hex.
 */
export function cellOf(value: unknown, dates: DateStyle = 'timestamp'): Cell {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : null;
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return isMissingText(value) ? null : value.trim();
    default:
      break;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const iso = value.toISOString();
    return dates === 'date' ? iso.slice(0, 10) : iso;
  }
  if (value instanceof Uint8Array) return hex(value);
  return jsonOf(value);
}
