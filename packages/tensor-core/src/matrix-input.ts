import { BadDataError, ShapeMismatchError } from './errors.js';
import { isDenseMatrix, type DenseMatrix } from './dense-matrix.js';

/** The structural part of a TensorFlow.js tensor that conversion needs; tfjs itself is not imported. */
export interface TensorLike {
  readonly shape: readonly number[];
  readonly dtype: string;
  dataSync(): ArrayLike<number>;
}

/** The structural part of an ml-matrix `Matrix`. */
export interface MlMatrixLike {
  readonly rows: number;
  readonly columns: number;
  get(row: number, column: number): number;
}

/** Everything a public function accepts where a matrix is expected. */
export type MatrixInput =
  DenseMatrix | readonly (readonly number[])[] | readonly Float64Array[] | readonly Float32Array[] | MlMatrixLike | TensorLike;

/** Everything a public function accepts where a vector (one value per row) is expected. */
export type VectorInput = readonly number[] | Float64Array | Float32Array | Int32Array | TensorLike | DenseMatrix;

/** Names the caller and the argument in error messages: `RidgeRegression.fit: X …`. */
export interface InputContext {
  readonly fn: string;
  readonly arg: string;
  /** Accept a matrix with no rows (default false). */
  readonly allowEmpty?: boolean;
  /**
   * The caller only reads the result: a DenseMatrix input is validated and returned as is, not copied
   * (default false). Saves a full copy of large inputs on hot paths such as a ridge fit.
   */
  readonly borrow?: boolean;
  /**
   * Values must also be at most `max` in magnitude, checked in the same pass as finiteness; a larger one is refused
   * with `reason` (default: any finite value).
   */
  readonly magnitude?: { readonly max: number; readonly reason: string };
  /**
   * Receives the sum of each column (as many values as columns), taken in the same pass as the checks: a caller
   * that needs column means next saves a pass over a large matrix.
   */
  readonly columnSums?: Float64Array;
  /**
   * Leave the finiteness and magnitude test to the caller (default false), which must run `checkMatrixValues` (or
   * the same test in a pass of its own, then `checkMatrixValues` for the message) before it uses any result.
   */
  readonly deferValueCheck?: boolean;
}

export function isTensorLike(value: unknown): value is TensorLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as TensorLike).shape) &&
    typeof (value as TensorLike).dataSync === 'function' &&
    typeof (value as TensorLike).dtype === 'string'
  );
}

export function isMlMatrixLike(value: unknown): value is MlMatrixLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as MlMatrixLike).rows === 'number' &&
    typeof (value as MlMatrixLike).columns === 'number' &&
    typeof (value as MlMatrixLike).get === 'function'
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === 'object') return `an object (${value.constructor.name})`;
  return `a ${typeof value}`;
}

function checkFinite(m: DenseMatrix, ctx: InputContext): DenseMatrix {
  const { data, cols } = m;
  const max = ctx.magnitude?.max ?? Number.MAX_VALUE;
  // Four values per test, one branch for all four: twice the speed of testing each (a pass over a large X is
  // a tenth of a ridge fit). The first block that fails is searched value by value below, for the message.
  let k = ctx.columnSums ? checkSummingColumns(m, max, ctx.columnSums) : 0;
  if (!ctx.columnSums) {
    for (const whole = data.length & ~3; k < whole; k += 4) {
      const ok =
        +(Math.abs(data[k]) <= max) & +(Math.abs(data[k + 1]) <= max) & +(Math.abs(data[k + 2]) <= max) & +(Math.abs(data[k + 3]) <= max);
      if (!ok) break;
    }
  }
  for (; k < data.length; k++) {
    const v = data[k];
    // False for NaN as well.
    if (Math.abs(v) <= max) continue;
    const row = Math.floor(k / cols);
    const column = k % cols;
    if (!Number.isFinite(v)) {
      const what = Number.isNaN(v) ? 'NaN' : String(v);
      throw new BadDataError(`${ctx.fn}: ${ctx.arg} has ${what} at row ${row}, column ${column}`, { row, column });
    }
    const where = cols === 1 ? ctx.arg : `${ctx.arg} column ${column}`;
    throw new RangeError(`${ctx.fn}: ${where} holds ${v.toExponential(2)} (row ${row}), ${ctx.magnitude?.reason ?? ''}`);
  }
  return m;
}

