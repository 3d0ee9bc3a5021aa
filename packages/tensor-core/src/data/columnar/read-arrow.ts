import { BadDataError } from '../../errors.js';
import { checkHeaderNames } from '../csv.js';
import type { Cell, Table } from '../table.js';
import { cellOf, type DateStyle } from './cells.js';
import { checkTableSize } from './bounds.js';
import { loadOptional } from './load-module.js';
import { selectColumns, type ReadColumnarOptions } from './read-parquet.js';

/**
 * Reads Arrow IPC data, a file (Feather v2) or a stream (apache-arrow, pure JavaScript: Node and browsers), into a
 * Table of text cells as `parquetToTable` does. Dictionary-encoded columns read as their values, timestamps and dates
 * as ISO 8601. Data that is not Arrow IPC is a BadDataError naming it.
 */
export async function arrowToTable(bytes: ArrayBuffer | Uint8Array, options: ReadColumnarOptions = {}): Promise<Table> {
  const where = options.source ?? 'Arrow';
  const arrow = await loadOptional(() => import('apache-arrow'), 'Arrow', 'apache-arrow');
  let table: ReturnType<typeof arrow.tableFromIPC>;
  try {
    table = arrow.tableFromIPC(ArrayBuffer.isView(bytes) ? bytes : new Uint8Array(bytes));
  } catch (error) {
    throw unreadable(where, options.source, error);
  }
  const fields = table.schema.fields;
  const all = fields.map((f) => f.name);
  checkHeaderNames(all, where, 1, options.source);
  const columns = selectColumns(all, options.columns, where, options.source);
  const n = checkTableSize(where, Math.min(table.numRows, options.rowEnd ?? Infinity), columns.length, options.source);
  const rows: Cell[][] = Array.from({ length: n }, () => new Array<Cell>(columns.length).fill(null));
  try {
    columns.forEach((name, j) => {
      const field = fields[all.indexOf(name)];
      const vector = table.getChild(name);
      if (vector === null) return;
      const type = field.type;
      const isTime = arrow.DataType.isTimestamp(type) || arrow.DataType.isDate(type);
      const style: DateStyle = arrow.DataType.isDate(type) && type.unit === arrow.DateUnit.DAY ? 'date' : 'timestamp';
      for (let i = 0; i < n; i++) {
        const value: unknown = vector.get(i);
        rows[i][j] =
          isTime && (typeof value === 'number' || typeof value === 'bigint') ? cellOf(new Date(Number(value)), style) : cellOf(value);
      }
    });
  } catch (error) {
    throw unreadable(where, options.source, error);
  }
  return { columns, rows, lines: rows.map((_, i) => i + 1), source: options.source, lineKind: 'row' };
}

/**
 * apache-arrow reports bytes it cannot follow (a truncated file, a corrupt message) by the TypeError of whatever it
 * read next ("Cannot read properties of null"): that says nothing to the user, so such errors read as corrupt data.
 */
function unreadable(where: string, source: string | undefined, error: unknown): BadDataError {
  const internal = error instanceof TypeError || error instanceof RangeError;
  const why = internal ? 'truncated or corrupt' : (error as Error).message;
  return new BadDataError(`${where}: not readable Arrow IPC data (${why})`, { source, cause: error });
}
