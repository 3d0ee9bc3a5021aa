import { BadDataError } from '../errors.js';
import { parseNumberCell } from './table.js';
import { numberCellProblem } from './column-report.js';

const NEWLINE = 0x0a;
const RETURN = 0x0d;
const QUOTE = 0x22;
const SPACE = 0x20;
const TAB = 0x09;

/** 10^0 … 10^22: every one exactly representable in fp64. */
const POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT_MANTISSA = 2 ** 53;
const DEFAULT_MAX_LINE_BYTES = 64 * 2 ** 20;
const DEFAULT_MAX_COLUMNS = 100_000;

/**
 * The value of a plain decimal number written in bytes[start, end) (no surrounding spaces), or NaN when the bytes
 * are not one (the grammar of parseNumberCell: sign, digits with an optional point, optional exponent). Exactly
 * as Number() would give: up to 15 significant digits and a power of ten up to 22 take Clinger's fast path (one
 * correctly rounded product or quotient of exact values), anything else goes through Number() itself.
 */
export function parseDecimalBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && (bytes[i] === 0x2b || bytes[i] === 0x2d)) {
    negative = bytes[i] === 0x2d;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let significant = 0;
  let scale = 0;
  let seenPoint = false;
  for (; i < end; i++) {
    const c = bytes[i];
    if (c >= 0x30 && c <= 0x39) {
      digits++;
      if (significant > 0 || c !== 0x30) significant++;
      mantissa = mantissa * 10 + (c - 0x30);
      if (seenPoint) scale--;
    } else if (c === 0x2e && !seenPoint) {
      seenPoint = true;
    } else {
      break;
    }
  }
  if (digits === 0) return NaN;
  if (i < end) {
    if (bytes[i] !== 0x65 && bytes[i] !== 0x45) return NaN;
    i++;
    let expNegative = false;
    if (i < end && (bytes[i] === 0x2b || bytes[i] === 0x2d)) {
      expNegative = bytes[i] === 0x2d;
      i++;
    }
    if (i === end) return NaN;
    let exponent = 0;
    for (; i < end; i++) {
      const c = bytes[i];
      if (c < 0x30 || c > 0x39) return NaN;
      if (exponent < 100000) exponent = exponent * 10 + (c - 0x30);
    }
    scale += expNegative ? -exponent : exponent;
  }
  if (significant <= 15 && mantissa < MAX_EXACT_MANTISSA && scale >= -22 && scale <= 22) {
    const value = scale >= 0 ? mantissa * POWERS_OF_TEN[scale] : mantissa / POWERS_OF_TEN[-scale];
    return negative ? -value : value;
  }
  return slowParse(bytes, start, end);
}

function slowParse(bytes: Uint8Array, start: number, end: number): number {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]);
  return parseNumberCell(text) ?? NaN;
}

export interface NumericCsvScannerOptions {
  /** A name for messages, usually the file path. */
  readonly source: string;
  /** Field delimiter (one ASCII character); default ",". */
  readonly delimiter?: string;
  /** The longest line read (default 64 MB): a file without line breaks (a device, a binary) stops there. */
  readonly maxLineBytes?: number;
  /** The most columns a header may have (default 100,000). */
  readonly maxColumns?: number;
  /** Called once with the header's names and line. */
  readonly onHeader: (names: readonly string[], line: number) => void;
  /**
   * Called for each data row with one value per header column (NaN where the cell is not a number; the array is
   * reused, copy what you keep) and the row's line; `cellText(j)` gives the text of cell j for messages, during the call.
   */
  readonly onRow: (values: Float64Array, line: number, cellText: (column: number) => string) => void;
}

/**
 * A streaming reader of numeric CSV bytes: push chunks of a file as they come (any split, UTF-8 with an optional
 * BOM, LF or CRLF), then call end(). Numbers are parsed straight from the bytes, without a string per cell.
 * Quoted cells are read ("" escapes a quote) but may not span lines; empty lines are skipped; a row whose field
 * count differs from the header's, or an unterminated quote, gives a BadDataError naming the source and line.
 */
