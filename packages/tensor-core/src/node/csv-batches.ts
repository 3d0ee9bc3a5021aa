import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { DenseMatrix } from '../dense-matrix.js';
import { BadDataError } from '../errors.js';
import { checkHeaderNames } from '../data/csv.js';
import { describeBadCell, NumericCsvScanner } from '../data/numeric-csv.js';

export interface CsvBatchOptions {
  /** The column (or columns) to predict. */
  readonly target: string | readonly string[];
  /** The feature columns, in this order; default: every other column, in file order. */
  readonly features?: readonly string[];
  /** Rows per batch (default 8192): bounds memory to about batchRows × columns × 8 bytes. */
  readonly batchRows?: number;
  /** Field delimiter; default ",". */
  readonly delimiter?: string;
  /** The longest line read (default 64 MB). */
  readonly maxLineBytes?: number;
}

/** One block of consecutive rows of a numeric CSV file. */
export interface CsvBatch {
  /** batch rows × features. */
  readonly X: DenseMatrix;
  /** batch rows × targets. */
  readonly Y: DenseMatrix;
  /** The first target column (Y's data itself when there is one target). */
  readonly y: Float64Array;
  readonly features: readonly string[];
  readonly targets: readonly string[];
  /** The file line of the batch's first row (the header is line 1). */
  readonly firstLine: number;
}

/** Bytes read from the file at a time. */
const READ_BYTES = 1 << 20;

/**
 * Reads a numeric CSV file with a header row in blocks of rows, holding one block (and one read buffer) at a
 * time: the way to fit on files larger than memory, e.g. with RidgeAccumulator. Every feature and target cell
 * must be a number; a missing or non-numeric cell, a ragged row, an unknown column name or an unreadable file
 * gives one BadDataError naming the file, line and column. Columns that are neither features nor targets may
 * hold anything.
 *
 * ```js
 * for await (const batch of readCsvBatches('big.csv', { target: 'y' })) accumulator.add(batch.X, batch.y);
 * ```
 */
export async function* readCsvBatches(path: string, options: CsvBatchOptions): AsyncGenerator<CsvBatch> {
  const batchRows = options.batchRows ?? 8192;
  if (!Number.isInteger(batchRows) || batchRows < 1) {
    throw new RangeError(`readCsvBatches: batchRows must be a positive integer, got ${String(options.batchRows)}`);
  }
  const targets = typeof options.target === 'string' ? [options.target] : [...options.target];
  if (targets.length === 0) throw new RangeError('readCsvBatches: target names no column');
  await checkReadable(path);
  const ready: CsvBatch[] = [];
  let layout: Layout | undefined;
  let X = new Float64Array(0);
  let Y = new Float64Array(0);
  let count = 0;
  let firstLine = 0;
  const scanner = new NumericCsvScanner({
    source: path,
    delimiter: options.delimiter,
    maxLineBytes: options.maxLineBytes,
    onHeader: (names, line) => {
      layout = resolveLayout(path, names, targets, options.features, line);
      X = new Float64Array(batchRows * layout.featureIndex.length);
      Y = new Float64Array(batchRows * targets.length);
    },
    onRow: (values, line, cellText) => {
      if (!layout) return;
      if (count === 0) firstLine = line;
      take(path, layout, values, line, cellText, X, count, layout.featureIndex);
      take(path, layout, values, line, cellText, Y, count, layout.targetIndex);
      count++;
      if (count === batchRows) {
        ready.push(batch(layout, X, Y, count, firstLine));
        X = new Float64Array(X.length);
        Y = new Float64Array(Y.length);
        count = 0;
      }
    },
  });
  const stream = createReadStream(path, { highWaterMark: READ_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      scanner.push(chunk);
      while (ready.length > 0) yield ready.shift() as CsvBatch;
    }
    scanner.end();
  } finally {
    stream.destroy();
  }
  while (ready.length > 0) yield ready.shift() as CsvBatch;
  if (layout && count > 0) {
    const d = layout.featureIndex.length;
    yield batch(layout, X.subarray(0, count * d), Y.subarray(0, count * targets.length), count, firstLine);
  }
}

async function checkReadable(path: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
  } catch (error) {
    throw new BadDataError(`readCsvBatches: cannot read ${path}: ${(error as Error).message}`, { source: path });
  }
  if (!isFile) throw new BadDataError(`readCsvBatches: ${path} is not a file`, { source: path });
}

interface Layout {
  readonly header: readonly string[];
  readonly features: readonly string[];
  readonly targets: readonly string[];
  readonly featureIndex: Int32Array;
  readonly targetIndex: Int32Array;
}

function resolveLayout(
  path: string,
  header: readonly string[],
  targets: readonly string[],
  features: readonly string[] | undefined,
  line: number,
): Layout {
  checkHeaderNames(header, path, line, path);
  const indexOf = (name: string, role: string): number => {
    const j = header.indexOf(name);
    if (j < 0) {
      throw new BadDataError(`${path}: no ${role} column '${name}'; the header has ${header.join(', ')}`, {
        column: name,
        source: path,
      });
    }
    return j;
  };
  const targetIndex = Int32Array.from(targets, (t) => indexOf(t, 'target'));
  const featureNames = features ? [...features] : header.filter((h) => !targets.includes(h));
  if (featureNames.length === 0) throw new BadDataError(`${path}: no feature columns besides the target`, { source: path });
  const featureIndex = Int32Array.from(featureNames, (f) => indexOf(f, 'feature'));
  return { header, features: featureNames, targets, featureIndex, targetIndex };
}

/** Copies the chosen columns of a row into row `row` of a batch buffer; a cell that is not a number is an error. */
function take(
  path: string,
  layout: Layout,
  values: Float64Array,
  line: number,
  cellText: (column: number) => string,
  out: Float64Array,
  row: number,
  columns: Int32Array,
): void {
  const offset = row * columns.length;
  for (let c = 0; c < columns.length; c++) {
    const v = values[columns[c]];
    if (Number.isNaN(v)) {
      const name = layout.header[columns[c]];
      throw new BadDataError(`${path} line ${line}, column "${name}": ${describeBadCell(cellText(columns[c]))}`, {
        line,
        column: name,
        source: path,
      });
    }
    out[offset + c] = v;
  }
}

function batch(layout: Layout, X: Float64Array, Y: Float64Array, rows: number, firstLine: number): CsvBatch {
  const k = layout.targets.length;
  return {
    X: { rows, cols: layout.featureIndex.length, data: X },
    Y: { rows, cols: k, data: Y },
    y: k === 1 ? Y : Float64Array.from({ length: rows }, (_, i) => Y[i * k]),
    features: layout.features,
    targets: layout.targets,
    firstLine,
  };
}
