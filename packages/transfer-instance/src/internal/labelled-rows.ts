import { BadDataError, assertSameRows, toVector, type DenseMatrix, type MatrixInput, type VectorInput } from '@tlkit/tensor-core';
import type { ClassLabel } from '@tlkit/ridge';
import { rowsOf } from './rows.js';

/** Labelled rows of one domain. */
export interface LabelledRows {
  readonly X: MatrixInput;
  readonly y: VectorInput | readonly ClassLabel[];
}

export function readRegressionRows(
  fn: string,
  rows: LabelledRows,
  width: number | undefined,
  name: string,
): { X: DenseMatrix; y: Float64Array } {
  const X = rowsOf(fn, rows.X, width, `${name}.X`);
  const y = toVector(rows.y as VectorInput, { fn, arg: `${name}.y` });
  assertSameRows(fn, { name: `${name}.y`, rows: y.length }, { name: `${name}.X`, rows: X.rows });
  return { X, y };
}

export function readClassRows(
  fn: string,
  rows: LabelledRows,
  width: number | undefined,
  name: string,
): { X: DenseMatrix; y: readonly ClassLabel[] } {
  const X = rowsOf(fn, rows.X, width, `${name}.X`);
  if (!Array.isArray(rows.y)) throw new TypeError(`${fn}: ${name}.y must be an array of class labels`);
  const y = rows.y as readonly ClassLabel[];
  y.forEach((v, i) => {
    const t = typeof v;
    if (!(t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(v)))) {
      throw new BadDataError(`${fn}: ${name}.y has an invalid label (${String(v)}) at row ${i}`, { row: i });
    }
  });
  assertSameRows(fn, { name: `${name}.y`, rows: y.length }, { name: `${name}.X`, rows: X.rows });
  return { X, y };
}

/** Sorted distinct labels (numbers numerically, others as strings), as the ridge classifiers order them. */
export function sortedClasses(labels: Iterable<ClassLabel>): ClassLabel[] {
  return [...new Set(labels)].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
  );
}
