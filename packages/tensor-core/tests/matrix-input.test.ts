import { Matrix } from 'ml-matrix';
import {
  BadDataError,
  ShapeMismatchError,
  toDenseMatrix,
  toVector,
  toTargetMatrix,
  toArray2D,
  toMlMatrix,
  fromMlMatrix,
  type DenseMatrix,
} from '@tlkit/tensor-core';

const ctx = { fn: 'test.fn', arg: 'X' };

describe('toDenseMatrix', () => {
  it('converts number[][] row-major and copies', () => {
    const rows = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const m = toDenseMatrix(rows, ctx);
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(3);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    rows[0][0] = 99;
    expect(m.data[0]).toBe(1);
  });

  it('accepts a structural DenseMatrix built without any import and never aliases it', () => {
    const input: DenseMatrix = { rows: 1, cols: 2, data: new Float64Array([7, 8]) };
    const m = toDenseMatrix(input, ctx);
    expect(m.data).not.toBe(input.data);
    expect(Array.from(m.data)).toEqual([7, 8]);
  });

  it('round-trips ml-matrix', () => {
    const ml = new Matrix([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const m = fromMlMatrix(ml);
    expect(toArray2D(m)).toEqual(ml.to2DArray());
    expect(toMlMatrix(m).to2DArray()).toEqual(ml.to2DArray());
  });

  it('accepts typed-array rows', () => {
    expect(toArray2D(toDenseMatrix([new Float64Array([1, 2]), new Float64Array([3, 4])], ctx))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('names the row and column of a NaN or Inf', () => {
    expect(() =>
      toDenseMatrix(
        [
          [1, 2],
          [3, NaN],
        ],
        ctx,
      ),
    ).toThrow(new BadDataError('test.fn: X has NaN at row 1, column 1'));
    expect(() => toDenseMatrix([[Infinity, 2]], ctx)).toThrow('test.fn: X has Infinity at row 0, column 0');
    const error = (() => {
      try {
        toDenseMatrix([[1], [2], [-Infinity]], ctx);
      } catch (e) {
        return e as BadDataError;
      }
      throw new Error('no error thrown');
    })();
    expect(error).toBeInstanceOf(BadDataError);
    expect(error.row).toBe(2);
    expect(error.column).toBe(0);
  });

  it('reports the first bad value in row order wherever it sits (blocks of four and the tail)', () => {
    const rows = 5;
    const cols = 3; // 15 values: three blocks of four and a tail of three
    for (let first = 0; first < rows * cols; first++) {
      for (const second of [first, first + 1, rows * cols - 1]) {
        const data = Float64Array.from({ length: rows * cols }, (_, k) => k + 1);
        data[Math.min(second, rows * cols - 1)] = -Infinity;
        data[first] = NaN;
        const row = Math.floor(first / cols);
        const message = `test.fn: X has NaN at row ${row}, column ${first % cols}`;
        expect(() => toDenseMatrix({ rows, cols, data }, ctx)).toThrow(message);
        expect(() => toDenseMatrix({ rows, cols, data }, { ...ctx, columnSums: new Float64Array(cols) })).toThrow(message);
      }
    }
    const big = Float64Array.from({ length: 15 }, (_, k) => k);
    big[13] = 1e200;
    expect(() => toDenseMatrix({ rows: 5, cols: 3, data: big }, { ...ctx, magnitude: { max: 1e100, reason: 'too big' } })).toThrow(
      'test.fn: X column 1 holds 1.00e+200 (row 4), too big',
    );
  });

  it('sums the columns in the same pass when asked (odd row counts, any earlier contents)', () => {
    for (const rows of [1, 2, 7]) {
      const cols = 3;
      const data = Float64Array.from({ length: rows * cols }, (_, k) => (k % 5) - 1.5 * (k % 3));
      const columnSums = new Float64Array(cols).fill(99);
      toDenseMatrix({ rows, cols, data }, { ...ctx, borrow: true, columnSums });
      const expected = Array.from({ length: cols }, (_, j) => {
        let s = 0;
        for (let i = 0; i < rows; i++) s += data[i * cols + j];
        return s;
      });
      expected.forEach((v, j) => expect(columnSums[j]).toBeCloseTo(v, 12));
    }
    expect(() => toDenseMatrix([[1, 2]], { ...ctx, columnSums: new Float64Array(3) })).toThrow(RangeError);
  });

  it('rejects ragged rows, naming the row', () => {
    expect(() => toDenseMatrix([[1, 2], [3]], ctx)).toThrow(new BadDataError('test.fn: X is ragged: row 1 has 1 values, row 0 has 2'));
  });

  it('rejects non-numbers, empty input and the wrong kind of value', () => {
    expect(() => toDenseMatrix([[1, '2' as unknown as number]], ctx)).toThrow(
      'test.fn: X has a string at row 0, column 1, expected a number',
    );
    expect(() => toDenseMatrix([], ctx)).toThrow(new RangeError('test.fn: X is empty (0 rows)'));
    expect(() => toDenseMatrix([[]], ctx)).toThrow('test.fn: X has rows with no columns');
    expect(() => toDenseMatrix(42 as unknown as number[][], ctx)).toThrow(TypeError);
    expect(() => toDenseMatrix([1, 2] as unknown as number[][], ctx)).toThrow(
      'test.fn: X must be a matrix (array of rows); row 0 is a number',
    );
    expect(() => toDenseMatrix({ rows: 2, cols: 2, data: new Float64Array(3) }, ctx)).toThrow(TypeError);
    expect(toDenseMatrix([], { ...ctx, allowEmpty: true }).rows).toBe(0);
  });
});

describe('toVector and toTargetMatrix', () => {
  it('accepts arrays, typed arrays and n×1 matrices', () => {
    expect(Array.from(toVector([1, 2], ctx))).toEqual([1, 2]);
    expect(Array.from(toVector(new Float32Array([1.5]), ctx))).toEqual([1.5]);
    expect(Array.from(toVector({ rows: 2, cols: 1, data: new Float64Array([3, 4]) }, ctx))).toEqual([3, 4]);
    expect(() => toVector({ rows: 2, cols: 2, data: new Float64Array(4) }, ctx)).toThrow(ShapeMismatchError);
    expect(() => toVector([1, NaN], { fn: 'f', arg: 'y' })).toThrow('f: y has NaN at row 1');
    expect(() => toVector([], { fn: 'f', arg: 'y' })).toThrow('f: y is empty (0 rows)');
  });

  it('tells vectors from multi-output matrices', () => {
    expect(toTargetMatrix([1, 2, 3], ctx).isVector).toBe(true);
    const t = toTargetMatrix(
      [
        [1, 2],
        [3, 4],
      ],
      ctx,
    );
    expect(t.isVector).toBe(false);
    expect(t.matrix.cols).toBe(2);
  });
});
