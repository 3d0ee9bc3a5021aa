import { FAST_PRODUCT_MIN, fastMatmul } from './linalg/fast-products.js';
import { usePlain, type LinalgOptions } from './linalg/options.js';

import { squaringUnit } from './numeric-range.js';
/**
 * The one dense matrix representation of tlkit: row-major fp64. It is a plain structural type, so any caller
 * can build one without importing a class: `{ rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) }`.
 */
export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function zeros(rows: number, cols: number): DenseMatrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function identity(n: number): DenseMatrix {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** True for a value of the DenseMatrix shape whose data length agrees with its size. */
export function isDenseMatrix(value: unknown): value is DenseMatrix {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<DenseMatrix>;
  return typeof m.rows === 'number' && typeof m.cols === 'number' && m.data instanceof Float64Array && m.data.length === m.rows * m.cols;
}

export function getEntry(m: DenseMatrix, i: number, j: number): number {
  return m.data[i * m.cols + j];
}

/** A copy of row `i` as a new Float64Array. */
export function getRow(m: DenseMatrix, i: number): Float64Array {
  return m.data.slice(i * m.cols, (i + 1) * m.cols);
}

/** A copy of column `j`. */
export function getColumn(m: DenseMatrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j];
  return out;
}

/** The rows at `indices`, in that order, as a new matrix. */
export function takeRows(m: DenseMatrix, indices: ArrayLike<number>): DenseMatrix {
  const out = zeros(indices.length, m.cols);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    out.data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), k * m.cols);
  }
  return out;
}

/** The columns at `indices`, in that order, as a new matrix. */
export function takeColumns(m: DenseMatrix, indices: ArrayLike<number>): DenseMatrix {
  const out = zeros(m.rows, indices.length);
  const first = indices.length > 0 ? indices[0] : 0;
  let contiguous = true;
  for (let k = 1; k < indices.length && contiguous; k++) contiguous = indices[k] === first + k;
  if (contiguous && first >= 0 && first + indices.length <= m.cols) {
    // A run of columns (as an ascending spectrum's kept part is): row slices.
    for (let i = 0; i < m.rows; i++)
      out.data.set(m.data.subarray(i * m.cols + first, i * m.cols + first + indices.length), i * indices.length);
    return out;
  }
  for (let i = 0; i < m.rows; i++) {
    for (let k = 0; k < indices.length; k++) out.data[i * indices.length + k] = m.data[i * m.cols + indices[k]];
  }
  return out;
}

export function transpose(m: DenseMatrix): DenseMatrix {
  const out = zeros(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) out.data[j * m.rows + i] = m.data[i * m.cols + j];
  }
  return out;
}

/** Stacks matrices with equal column counts on top of each other. */
export function vstack(parts: readonly DenseMatrix[]): DenseMatrix {
  if (parts.length === 0) throw new RangeError('vstack: expected at least one matrix, got none');
  const cols = parts[0].cols;
  let rows = 0;
  for (const p of parts) {
    if (p.cols !== cols) throw new RangeError(`vstack: matrices have ${cols} and ${p.cols} columns`);
    rows += p.rows;
  }
  const out = zeros(rows, cols);
  let offset = 0;
  for (const p of parts) {
    out.data.set(p.data, offset);
    offset += p.data.length;
  }
  return out;
}

/** Places matrices with equal row counts side by side. */
export function hstack(parts: readonly DenseMatrix[]): DenseMatrix {
  if (parts.length === 0) throw new RangeError('hstack: expected at least one matrix, got none');
  const rows = parts[0].rows;
  let cols = 0;
  for (const p of parts) {
    if (p.rows !== rows) throw new RangeError(`hstack: matrices have ${rows} and ${p.rows} rows`);
    cols += p.cols;
  }
  const out = zeros(rows, cols);
  for (let i = 0; i < rows; i++) {
    let offset = i * cols;
    for (const p of parts) {
      out.data.set(p.data.subarray(i * p.cols, (i + 1) * p.cols), offset);
      offset += p.cols;
    }
  }
  return out;
}

/** Column means Σ_i x_ij / n, or with one weight per row Σ_i w_i·x_ij / Σ_i w_i. */
export function columnMeans(m: DenseMatrix, weights?: ArrayLike<number>): Float64Array {
  const { rows: n, cols: d, data } = m;
  const mean = new Float64Array(d);
  let total = 0;
  if (weights) {
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      total += w;
      const row = i * d;
      for (let j = 0; j < d; j++) mean[j] += w * data[row + j];
    }
  } else {
    total = n;
    let i = 0;
    // Four rows per sweep: a quarter of the loads and stores of the sums.
    for (; i + 3 < n; i += 4) {
      const a = i * d;
      const b = a + d;
      const c = b + d;
      const e = c + d;
      for (let j = 0; j < d; j++) mean[j] += data[a + j] + data[b + j] + (data[c + j] + data[e + j]);
    }
    for (; i < n; i++) {
      const row = i * d;
      for (let j = 0; j < d; j++) mean[j] += data[row + j];
    }
  }
  for (let j = 0; j < d; j++) mean[j] /= total;
  for (let j = 0; j < d; j++) if (!Number.isFinite(mean[j])) mean[j] = scaledColumnMean(m, j, weights, total);
  return mean;
}

/** A column's mean when the plain sum overflowed (values near fp64's end): summed in units of a power of two. */
function scaledColumnMean(m: DenseMatrix, j: number, weights: ArrayLike<number> | undefined, total: number): number {
  const { rows: n, cols: d, data } = m;
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(data[i * d + j]));
  const unit = squaringUnit(max);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += ((weights ? weights[i] : 1) / total) * (data[i * d + j] / unit);
  return sum * unit;
}

/**
 * C = A·B in fp64: the WebAssembly SIMD gemm kernel for all but small products (and `path: 'plain'`), else plain
 * loops (i-k-j order, contiguous inner loop).
 */
export function matmul(a: DenseMatrix, b: DenseMatrix, options: LinalgOptions = {}): DenseMatrix {
  if (a.cols !== b.rows) throw new RangeError(`matmul: A is ${a.rows}×${a.cols}, B is ${b.rows}×${b.cols}`);
  if (!usePlain(options) && a.rows * a.cols * b.cols >= FAST_PRODUCT_MIN) {
    const fast = fastMatmul(a, b);
    if (fast) return fast;
  }
  const out = zeros(a.rows, b.cols);
  const n = b.cols;
  for (let i = 0; i < a.rows; i++) {
    const ci = i * n;
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      if (aik === 0) continue;
      const bk = k * n;
      for (let j = 0; j < n; j++) out.data[ci + j] += aik * b.data[bk + j];
    }
  }
  return out;
}

/** y = A·x for a vector x. */
export function matvec(a: DenseMatrix, x: ArrayLike<number>): Float64Array {
  if (a.cols !== x.length) throw new RangeError(`matvec: A has ${a.cols} columns, x has ${x.length} entries`);
  const out = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    const o = i * a.cols;
    for (let j = 0; j < a.cols; j++) s += a.data[o + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** A column vector (n×1) view of the values as a matrix; copies. */
export function columnMatrix(values: ArrayLike<number>): DenseMatrix {
  return { rows: values.length, cols: 1, data: Float64Array.from(values) };
}

export function cloneMatrix(m: DenseMatrix): DenseMatrix {
  return { rows: m.rows, cols: m.cols, data: m.data.slice() };
}
