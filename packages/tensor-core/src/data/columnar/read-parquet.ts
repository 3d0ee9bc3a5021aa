import { BadDataError } from '../../errors.js';
import { checkHeaderNames } from '../csv.js';
import type { Cell, Table } from '../table.js';
import { cellOf, type DateStyle } from './cells.js';
import { MAX_PARQUET_UNCOMPRESSED_BYTES, checkTableSize } from './bounds.js';
import { loadOptional } from './load-module.js';

export interface ReadColumnarOptions {
  /** A name for messages, usually the file path. */
  readonly source?: string;
  /** Read only these columns (default: all, in the file's order). */
  readonly columns?: readonly string[];
  /** Read only the first rows (e.g. for a preview); default: all. */
  readonly rowEnd?: number;
}

/**
 * The bytes as an ArrayBuffer of their own (a Node Buffer may be a view into a larger shared pool). A page that is
 * not cross-origin isolated has no SharedArrayBuffer at all: naming it there is a ReferenceError.
 */
function toArrayBuffer(bytes: ArrayBuffer | Uint8Array): ArrayBuffer {
  if (!ArrayBuffer.isView(bytes)) return bytes;
  const shared = typeof SharedArrayBuffer !== 'undefined' && bytes.buffer instanceof SharedArrayBuffer;
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && !shared) {
    return bytes.buffer as ArrayBuffer;
  }
  return Uint8Array.prototype.slice.call(bytes).buffer;
}

interface ParquetSizes {
  readonly row_groups: readonly {
    readonly columns: readonly {
      readonly meta_data?: { readonly path_in_schema: readonly string[]; readonly total_uncompressed_size: bigint | number };
    }[];
  }[];
}

/** What the metadata says the chosen columns hold decompressed (a compressed "bomb" is refused before it is unpacked). */
export function uncompressedBytes(metadata: ParquetSizes, columns: ReadonlySet<string>): number {
  let total = 0;
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta && columns.has(meta.path_in_schema[0] ?? '')) total += Number(meta.total_uncompressed_size);
    }
  }
  return total;
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
  const n = checkTableSize(where, Math.min(Number(metadata.num_rows), options.rowEnd ?? Infinity), columns.length, options.source);
  const unpacked = uncompressedBytes(metadata, new Set(columns));
  if (unpacked > MAX_PARQUET_UNCOMPRESSED_BYTES) {
    throw new BadDataError(
      `${where}: its columns hold ${(unpacked / 2 ** 30).toFixed(1)} GB once decompressed, more than the ${MAX_PARQUET_UNCOMPRESSED_BYTES / 2 ** 30} GB read into memory (tlkit fit --engine duckdb reads such files)`,
      { source: options.source },
    );
  }
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
  return { columns, rows, lines: rows.map((_, i) => i + 1), source: options.source, lineKind: 'row' };
}