export class NumericCsvScanner {
  private readonly delimiter: number;
  private readonly maxLineBytes: number;
  private readonly maxColumns: number;
  private carry: Uint8Array = new Uint8Array(0);
  private line = 0;
  private columns = -1;
  private values = new Float64Array(0);
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);
  private first = true;
  /** The bytes of the line being read, for cellText. */
  private lineBytes: Uint8Array = new Uint8Array(0);
  private readonly cellText = (j: number): string => decodeField(this.lineBytes, this.starts[j], this.ends[j]);

  constructor(private readonly options: NumericCsvScannerOptions) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 0x7f || delimiter === '"') {
      throw new RangeError(`NumericCsvScanner: delimiter must be one ASCII character other than '"', got '${delimiter}'`);
    }
    this.delimiter = delimiter.charCodeAt(0);
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.maxColumns = options.maxColumns ?? DEFAULT_MAX_COLUMNS;
    for (const [name, v] of [
      ['maxLineBytes', this.maxLineBytes],
      ['maxColumns', this.maxColumns],
    ] as const) {
      if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`NumericCsvScanner: ${name} must be a whole number ≥ 1, got ${v}`);
    }
  }

  /** Reads every complete line of the chunk; a trailing partial line waits for the next chunk or end(). */
  push(chunk: Uint8Array): void {
    let bytes = chunk;
    if (this.first && bytes.length > 0) {
      this.first = false;
      if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    const lastNewline = bytes.lastIndexOf(NEWLINE);
    if (lastNewline < 0) {
      this.carry = concat(this.carry, bytes);
      this.checkLineLength(this.carry.length);
      return;
    }
    let from = 0;
    if (this.carry.length > 0) {
      const firstNewline = bytes.indexOf(NEWLINE);
      this.checkLineLength(this.carry.length + firstNewline);
      this.readLine(concat(this.carry, bytes.subarray(0, firstNewline)), 0, this.carry.length + firstNewline);
      from = firstNewline + 1;
    }
    while (from <= lastNewline) {
      const end = bytes.indexOf(NEWLINE, from);
      this.readLine(bytes, from, end);
      from = end + 1;
    }
    this.carry = bytes.slice(lastNewline + 1);
    this.checkLineLength(this.carry.length);
  }

  private checkLineLength(bytes: number): void {
    if (bytes <= this.maxLineBytes) return;
    throw new BadDataError(
      `${this.options.source} line ${this.line + 1}: is longer than ${this.maxLineBytes} bytes (a file without line breaks: binary data or a device?)`,
      { line: this.line + 1, source: this.options.source },
    );
  }

  /** Reads the last line (one without a final newline); the source must not be empty. */
  end(): void {
    if (this.carry.length > 0) this.readLine(this.carry, 0, this.carry.length);
    this.carry = new Uint8Array(0);
    if (this.columns < 0) {
      throw new BadDataError(`${this.options.source}: the file is empty (no header row)`, { source: this.options.source });
    }
  }

  private readLine(bytes: Uint8Array, start: number, end: number): void {
    this.line++;
    if (end > start && bytes[end - 1] === RETURN) end--;
    if (end === start) return;
    if (this.columns < 0) {
      this.readHeader(bytes, start, end);
      return;
    }
    const count = this.splitFields(bytes, start, end, this.columns);
    if (count !== this.columns) {
      throw new BadDataError(`${this.options.source} line ${this.line}: row has ${count} fields, the header has ${this.columns}`, {
        line: this.line,
        source: this.options.source,
      });
    }
    const { values, starts, ends } = this;
    for (let j = 0; j < count; j++) {
      let s = starts[j];
      let e = ends[j];
      while (s < e && (bytes[s] === SPACE || bytes[s] === TAB)) s++;
      while (e > s && (bytes[e - 1] === SPACE || bytes[e - 1] === TAB)) e--;
      if (e - s >= 2 && bytes[s] === QUOTE && bytes[e - 1] === QUOTE) {
        s++;
        e--;
        while (s < e && (bytes[s] === SPACE || bytes[s] === TAB)) s++;
        while (e > s && (bytes[e - 1] === SPACE || bytes[e - 1] === TAB)) e--;
      }
      values[j] = parseDecimalBytes(bytes, s, e);
    }
    this.lineBytes = bytes;
    this.options.onRow(values, this.line, this.cellText);
  }

  private readHeader(bytes: Uint8Array, start: number, end: number): void {
    const guess = 1 + countByte(bytes, start, end, this.delimiter);
    if (guess > this.maxColumns) {
      throw new BadDataError(
        `${this.options.source} line ${this.line}: the header has ${guess} columns, more than the ${this.maxColumns} read`,
        {
          line: this.line,
          source: this.options.source,
        },
      );
    }
    this.starts = new Int32Array(guess);
    this.ends = new Int32Array(guess);
    const count = this.splitFields(bytes, start, end, guess);
    const names = Array.from({ length: count }, (_, j) => decodeField(bytes, this.starts[j], this.ends[j]).trim());
    this.columns = count;
    this.values = new Float64Array(count);
    this.options.onHeader(names, this.line);
  }

  /** Field boundaries of one line into starts/ends (quotes included, the first `limit`); returns the field count. */
  private splitFields(bytes: Uint8Array, start: number, end: number, limit: number): number {
    const { starts, ends, delimiter } = this;
    let count = 0;
    let i = start;
    for (;;) {
      const fieldStart = i;
      let j = i;
      while (j < end && (bytes[j] === SPACE || bytes[j] === TAB)) j++;
      if (j < end && bytes[j] === QUOTE) {
        j++;
        for (;;) {
          const q = bytes.indexOf(QUOTE, j);
          if (q < 0 || q >= end) {
            throw new BadDataError(`${this.options.source} line ${this.line}: a quoted cell is not closed on its line`, {
              line: this.line,
              source: this.options.source,
            });
          }
          if (q + 1 < end && bytes[q + 1] === QUOTE) j = q + 2;
          else {
            j = q + 1;
            break;
          }
        }
      }
      let next = j;
      while (next < end && bytes[next] !== delimiter) next++;
      if (count < limit) {
        starts[count] = fieldStart;
        ends[count] = next;
      }
      count++;
      if (next === end) return count;
      i = next + 1;
    }
  }
}

/** The text of a field for messages: quotes removed, "" unescaped. */
function decodeField(bytes: Uint8Array, start: number, end: number): string {
  const text = new TextDecoder().decode(bytes.subarray(start, end)).trim();
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1).replaceAll('""', '"') : text;
}

function countByte(bytes: Uint8Array, start: number, end: number, byte: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (bytes[i] === byte) n++;
  return n;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** `value is missing` or `"abc" is not a number`: what a cell that did not parse holds, for messages. */
export function describeBadCell(text: string): string {
  return numberCellProblem(text);
}
