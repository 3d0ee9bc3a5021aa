import { BadDataError } from '../../errors.js';
import { checkHeaderNames } from '../csv.js';
import type { Cell, Table } from '../table.js';
import { cellOf, type DateStyle } from './cells.js';
import { loadOptional } from './load-module.js';

export interface ReadColumnarOptions {
  /** A name for messages, usually the file path. */
  readonly source?: string;
  /** Read only these columns (default: all, in the file's order). */
  readonly columns?: readonly string[];
  /** Read only the first rows (e.g. for a preview); default: all. */
  readonly rowEnd?: number;
}

/** The bytes as an ArrayBuffer of their own (a Node Buffer may be a view into a larger shared pool). */
function toArrayBuffer(bytes: ArrayBuffer | Uint8Array): ArrayBuffer {
  if (!ArrayBuffer.isView(bytes)) return bytes;
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && !(bytes.buffer instanceof SharedArrayBuffer)) {
    return bytes.buffer;
  }
  return Uint8Array.prototype.slice.call(bytes).buffer;
}

/** The named columns (all by default) of a file whose columns are `have`, or an error naming the missing one. */
export function selectColumns(have: readonly string[], wanted: readonly string[] | undefined, where: string, source?: string): string[] {
  if (wanted === undefined) return [...have];
  for (const name of wanted) {
    if (!have.includes(name)) {
      throw new BadDataError(`${where}: column "${name}" not found; columns are ${have.map((c) => `"${c}"`).join(', ')}`, {
        column: name,
        source,
      });
    }
  }
  return [...wanted];
}

/**
 * Reads a Parquet file (hyparquet, pure JavaScript: Node and browsers; every codec through hyparquet-compressors)
 * into a Table of text cells, exactly the table the same data written as CSV would give (see `cellOf`). `lines`
 * holds 1-based row numbers. A file that is not Parquet, or is corrupt, is a BadDataError naming it.
 */
export async function parquetToTable(bytes: ArrayBuffer | Uint8Array, options: ReadColumnarOptions = {}): Promise<Table> {
  const where = options.source ?? 'Parquet';
  const { parquetMetadata, parquetSchema, parquetRead } = await loadOptional(() => import('hyparquet'), 'Parquet', 'hyparquet');
  const { compressors } = await loadOptional(() => import('hyparquet-compressors'), 'Parquet', 'hyparquet-compressors');
  const file = toArrayBuffer(bytes);
  let metadata: ReturnType<typeof parquetMetadata>;
  try {
    metadata = parquetMetadata(file);
  } catch (error) {
    throw new BadDataError(`${where}: not a readable Parquet file (${(error as Error).message})`, { source: options.source });
  }
  const fields = parquetSchema(metadata).children.map((c) => c.element);
  const all = fields.map((f) => f.name);
  checkHeaderNames(all, where, 1, options.source);
  const columns = selectColumns(all, options.columns, where, options.source);
  const dateStyle = new Map<string, DateStyle>(
    fields.map((f) => [f.name, f.logical_type?.type === 'DATE' || f.converted_type === 'DATE' ? 'date' : 'timestamp']),
  );
  const n = Math.min(Number(metadata.num_rows), options.rowEnd ?? Infinity);
  const rows: Cell[][] = Array.from({ length: n }, () => new Array<Cell>(columns.length).fill(null));
  const position = new Map(columns.map((c, j) => [c, j]));
  try {
    await parquetRead({
      file,
      metadata,
      columns,
      compressors,
      rowEnd: n,
      onChunk: ({ columnName, columnData, rowStart, rowEnd }) => {
        const j = position.get(columnName);
        if (j === undefined) return;
        const style = dateStyle.get(columnName);
        const end = Math.min(rowEnd, n);
        for (let r = Math.max(rowStart, 0); r < end; r++) rows[r][j] = cellOf(columnData[r - rowStart], style);
      },
    });
  } catch (error) {
    throw new BadDataError(`${where}: the Parquet data cannot be read (${(error as Error).message})`, { source: options.source });
  }
  return { columns, rows, lines: rows.map((_, i) => i + 1), source: options.source };
}
