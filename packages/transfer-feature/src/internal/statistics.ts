import {
  NotFittedError,
  ShapeMismatchError,
  columnMeans,
  gram,
  toDenseMatrix,
  type DenseMatrix,
  type MatrixInput,
} from '@tlkit/tensor-core';

/** Sample covariance (n − 1 in the denominator, as numpy.cov and the CORAL paper), from the centred Gram matrix. */
export function covariance(X: DenseMatrix, mean = columnMeans(X)): DenseMatrix {
  const C = gram(X, { center: mean });
  const denom = Math.max(1, X.rows - 1);
  for (let i = 0; i < C.data.length; i++) C.data[i] /= denom;
  return C;
}

/** X with `row` subtracted from every row (a new matrix). */
export function subtractRow(X: DenseMatrix, row: ArrayLike<number>): DenseMatrix {
  const { rows: n, cols: d } = X;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) out[o + j] = X.data[o + j] - row[j];
  }
  return { rows: n, cols: d, data: out };
}

/**
 * Converts input rows and checks their width against the fitted one. `borrow`: the caller only reads the rows and
 * keeps no reference to them, so a DenseMatrix is checked but not copied.
 */
export function rowsOf(fn: string, X: MatrixInput, width: number | undefined, arg = 'X', borrow = false): DenseMatrix {
  const m = toDenseMatrix(X, { fn, arg, borrow });
  if (width !== undefined && m.cols !== width) {
    throw new ShapeMismatchError(`${fn}: ${arg} has ${m.cols} columns, the map was fitted on ${width}`);
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

export function rowsToMatrix(rows: readonly (readonly number[])[], fn: string): DenseMatrix {
  return toDenseMatrix(rows, { fn, arg: 'saved matrix', allowEmpty: true });
}
