import { parse } from 'csv-parse/sync';
import { BadDataError } from '../errors.js';
import { isMissingText, type Cell, type Table } from './table.js';

export interface ParseCsvOptions {
  /** A name for messages, usually the file path. */
  readonly source?: string;
  /** Field delimiter; default ",". */
  readonly delimiter?: string;
}

/** Bounds: characters in one row, columns in the header. */
const MAX_RECORD_CHARS = 64 * 2 ** 20;
const MAX_COLUMNS = 100_000;

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
  let headerFields = 0;
  try {
    records = parse(text, {
      bom: true,
      delimiter: options.delimiter ?? ',',
      skip_empty_lines: true,
      relax_column_count: false,
      trim: false,
      max_record_size: MAX_RECORD_CHARS,
      on_record: (record: string[], context: { lines: number }) => {
        if (lines.length === 0) {
          headerFields = record.length;
          if (headerFields > MAX_COLUMNS) {
            throw new BadDataError(
              `${where} line ${context.lines}: the header has ${headerFields} columns, more than the ${MAX_COLUMNS} read`,
            );
          }
        }
        lines.push(context.lines);
        return record;
      },
    });
  } catch (error) {
    if (error instanceof BadDataError) throw new BadDataError(error.message, { source: options.source, line: 1 });
    const e = error as CsvParseError;
    if (e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' || e.code === 'CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH') {
      const got = e.record?.length;
      throw new BadDataError(`${where} line ${String(e.lines)}: row has ${String(got)} fields, the header has ${headerFields}`, {
        line: e.lines,
        source: options.source,
      });
    }
    if (e.code === 'CSV_MAX_RECORD_SIZE') {
      throw new BadDataError(
        `${where} line ${String(e.lines)}: a row is longer than ${MAX_RECORD_CHARS} characters (is this a CSV file?)`,
        {
          line: e.lines,
          source: options.source,
        },
      );
    }
    const reason = e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted cell is never closed' : (e.message.split('\n', 1)[0] ?? 'unreadable');
    throw new BadDataError(`${where}: malformed CSV near line ${String(e.lines ?? '?')}: ${reason}`, {
      line: e.lines,
      source: options.source,
    });
  }
  if (records.length === 0) throw new BadDataError(`${where}: the file is empty (no header row)`, { source: options.source });
  const header = records[0].map((h) => h.trim());
  // The header is the first record: it starts on line 1 (lines[0] is where it ends, after any quoted line breaks).
  checkHeaderNames(header, where, 1, options.source);
  const rows = records.slice(1).map((record) => record.map((cell): Cell => (isMissingText(cell) ? null : cell.trim())));
  return { columns: header, rows, lines: lines.slice(1), source: options.source };
}

/** A header whose names are all present and distinct; otherwise a BadDataError naming the place and the column. */
export function checkHeaderNames(header: readonly string[], where: string, line: number, source: string | undefined): void {
  const seen = new Map<string, number>();
  header.forEach((name, j) => {
    if (name === '') {
      throw new BadDataError(`${where} line ${line}: header column ${j + 1} has no name`, { line, column: j, source });
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(name)) {
      throw new BadDataError(
        `${where} line ${line}: header column ${j + 1} (${JSON.stringify(name.slice(0, 60))}) holds a line break or another control character`,
        {
          line,
          column: j,
          source,
        },
      );
    }
    const first = seen.get(name) ?? j;
    seen.set(name, first);
    if (first !== j) {
      throw new BadDataError(`${where} line ${line}: header names "${name}" twice (columns ${first + 1} and ${j + 1})`, {
        line,
        column: name,
        source,
      });
    }
  });
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
