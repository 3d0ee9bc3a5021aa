import {
  cholesky,
  columnMeans,
  choleskySolve,
  crossProduct,
  gram,
  matmul,
  outerGram,
  Random,
  symmetricEigen,
  symmetricMatrixFunction,
  takeColumns,
  forwardSubstitute,
  transpose,
  zeros,
  type DenseMatrix,
} from '@tlkit/tensor-core';

function randomMatrix(rows: number, cols: number, rng: Random): DenseMatrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal();
  return m;
}

function maxAbsDiff(a: DenseMatrix, b: DenseMatrix): number {
  let d = 0;
  for (let i = 0; i < a.data.length; i++) d = Math.max(d, Math.abs(a.data[i] - b.data[i]));
  return d;
}

describe('matrix products', () => {
  const rng = new Random(1);
  const X = randomMatrix(30, 7, rng);
  const Y = randomMatrix(30, 3, rng);

  it('gram, crossProduct and outerGram equal the plain products', () => {
    expect(maxAbsDiff(gram(X), matmul(transpose(X), X))).toBeLessThan(1e-12);
    expect(maxAbsDiff(crossProduct(X, Y), matmul(transpose(X), Y))).toBeLessThan(1e-12);
    expect(maxAbsDiff(outerGram(X), matmul(X, transpose(X)))).toBeLessThan(1e-12);
  });

  it('rejects mismatched sizes', () => {
    expect(() => crossProduct(X, randomMatrix(5, 2, rng))).toThrow('crossProduct: X has 30 rows, Y has 5');
    expect(() => matmul(X, X)).toThrow(RangeError);
  });
});

describe('cholesky', () => {
  it('factors a positive definite matrix and solves with it', () => {
    const rng = new Random(2);
    const A = gram(randomMatrix(20, 6, rng));
    const L = cholesky(A);
    expect(L).toBeDefined();
    if (!L) return;
    expect(maxAbsDiff(matmul(L, transpose(L)), A)).toBeLessThan(1e-10);
    const B = randomMatrix(6, 2, rng);
    const X = choleskySolve(L, B);
    expect(maxAbsDiff(matmul(A, X), B)).toBeLessThan(1e-10);
  });

  it('returns undefined for a singular matrix', () => {
    const rng = new Random(3);
    expect(cholesky(gram(randomMatrix(3, 6, rng)))).toBeUndefined();
  });
});

describe('symmetricEigen', () => {
  it('reconstructs A = V diag(λ) Vᵀ with orthonormal V and ascending λ', () => {
    const rng = new Random(4);
    for (const n of [1, 2, 5, 40]) {
      const A = gram(randomMatrix(n + 3, n, rng));
      const { values, vectors: V } = symmetricEigen(A);
      const scaled = zeros(n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) scaled.data[i * n + j] = V.data[i * n + j] * values[j];
      expect(maxAbsDiff(matmul(scaled, transpose(V)), A)).toBeLessThan(1e-9);
      const I = matmul(transpose(V), V);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(I.data[i * n + j]).toBeCloseTo(i === j ? 1 : 0, 12);
      for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    }
  });

  it('finds known eigenvalues, repeated ones and those of a rank-deficient matrix', () => {
    const A: DenseMatrix = { rows: 3, cols: 3, data: new Float64Array([2, 1, 0, 1, 2, 0, 0, 0, 3]) };
    expect(Array.from(symmetricEigen(A).values).map((v) => Number(v.toFixed(12)))).toEqual([1, 3, 3]);
    const rng = new Random(5);
    const low = gram(randomMatrix(2, 5, rng));
    const { values } = symmetricEigen(low);
    expect(Math.abs(values[0])).toBeLessThan(1e-12);
    expect(Math.abs(values[2])).toBeLessThan(1e-12);
    expect(values[3]).toBeGreaterThan(1e-3);
  });
});

describe('symmetricMatrixFunction and triangular solves', () => {
  it('A^(1/2)·A^(1/2) = A and A^(-1/2)·A·A^(-1/2) = I', () => {
    const rng = new Random(6);
    const A = gram(randomMatrix(12, 4, rng));
    const root = symmetricMatrixFunction(A, Math.sqrt);
    expect(maxAbsDiff(matmul(root, root), A)).toBeLessThan(1e-9);
    const inv = symmetricMatrixFunction(A, (l) => 1 / Math.sqrt(l));
    const I = matmul(matmul(inv, A), inv);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(I.data[i * 4 + j]).toBeCloseTo(i === j ? 1 : 0, 10);
  });

  it('forward substitution solves L·X = B', () => {
    const rng = new Random(7);
    const L = cholesky(gram(randomMatrix(10, 5, rng)));
    if (!L) throw new Error('not positive definite');
    const B = randomMatrix(5, 3, rng);
    expect(maxAbsDiff(matmul(L, forwardSubstitute(L, B)), B)).toBeLessThan(1e-10);
  });
});

describe('takeColumns', () => {
  it('takes a run of columns and any other selection alike (row slices for a run)', () => {
    const M = { rows: 3, cols: 4, data: Float64Array.from({ length: 12 }, (_, i) => i) };
    const pick = (indices: number[]) => Array.from(takeColumns(M, indices).data);
    expect(pick([1, 2, 3])).toEqual([1, 2, 3, 5, 6, 7, 9, 10, 11]);
    expect(pick([0])).toEqual([0, 4, 8]);
    expect(pick([3, 1])).toEqual([3, 1, 7, 5, 11, 9]);
    expect(pick([2, 2])).toEqual([2, 2, 6, 6, 10, 10]);
    expect(pick([])).toEqual([]);
    expect(takeColumns(M, [1, 2]).cols).toBe(2);
  });
});

describe('columnMeans', () => {
  it('gives plain and weighted column means', () => {
    const X = { rows: 3, cols: 2, data: Float64Array.from([1, 10, 2, 20, 6, 60]) };
    expect(Array.from(columnMeans(X))).toEqual([3, 30]);
    expect(Array.from(columnMeans(X, [1, 0, 3]))).toEqual([4.75, 47.5]);
  });
});
