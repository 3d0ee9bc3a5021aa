import { parseCsv, type Table } from '@tlkit/tensor-core';
import { readColumnarTable } from '@tlkit/tensor-core/columnar';

/** A chosen file as a table: CSV text parsed, or the bytes of a Parquet / Arrow file read. */
export async function readTable(content: string | Uint8Array, name: string): Promise<Table> {
  return typeof content === 'string' ? parseCsv(content, { source: name }) : readColumnarTable(content, { source: name });
}
