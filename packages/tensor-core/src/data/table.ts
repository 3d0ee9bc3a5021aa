import { BadDataError } from '../errors.js';

/** A cell after parsing: its text, or null where the value is missing. */
export type Cell = string | null;

/**
 * A parsed table of text cells: a header and rows of equal length. `lines` holds where each row came from (for
 * error messages): its 1-based line in a text file, or its 1-based row number where `lineKind` is 'row' (Parquet,
 * Arrow, records); `source` is the file's name when there is one.
 */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  readonly lines: readonly number[];
  readonly source?: string;
  /** What `lines` counts: 'line' (default: lines of a text file, the header's included) or 'row'. */
  readonly lineKind?: 'line' | 'row';
}

/** True for a parsed Table (a header and rows of cells). */
export function isTable(value: unknown): value is Table {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Partial<Table>;
  return Array.isArray(t.columns) && Array.isArray(t.rows) && Array.isArray(t.lines);
}

/** Texts read as a missing value (case-insensitive, after trimming). */
export const MISSING_TOKENS: ReadonlySet<string> = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?']);

export function isMissingText(text: string): boolean {
  return MISSING_TOKENS.has(text.trim().toLowerCase());
}

const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The number a cell holds, or undefined when it is missing or not a plain decimal number. */
export function parseNumberCell(cell: Cell): number | undefined {
  if (cell === null) return undefined;
  const t = cell.trim();
  if (!NUMBER_PATTERN.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

/** "cars.csv line 7", "line 7" or "flights.parquet row 6": where a row came from, for messages. */
export function describeRow(table: Table, row: number): string {
  const kind = table.lineKind ?? 'line';
  const line = table.lines[row] ?? (kind === 'row' ? row + 1 : row + 2);
  return table.source ? `${table.source} ${kind} ${line}` : `${kind} ${line}`;
}

export function tableName(table: Table): string {
  return table.source ?? 'the table';
}

/** The index of a column by name, or a BadDataError naming the table and the columns it has. */
export function columnIndex(table: Table, name: string, role = 'column'): number {
  const index = table.columns.indexOf(name);
  if (index < 0) {
    throw new BadDataError(
      `${tableName(table)}: ${role} "${name}" not found; columns are ${table.columns.map((c) => `"${c}"`).join(', ')}`,
      { column: name, source: table.source },
    );
  }
  return index;
}

/**
 * A table from JSON-like records (e.g. a data package's rows). Columns are the given ones or the keys of the
 * first record; null, undefined and non-finite numbers become missing cells.
 */
export function tableFromRecords(
  records: readonly Record<string, unknown>[],
  options: { columns?: readonly string[]; source?: string } = {},
): Table {
  const columns = options.columns ?? (records.length > 0 ? Object.keys(records[0]) : []);
  const rows = records.map((record) =>
    columns.map((c): Cell => {
      const v = record[c];
      if (v === null || v === undefined) return null;
      if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
      if (typeof v === 'string' || typeof v === 'boolean') return String(v);
      return JSON.stringify(v);
    }),
  );
  return { columns, rows, lines: rows.map((_, i) => i + 1), source: options.source, lineKind: 'row' };
}

/** The rows at `indices`, as a new table sharing the header. */
export function selectRows(table: Table, indices: ArrayLike<number>): Table {
  const rows: (readonly Cell[])[] = [];
  const lines: number[] = [];
  for (let k = 0; k < indices.length; k++) {
    rows.push(table.rows[indices[k]]);
    lines.push(table.lines[indices[k]]);
  }
  return { columns: table.columns, rows, lines, source: table.source, ...(table.lineKind ? { lineKind: table.lineKind } : {}) };
}

/** Rows where `keep(row)` is true, as a new table. */
export function filterRows(table: Table, keep: (row: readonly Cell[], index: number) => boolean): Table {
  const indices: number[] = [];
  table.rows.forEach((row, i) => {
    if (keep(row, i)) indices.push(i);
  });
  return selectRows(table, indices);
}
