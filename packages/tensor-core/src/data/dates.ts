const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const DAY_MS = 86_400_000;

/**
 * An ISO 8601 date or date-time (`2021-03-04`, `2021-03-04T10:30`, `2021-03-04 10:30:00.5Z`, `…+02:00`) as days since
 * 1970-01-01 UTC (a time of day is the fraction; a time without a zone is read as UTC, so that a file reads the same
 * everywhere); undefined for anything else, impossible dates (2021-02-30) included.
 */
export function parseIsoDate(text: string): number | undefined {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return undefined;
  const m = match as (string | undefined)[];
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => (v === undefined ? 0 : Number(v)));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  let ms = date.getTime() + ((hour * 60 + minute) * 60 + second) * 1000 + (m[7] ? Number(m[7]) * 1000 : 0);
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.replace(':', '');
    const offset = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
    if (offset > 18 * 60) return undefined;
    ms -= (zone.startsWith('-') ? -1 : 1) * offset * 60_000;
  }
  return ms / DAY_MS;
}