/**
 * The magnitude test of checkFinite four rows at a time, adding each column into `sums` on the way in the order
 * columnMeans adds (so that means from these sums are columnMeans' bit for bit); returns the index of the first
 * value of the group of rows that failed (data.length when none did).
 */
function checkSummingColumns(m: DenseMatrix, max: number, sums: Float64Array): number {
  const { rows: n, cols: d, data } = m;
  if (sums.length !== d) throw new RangeError(`columnSums has ${sums.length} values for a matrix of ${d} columns`);
  sums.fill(0);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const a = i * d;
    const b = a + d;
    const c = b + d;
    const e = c + d;
    let ok = 1;
    for (let j = 0; j < d; j++) {
      const va = data[a + j];
      const vb = data[b + j];
      const vc = data[c + j];
      const ve = data[e + j];
      ok &= +(Math.abs(va) <= max) & +(Math.abs(vb) <= max) & +(Math.abs(vc) <= max) & +(Math.abs(ve) <= max);
      sums[j] += va + vb + (vc + ve);
    }
    if (!ok) return a;
  }
  for (; i < n; i++) {
    const a = i * d;
    for (let j = 0; j < d; j++) {
      if (!(Math.abs(data[a + j]) <= max)) return a;
      sums[j] += data[a + j];
    }
  }
  return data.length;
}

function checkNotEmpty(m: DenseMatrix, ctx: InputContext): DenseMatrix {
  if (!ctx.allowEmpty && m.rows === 0) throw new RangeError(`${ctx.fn}: ${ctx.arg} is empty (0 rows)`);
  if (m.rows > 0 && m.cols === 0) throw new RangeError(`${ctx.fn}: ${ctx.arg} has rows with no columns`);
  return m;
}

function fromRows(rows: readonly ArrayLike<number>[], ctx: InputContext): DenseMatrix {
  const n = rows.length;
  const first: unknown = n > 0 ? rows[0] : [];
  if (!Array.isArray(first) && !ArrayBuffer.isView(first)) {
    throw new TypeError(`${ctx.fn}: ${ctx.arg} must be a matrix (array of rows); row 0 is ${describe(first)}`);
  }
  const d = n > 0 ? rows[0].length : 0;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row: unknown = rows[i];
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
      throw new TypeError(`${ctx.fn}: ${ctx.arg} row ${i} is ${describe(row)}, expected an array of numbers`);
    }
    const r = row as ArrayLike<unknown>;
    if (r.length !== d) {
      throw new BadDataError(`${ctx.fn}: ${ctx.arg} is ragged: row ${i} has ${r.length} values, row 0 has ${d}`, {
        row: i,
      });
    }
    for (let j = 0; j < d; j++) {
      const v = r[j];
      if (typeof v !== 'number') {
        throw new BadDataError(`${ctx.fn}: ${ctx.arg} has ${describe(v)} at row ${i}, column ${j}, expected a number`, {
          row: i,
          column: j,
        });
      }
      data[i * d + j] = v;
    }
  }
  return { rows: n, cols: d, data };
}

/**
 * Converts any accepted matrix input to a fresh, validated DenseMatrix: rectangular, finite, non-empty
 * unless allowed. Always copies, so the caller's data is never aliased or changed.
 */
export function toDenseMatrix(input: MatrixInput, ctx: InputContext): DenseMatrix {
  let m: DenseMatrix;
  if (isDenseMatrix(input)) {
    m = ctx.borrow ? input : { rows: input.rows, cols: input.cols, data: input.data.slice() };
  } else if (Array.isArray(input)) {
    m = fromRows(input as readonly ArrayLike<number>[], ctx);
  } else if (isTensorLike(input)) {
    if (input.shape.length !== 2) {
      throw new RangeError(`${ctx.fn}: ${ctx.arg} must be a rank-2 tensor, got shape [${input.shape.join(', ')}]`);
    }
    m = { rows: input.shape[0], cols: input.shape[1], data: Float64Array.from(input.dataSync()) };
  } else if (isMlMatrixLike(input)) {
    const out = new Float64Array(input.rows * input.columns);
    for (let i = 0; i < input.rows; i++) {
      for (let j = 0; j < input.columns; j++) out[i * input.columns + j] = input.get(i, j);
    }
    m = { rows: input.rows, cols: input.columns, data: out };
  } else if (typeof input === 'object' && 'rows' in input && 'cols' in input && 'data' in input) {
    throw new TypeError(`${ctx.fn}: ${ctx.arg} looks like a DenseMatrix but its data is not a Float64Array of rows×cols values`);
  } else {
    throw new TypeError(
      `${ctx.fn}: ${ctx.arg} must be a matrix (number[][], DenseMatrix, ml-matrix Matrix or tf.Tensor2D), got ${describe(input)}`,
    );
  }
  checkNotEmpty(m, ctx);
  if (ctx.deferValueCheck && ctx.columnSums) throw new RangeError(`${ctx.fn}: columnSums come from the value check, which is deferred`);
  return ctx.deferValueCheck ? m : checkFinite(m, ctx);
}

