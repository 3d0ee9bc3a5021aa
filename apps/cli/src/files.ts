import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { BadDataError, parseCsv, type Table } from '@tlkit/tensor-core';
import { systemReason, writeFileAtomic as writeAtomic } from '@tlkit/tensor-core/node';

/** The largest file read whole (CSV or a model bundle); Node's strings end a little past this. */
export const MAX_FILE_BYTES = 512 * 2 ** 20;

/** One clear error for a path that is missing or a folder. */
export function checkInputFile(path: string): void {
  if (path.length === 0) throw new BadDataError('an input path is empty', { source: path });
  if (!existsSync(path)) throw new BadDataError(`${path}: no such file`, { source: path });
  if (statSync(path).isDirectory()) throw new BadDataError(`${path}: is a folder, not a CSV file`, { source: path });
}

/** For readers that open the file themselves (DuckDB seeks in it): a regular file, not a pipe or a device. */
export function checkRegularFile(path: string, reader: string): void {
  checkInputFile(path);
  if (!statSync(path).isFile()) {
    throw new BadDataError(`${path}: is not a regular file (a pipe or a device?); ${reader} reads files it can seek in`, { source: path });
  }
}

/** A small UTF-8 text file read whole with a bound (pipes and devices too), binary or UTF-16 data refused with a hint. */
export function readTextFile(path: string, maxBytes = MAX_FILE_BYTES): string {
  const bytes = readBounded(path, maxBytes, (head) => {
    const hint = notTextHint(head);
    if (hint) throw new BadDataError(`${path}: ${hint}`, { source: path });
  });
  return bytes.toString('utf8');
}

/**
 * The bytes of a file, read whole with a bound: a regular file over MAX_FILE_BYTES is refused from its size, and a
 * pipe or device (which has no size: a FIFO, /dev/zero) is read until the bound and refused past it.
 */
export function readBounded(path: string, maxBytes = MAX_FILE_BYTES, sniff?: (head: Uint8Array) => void): Buffer {
  checkInputFile(path);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new BadDataError(`${path}: cannot be read (${systemReason(error)})`, { source: path });
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.size > maxBytes) {
      throw new BadDataError(
        `${path}: is ${megabytes(stat.size)}; tlkit reads files up to ${megabytes(maxBytes)} whole (for a larger numeric CSV: tlkit fit --stream)`,
        { source: path },
      );
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        throw new BadDataError(`${path}: cannot be read (${systemReason(error)})`, { source: path });
      }
      if (n === 0) break;
      if (total === 0) sniff?.(chunk.subarray(0, n));
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) {
        throw new BadDataError(
          `${path}: gave more than ${megabytes(maxBytes)} and is not a regular file (a device or a pipe?); stopped reading`,
          {
            source: path,
          },
        );
      }
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0)} MB`;
}

/** What a file that is not UTF-8 CSV text looks like, for a hint; undefined when it looks like text. */
export function notTextHint(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'is gzip-compressed; decompress it first (gunzip)';
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return 'is UTF-16 text; save it as UTF-8';
  }
  const head = bytes.subarray(0, 4096);
  let zeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < head.length; i++) {
    if (head[i] !== 0) continue;
    zeros++;
    oddZeros += i % 2;
  }
  if (zeros === 0) return undefined;
  // UTF-16 without a BOM: ASCII text has a NUL in every other byte, all on one side.
  const half = head.length / 2;
  if (zeros < 1.2 * half && (oddZeros > 0.8 * half || zeros - oddZeros > 0.8 * half)) return 'is UTF-16 text; save it as UTF-8';
  return 'holds binary data (NUL bytes), not CSV text';
}

/** Reads and parses a CSV file, with one clear error for a missing, unreadable, empty, binary or too large file. */
export function readCsvFile(path: string): Table {
  // The first block tells binary data apart before a device such as /dev/zero is read to the bound.
  const bytes = readBounded(path, MAX_FILE_BYTES, (head) => {
    const hint = notTextHint(head);
    if (hint) throw new BadDataError(`${path}: ${hint}`, { source: path });
  });
  return csvFromBytes(path, bytes);
}

/** Parses the bytes of a CSV file (read by readBounded), with hints for files separated otherwise. */
export function csvFromBytes(path: string, bytes: Buffer): Table {
  let table: Table;
  try {
    table = parseCsv(bytes.toString('utf8'), { source: path });
  } catch (error) {
    throw withDelimiterHint(error, bytes);
  }
  if (table.columns.length === 1 && /[;\t|]/.test(table.columns[0])) {
    throw new BadDataError(
      `${path}: has one column, "${table.columns[0].slice(0, 60)}"; is it separated by ${separatorName(table.columns[0])}? tlkit reads comma-separated files`,
      { source: path },
    );
  }
  return table;
}

function separatorName(header: string): string {
  return header.includes(';') ? 'semicolons' : header.includes('\t') ? 'tabs' : 'bars';
}

function withDelimiterHint(error: unknown, bytes: Buffer): unknown {
  if (!(error instanceof BadDataError) || !/row has \d+ fields/.test(error.message)) return error;
  const firstLine = bytes.subarray(0, 4096).toString('utf8').split(/\r?\n/, 1)[0];
  if (!firstLine.includes(';')) return error;
  return new BadDataError(`${error.message} (is the file separated by semicolons? tlkit reads comma-separated files)`, {
    line: error.line,
    source: error.source,
  });
}

/** Reads a JSON file (a model bundle), naming the file when it is missing or not JSON. */
export function readJsonFile(path: string): unknown {
  const bytes = readBounded(path);
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new BadDataError(`${path}: is corrupt or not a tlkit model (not valid JSON)`, { source: path });
  }
}

/** Writes a file atomically: to a fresh temporary sibling first, then renamed into place; nothing half-written remains. */
export function writeFileAtomic(path: string, content: string): void {
  writeAtomic(path, content);
}
