import { parseIsoDate } from './dates.js';
import { isMissingText, parseNumberCell, type Cell, type Table } from './table.js';

/** What a column's cells look like: all numbers, all ISO dates, text, or nothing at all. */
export type CellKind = 'numeric' | 'date' | 'text' | 'empty';

/** One column of a table as inference sees it: what its cells are and how many distinct values it has. */
export interface ColumnReport {
  readonly name: string;
  readonly kind: CellKind;
  /** Distinct non-missing values. */
  readonly distinct: number;
  /** Non-missing cells. */
  readonly values: number;
  readonly missing: number;
  /** Cells that are plain decimal numbers in fp64's range. */
  readonly numbers: number;
  /** Cells that are ISO dates. */
  readonly dates: number;
  /** The first cell that is not a number (its row index), when some are and some are not. */
  readonly firstNonNumber?: number;
}

function kindOf(values: number, numbers: number, dates: number): CellKind {
  if (values === 0) return 'empty';
  if (numbers === values) return 'numeric';
  if (dates === values) return 'date';
  return 'text';
}

/** Reports one column (by index): kinds of cells, distinct values, missing cells. */
export function describeColumn(table: Table, j: number): ColumnReport {
  const distinct = new Set<string>();
  let values = 0;
  let numbers = 0;
  let dates = 0;
  let firstNonNumber: number | undefined;
  table.rows.forEach((row, i) => {
    const cell = row[j];
    if (cell === null) return;
    values++;
    distinct.add(cell);
    if (parseNumberCell(cell) !== undefined) numbers++;
    else {
      firstNonNumber ??= i;
      if (parseIsoDate(cell) !== undefined) dates++;
    }
  });
  return {
    name: table.columns[j],
    kind: kindOf(values, numbers, dates),
    distinct: distinct.size,
    values,
    missing: table.rows.length - values,
    numbers,
    dates,
    firstNonNumber: numbers > 0 && numbers < values ? firstNonNumber : undefined,
  };
}

/** Every column of a table, reported: its kind of cells, distinct values and missing cells (`tlkit columns`). */
export function describeColumns(table: Table): ColumnReport[] {
  return table.columns.map((_, j) => describeColumn(table, j));
}

/**
 * A text column with too many distinct values to one-hot encode: more than 20 and more than half its values
 * distinct (an id, a date, free text), or more than 1000 in any case.
 */
export function isHighCardinality(report: ColumnReport): boolean {
  return report.distinct > 1000 || (report.distinct > 20 && report.distinct > report.values / 2);
}

/**
 * Mostly numbers with a few stray cells (a typo such as `abc`, or `1e400` beyond fp64): at least 80% of its
 * values, and at least two of them, are numbers.
 */
export function isMostlyNumeric(report: ColumnReport): boolean {
  return report.numbers >= 2 && report.numbers < report.values && report.numbers >= 0.8 * report.values;
}

/** What is wrong with a cell that should hold a number, for messages: `"abc" is not a number`. */
export function numberCellProblem(cell: Cell): string {
  if (cell === null || isMissingText(cell)) return 'value is missing';
  const text = cell.trim();
  const shown = JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return `${shown} is beyond the range of fp64 numbers (±1.8e308)`;
  return `${shown} is not a number`;
}
