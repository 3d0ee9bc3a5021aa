import { Matrix } from 'ml-matrix';
import type { DenseMatrix } from './dense-matrix.js';
import { toDenseMatrix, type MlMatrixLike } from './matrix-input.js';

/** A DenseMatrix as a new ml-matrix `Matrix` (copies). */
export function toMlMatrix(m: DenseMatrix): Matrix {
  const out = new Matrix(m.rows, m.cols);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) out.set(i, j, m.data[i * m.cols + j]);
  }
  return out;
}

/** An ml-matrix `Matrix` as a validated DenseMatrix (copies). */
export function fromMlMatrix(m: MlMatrixLike): DenseMatrix {
  return toDenseMatrix(m, { fn: 'fromMlMatrix', arg: 'm', allowEmpty: true });
}
