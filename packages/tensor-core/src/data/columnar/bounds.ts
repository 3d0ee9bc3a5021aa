import { BadDataError } from '../../errors.js';

/** The most columns a columnar file may have: the CSV reader's bound. */
const MAX_COLUMNAR_COLUMNS = 100_000;
/** The most cells (rows × columns read) a columnar file may give: a 512 MB CSV file holds at most about this many. */
export const MAX_COLUMNAR_CELLS = 2 ** 28;
/** The most bytes a Parquet file's column chunks may hold once decompressed, by its own metadata. */
export const MAX_PARQUET_UNCOMPRESSED_BYTES = 4 * 2 ** 30;

/**
 * The rows a columnar file says it has, checked before any cell is allocated: a whole number ≥ 0, and rows ×
 * columns within MAX_COLUMNAR_CELLS (a forged or huge row count is one error, not an allocation failure).
 */
export function checkTableSize(where: string, rows: number, columns: number, source: string | undefined): number {
  if (!Number.isSafeInteger(rows) || rows < 0) {
    throw new BadDataError(`${where}: the file says it has ${String(rows)} rows, not a whole number ≥ 0 (is it corrupt?)`, { source });
  }
  if (columns > MAX_COLUMNAR_COLUMNS) {
    throw new BadDataError(`${where}: has ${columns} columns, more than the ${MAX_COLUMNAR_COLUMNS} read`, { source });
  }
  if (rows * columns > MAX_COLUMNAR_CELLS) {
    throw new BadDataError(
      `${where}: ${rows} rows × ${columns} columns is more than the ${MAX_COLUMNAR_CELLS} cells read into memory (choose fewer columns, or use tlkit fit --engine duckdb)`,
      { source },
    );
  }
  return rows;
}
