import { NotFittedError, ShapeMismatchError, toDenseMatrix, type DenseMatrix, type MatrixInput } from '@tlkit/tensor-core';

/** Converts input rows once, at the public boundary, and checks their width against the fitted one. */
export function rowsOf(fn: string, X: MatrixInput, width: number | undefined, arg = 'X', allowEmpty = false): DenseMatrix {
  const m = toDenseMatrix(X, { fn, arg, allowEmpty });
  if (width !== undefined && m.rows > 0 && m.cols !== width) {
    throw new ShapeMismatchError(`${fn}: ${arg} has ${m.cols} columns, expected ${width} (as in fit)`);
  }
  return m;
}

export function checkFitted<T>(value: T | undefined, kind: string, method: string): T {
  if (value === undefined) throw new NotFittedError(kind, method);
  return value;
}

export function matrixToRows(m: DenseMatrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

export function rowsToMatrix(fn: string, rows: unknown, arg: string): DenseMatrix {
  if (!Array.isArray(rows)) throw new TypeError(`${fn}: ${arg} must be an array of rows`);
  return toDenseMatrix(rows as number[][], { fn, arg, allowEmpty: true });
}

/** A saved array of finite numbers as a Float64Array. */
export function numbersFrom(fn: string, values: unknown, arg: string): Float64Array {
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new TypeError(`${fn}: ${arg} must be an array of finite numbers`);
  }
  return Float64Array.from(values as number[]);
}

/** A positive integer option, or a RangeError naming it. */
export function checkPositiveInteger(fn: string, name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${fn}: ${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}

/** A positive finite number option, or a RangeError naming it. */
export function checkPositive(fn: string, name: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value))
    throw new RangeError(`${fn}: ${name} must be a positive finite number, got ${value}`);
  return value;
}

/** A non-empty grid of positive finite numbers. */
export function checkGrid(fn: string, name: string, values: readonly number[]): number[] {
  if (!Array.isArray(values) || values.length === 0) throw new RangeError(`${fn}: ${name} must be a non-empty array of numbers`);
  return values.map((v: unknown, i) => checkPositive(fn, `${name}[${i}]`, v as number));
}
