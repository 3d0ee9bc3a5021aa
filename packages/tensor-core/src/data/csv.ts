import { parse } from 'csv-parse/sync';
import { BadDataError } from '../errors.js';
import { isMissingText, type Cell, type Table } from './table.js';

export interface ParseCsvOptions {
  /** A name for messages, usually the file path. */
  readonly source?: string;
  /** Field delimiter; default ",". */
  readonly delimiter?: string;
}

interface CsvParseError {
  code?: string;
  lines?: number;
  record?: unknown[];
  message: string;
}

/**
 * Parses CSV text with a header row (RFC 4180 quoting, CRLF or LF, a UTF-8 BOM) into a Table. Ragged rows,
 * a missing or duplicated header name, unterminated quotes and an empty file give a BadDataError naming
 * the source and line. Cells that read as missing (empty, NA, NaN, null, ?) become null.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): Table {
  const where = options.source ?? 'CSV';
  if (typeof text !== 'string') throw new TypeError(`parseCsv: text must be a string, got ${typeof text}`);
  let records: string[][];
  const lines: number[] = [];
  try {
    records = parse(text, {
      bom: true,
      delimiter: options.delimiter ?? ',',
      skip_empty_lines: true,
      relax_column_count: false,
      trim: false,
      on_record: (record: string[], context: { lines: number }) => {
        lines.push(context.lines);
        return record;
      },
    });
  } catch (error) {
    const e = error as CsvParseError;
    if (e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' || e.code === 'CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH') {
      const got = e.record?.length;
      throw new BadDataError(
        `${where} line ${String(e.lines)}: row has ${String(got)} fields, the header has ${headerLength(text, options)}`,
        { line: e.lines, source: options.source },
      );
    }
    throw new BadDataError(`${where}: malformed CSV near line ${String(e.lines ?? '?')}: ${e.message}`, {
      line: e.lines,
      source: options.source,
    });
  }
  if (records.length === 0) throw new BadDataError(`${where}: the file is empty (no header row)`, { source: options.source });
  const header = records[0].map((h) => h.trim());
  checkHeaderNames(header, where, lines[0], options.source);
  const rows = records.slice(1).map((record) => record.map((cell): Cell => (isMissingText(cell) ? null : cell.trim())));
  return { columns: header, rows, lines: lines.slice(1), source: options.source };
}

/** A header whose names are all present and distinct; otherwise a BadDataError naming the place and the column. */
export function checkHeaderNames(header: readonly string[], where: string, line: number, source: string | undefined): void {
  header.forEach((name, j) => {
    if (name === '') {
      throw new BadDataError(`${where} line ${line}: header column ${j + 1} has no name`, { line, column: j, source });
    }
    const first = header.indexOf(name);
    if (first !== j) {
      throw new BadDataError(`${where} line ${line}: header names "${name}" twice (columns ${first + 1} and ${j + 1})`, {
        line,
        column: name,
        source,
      });
    }
  });
}

function headerLength(text: string, options: ParseCsvOptions): number {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const header = parse(firstLine, { delimiter: options.delimiter ?? ',' });
  return header[0]?.length ?? 0;
}

/** Writes a table (or any header and rows) as RFC 4180 CSV text, quoting where needed; null cells are empty. */
export function formatCsv(columns: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const quote = (v: string | number | null): string => {
    if (v === null) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns, ...rows].map((r) => r.map(quote).join(',')).join('\n') + '\n';
}
