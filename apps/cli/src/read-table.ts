import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { BadDataError, type Table } from '@tlkit/tensor-core';
import { columnarFormatOfBytes, columnarFormatOfName, readColumnarTable, type ColumnarFormat } from '@tlkit/tensor-core/columnar';
import { checkInputFile, readCsvFile } from './files.js';

/** The first bytes of a file, for telling Parquet and Arrow from CSV without reading it all. */
function fileStart(path: string, length: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    return buffer.subarray(0, readSync(fd, buffer, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

/** The columnar format of a file by its name (.parquet, .arrow, .feather, …) or, failing that, its magic bytes. */
export function columnarFormatOfFile(path: string): ColumnarFormat | undefined {
  checkInputFile(path);
  const byName = columnarFormatOfName(path);
  if (byName !== undefined) return byName;
  const head = fileStart(path, 8);
  // Parquet also ends in its magic: the start alone ("PAR1") is enough to try it.
  if (head.length >= 4 && String.fromCharCode(...head.subarray(0, 4)) === 'PAR1') return 'parquet';
  return columnarFormatOfBytes(head) === 'arrow' ? 'arrow' : undefined;
}

/**
 * Reads a table file as every command takes it: Parquet or Arrow IPC (by extension or magic bytes) through
 * @tlkit/tensor-core/columnar, anything else as CSV; the same Table either way, with one clear error per bad file.
 */
export async function readTableFile(path: string): Promise<Table> {
  const format = columnarFormatOfFile(path);
  if (format === undefined) return readCsvFile(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new BadDataError(`${path}: cannot be read (${(error as Error).message})`, { source: path });
  }
  return readColumnarTable(bytes, { source: path, format });
}
