import { BadDataError } from '../../errors.js';
import type { Table } from '../table.js';
import { columnarFormatOfBytes, columnarFormatOfName, type ColumnarFormat } from './columnar-format.js';
import { arrowToTable } from './read-arrow.js';
import { parquetToTable, type ReadColumnarOptions } from './read-parquet.js';

export interface ReadColumnarTableOptions extends ReadColumnarOptions {
  /** The format; default: what the bytes say (their magic numbers), then the source's extension. */
  readonly format?: ColumnarFormat;
}

/** Reads Parquet or Arrow IPC bytes into a Table (see `parquetToTable`, `arrowToTable`), the format found from the bytes. */
export async function readColumnarTable(bytes: ArrayBuffer | Uint8Array, options: ReadColumnarTableOptions = {}): Promise<Table> {
  const view = ArrayBuffer.isView(bytes) ? bytes : new Uint8Array(bytes);
  const format = options.format ?? columnarFormatOfBytes(view) ?? (options.source ? columnarFormatOfName(options.source) : undefined);
  if (format === undefined) {
    throw new BadDataError(`${options.source ?? 'readColumnarTable'}: neither Parquet nor Arrow IPC data`, { source: options.source });
  }
  return format === 'parquet' ? parquetToTable(bytes, options) : arrowToTable(bytes, options);
}
