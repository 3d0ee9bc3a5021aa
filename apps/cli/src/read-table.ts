import { BadDataError, type Table } from '@tlkit/tensor-core';
import { columnarFormatOfBytes, columnarFormatOfName, readColumnarTable, type ColumnarFormat } from '@tlkit/tensor-core/columnar';
import { MAX_FILE_BYTES, csvFromBytes, notTextHint, readBounded } from './files.js';

/** "PAR1" or "ARROW1"/an IPC stream marker at the start: enough to try a columnar reader rather than refuse binary data. */
function columnarStart(head: Uint8Array): ColumnarFormat | undefined {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31) return 'parquet';
  return columnarFormatOfBytes(head.subarray(0, 8)) === 'arrow' ? 'arrow' : undefined;
}

/**
 * Reads a table file as every command takes it: Parquet or Arrow IPC (by extension or magic bytes) through
 * @tlkit/tensor-core/columnar, anything else as CSV; the same Table either way, with one clear error per bad file.
 * The file is read once, with the bound of every other input (so a pipe or a device is read once too, and stops at
 * the bound); Parquet and Arrow tables are bounded in rows × columns by the columnar reader.
 */
export async function readTableFile(path: string): Promise<Table> {
  const byName = columnarFormatOfName(path);
  let format: ColumnarFormat | undefined = byName;
  const bytes = readBounded(path, MAX_FILE_BYTES, (head) => {
    format ??= columnarStart(head);
    if (format !== undefined) return;
    const hint = notTextHint(head);
    if (hint) throw new BadDataError(`${path}: ${hint}`, { source: path });
  });
  if (format === undefined) return csvFromBytes(path, bytes);
  return readColumnarTable(bytes, { source: path, format });
}
