import { panelColumns, type PanelColumn } from './column-logic.js';
import { readTable } from './read-table.js';

/** What the column panel asks: describe one file's columns (read off the page's thread: a file can be large). */
export interface DescribeRequest {
  readonly id: number;
  readonly name: string;
  /** CSV text, or the bytes of a Parquet / Arrow file. */
  readonly content: string | Uint8Array;
}

export type DescribeReply =
  { readonly id: number; readonly rows: number; readonly columns: PanelColumn[] } | { readonly id: number; readonly error: string };

addEventListener('message', (event: MessageEvent<DescribeRequest>) => {
  const { id, name, content } = event.data;
  void readTable(content, name).then(
    (table) => postMessage({ id, rows: table.rows.length, columns: panelColumns(table) } satisfies DescribeReply),
    (error: unknown) => postMessage({ id, error: (error as Error).message } satisfies DescribeReply),
  );
});