/**
 * The finiteness and magnitude test toDenseMatrix makes (see InputContext.magnitude and columnSums), for a matrix
 * whose test was deferred: one clear error naming the first bad value in row order, or the matrix.
 */
export function checkMatrixValues(m: DenseMatrix, ctx: InputContext): DenseMatrix {
  return checkFinite(m, ctx);
}

/**
 * Converts a one-value-per-row input to a fresh Float64Array. Accepts arrays, typed arrays, rank-1 tensors,
 * and n×1 matrices or tensors.
 */
export function toVector(input: VectorInput, ctx: InputContext): Float64Array {
  let out: Float64Array;
  if (Array.isArray(input)) {
    out = new Float64Array(input.length);
    for (let i = 0; i < input.length; i++) {
      const v: unknown = input[i];
      if (typeof v !== 'number') {
        throw new BadDataError(`${ctx.fn}: ${ctx.arg} has ${describe(v)} at row ${i}, expected a number`, { row: i });
      }
      out[i] = v;
    }
  } else if (ArrayBuffer.isView(input)) {
    out = Float64Array.from(input as ArrayLike<number>);
  } else if (isDenseMatrix(input)) {
    if (input.cols !== 1) throw new ShapeMismatchError(`${ctx.fn}: ${ctx.arg} must have 1 column, got ${input.cols}`);
    out = input.data.slice();
  } else if (isTensorLike(input)) {
    const shape = input.shape;
    if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) {
      throw new RangeError(`${ctx.fn}: ${ctx.arg} must be a rank-1 tensor, got shape [${shape.join(', ')}]`);
    }
    out = Float64Array.from(input.dataSync());
  } else {
    throw new TypeError(`${ctx.fn}: ${ctx.arg} must be an array of numbers, got ${describe(input)}`);
  }
  if (!ctx.allowEmpty && out.length === 0) throw new RangeError(`${ctx.fn}: ${ctx.arg} is empty (0 rows)`);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      const what = Number.isNaN(out[i]) ? 'NaN' : String(out[i]);
      throw new BadDataError(`${ctx.fn}: ${ctx.arg} has ${what} at row ${i}`, { row: i });
    }
  }
  return out;
}

/** y for possibly multi-output estimators: a vector becomes n×1 and `isVector` remembers it. */
export interface TargetMatrix {
  readonly matrix: DenseMatrix;
  readonly isVector: boolean;
}

export function toTargetMatrix(input: VectorInput | MatrixInput, ctx: InputContext): TargetMatrix {
  const isMatrixShaped =
    (Array.isArray(input) && input.length > 0 && (Array.isArray(input[0]) || ArrayBuffer.isView(input[0]))) ||
    (isDenseMatrix(input) && input.cols !== 1) ||
    (isTensorLike(input) && input.shape.length === 2 && input.shape[1] !== 1) ||
    (!isTensorLike(input) && !isDenseMatrix(input) && isMlMatrixLike(input));
  if (isMatrixShaped) return { matrix: toDenseMatrix(input as MatrixInput, ctx), isVector: false };
  const v = toVector(input as VectorInput, ctx);
  return { matrix: { rows: v.length, cols: 1, data: v }, isVector: true };
}

/** Throws the project's standard message when two row counts differ. */
export function assertSameRows(fn: string, a: { name: string; rows: number }, b: { name: string; rows: number }): void {
  if (a.rows !== b.rows) {
    throw new ShapeMismatchError(`${fn}: ${a.name} has ${a.rows} rows, ${b.name} has ${b.rows}`);
  }
}

/** Converts a DenseMatrix to number[][] (plain arrays, e.g. for JSON). */
export function toArray2D(m: DenseMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}
