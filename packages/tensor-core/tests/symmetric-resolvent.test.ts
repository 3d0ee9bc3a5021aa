import { cholesky, choleskySolve, Random, setLinalgThreads, symmetricResolvent, zeros, type DenseMatrix } from '@tlkit/tensor-core';

const plain = { path: 'plain' } as const;

/** X·Xᵀ for a Gaussian n×(n + extra) X: positive definite, its smallest eigenvalues small where extra is small. */
function kernel(n: number, extra: number, rng: Random, scale = 1): DenseMatrix {
  const d = n + extra;
  const X = Float64Array.from({ length: n * d }, () => rng.normal() * scale);
  const A = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += X[i * d + c] * X[j * d + c];
      A.data[i * n + j] = A.data[j * n + i] = s;
    }
  }
  return A;
}

function columns(n: number, k: number, rng: Random): DenseMatrix {
  return { rows: n, cols: k, data: Float64Array.from({ length: n * k }, () => rng.normal()) };
}

function worstRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst / (scale || 1);
}

/** (A + σI)⁻¹'s column i by Cholesky with two steps of refinement: an outside truth for the diagonal. */
function inverseColumn(A: DenseMatrix, shift: number, i: number): Float64Array {
  const n = A.rows;
  const As = { rows: n, cols: n, data: A.data.slice() };
  for (let p = 0; p < n; p++) As.data[p * n + p] += shift;
  const L = cholesky(As);
  if (!L) throw new Error('not positive definite');
  const e = new Float64Array(n);
  e[i] = 1;
  let x = choleskySolve(L, { rows: n, cols: 1, data: e }).data;
  for (let step = 0; step < 2; step++) {
    const r = e.slice();
    for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) r[p] -= As.data[p * n + q] * x[q];
    const dx = choleskySolve(L, { rows: n, cols: 1, data: r }).data;
    x = x.map((v, q) => v + dx[q]);
  }
  return x;
}

describe('symmetricResolvent', () => {
  it('agrees with the eigen path at odd sizes (diagonals, solutions, eigenvalues), across panel and block edges', () => {
    const rng = new Random(3);
    for (const n of [16, 17, 33, 63, 64, 65, 97, 130, 257]) {
      const A = kernel(n, 5, rng, 0.5);
      const B = columns(n, n % 4, rng);
      const shifts = [1e-3, 0.7, 40, 1e4];
      const fast = symmetricResolvent(A);
      const slow = symmetricResolvent(A, plain);
      expect(worstRel(fast.values, slow.values)).toBeLessThan(1e-13);
      const a = fast.inverses(B, shifts);
      const b = slow.inverses(B, shifts);
      expect(a.diagonals.rows).toBe(4);
      expect(a.solutions.cols).toBe(4 * B.cols);
      for (let s = 0; s < shifts.length; s++) {
        const row = (m: DenseMatrix) => m.data.subarray(s * n, (s + 1) * n);
        expect(worstRel(row(a.diagonals), row(b.diagonals))).toBeLessThan(1e-10);
      }
      if (B.cols > 0) expect(worstRel(a.solutions.data, b.solutions.data)).toBeLessThan(1e-10);
    }
  });

  it('gives the diagonal of the inverse to near working accuracy against refined Cholesky solves', () => {
    const rng = new Random(4);
    const n = 150;
    const A = kernel(n, 3, rng);
    const shifts = [1e-4, 1, 100];
    const { diagonals } = symmetricResolvent(A).inverses(zeros(n, 0), shifts);
    shifts.forEach((shift, s) => {
      for (const i of [0, 37, n - 1]) {
        const truth = inverseColumn(A, shift, i)[i];
        expect(Math.abs(diagonals.data[s * n + i] - truth) / truth).toBeLessThan(1e-11);
      }
    });
  });

  it('solves (A + σI)·X = B: small residuals for every shift, the solutions in shift-major column blocks', () => {
    const rng = new Random(5);
    const n = 90;
    const k = 3;
    const A = kernel(n, 10, rng);
    const B = columns(n, k, rng);
    const shifts = [0.01, 3, 500];
    const { solutions } = symmetricResolvent(A).inverses(B, shifts);
    const S = shifts.length;
    shifts.forEach((shift, s) => {
      let worst = 0;
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < k; c++) {
          let v = shift * solutions.data[i * S * k + s * k + c];
          for (let j = 0; j < n; j++) v += A.data[i * n + j] * solutions.data[j * S * k + s * k + c];
          worst = Math.max(worst, Math.abs(v - B.data[i * k + c]));
        }
      }
      expect(worst).toBeLessThan(1e-10);
    });
  });

  it('reads only the lower triangle; the same thread count gives the same bits, one thread and two agree to round-off', () => {
    const rng = new Random(6);
    // Big enough that the sweep's columns, the gemms and the reduction's products all split over two threads.
    const n = 260;
    const A = kernel(n, 4, rng);
    const lowerOnly = { rows: n, cols: n, data: A.data.slice() };
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) lowerOnly.data[i * n + j] = NaN;
    const B = columns(n, 2, rng);
    const shifts = [0.5, 1, 2, 5, 10, 20, 50, 100];
    const previous = setLinalgThreads(1);
    let one;
    let two;
    let again;
    try {
      one = symmetricResolvent(lowerOnly).inverses(B, shifts);
      setLinalgThreads(2);
      two = symmetricResolvent(lowerOnly).inverses(B, shifts);
      again = symmetricResolvent(lowerOnly).inverses(B, shifts);
    } finally {
      setLinalgThreads(previous);
    }
    expect(one.diagonals.data.every(Number.isFinite)).toBe(true);
    // The symmetric matrix-vector products of the reduction add the threads' partial sums: round-off only.
    expect(worstRel(two.diagonals.data, one.diagonals.data)).toBeLessThan(1e-12);
    expect(worstRel(two.solutions.data, one.solutions.data)).toBeLessThan(1e-12);
    expect(Array.from(again.diagonals.data)).toEqual(Array.from(two.diagonals.data));
    expect(Array.from(again.solutions.data)).toEqual(Array.from(two.solutions.data));
  });

  it('serves shifts and matrices past the fast path’s scaling (σ/max|A| overflowing, subnormal A) by the plain path', () => {
    const rng = new Random(9);
    const n = 20;
    const base = kernel(n, 5, rng);
    for (const [factor, shift] of [
      [1e-300, 1e12],
      [1e-6, 1e306],
      [1e-312, 1],
    ]) {
      const A = { rows: n, cols: n, data: base.data.map((v) => v * factor) };
      const fast = symmetricResolvent(A).inverses(zeros(n, 0), [shift]);
      const slow = symmetricResolvent(A, plain).inverses(zeros(n, 0), [shift]);
      expect(fast.diagonals.data.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
      expect(worstRel(fast.diagonals.data, slow.diagonals.data)).toBeLessThan(1e-9);
    }
  });

  it('refuses shifts that leave A + σI not positive definite, and a B of the wrong height', () => {
    const rng = new Random(7);
    const n = 40;
    const A = kernel(n, 2, rng);
    for (const options of [{}, plain]) {
      const r = symmetricResolvent(A, options);
      const lowest = r.values[0];
      expect(() => r.inverses(zeros(n, 1), [1, -2 * lowest])).toThrow(
        `symmetricResolvent.inverses: A + shifts[1]·I (shift ${-2 * lowest}) is not positive definite`,
      );
      expect(() => r.inverses(zeros(n, 1), [NaN])).toThrow(RangeError);
      expect(() => r.inverses(zeros(n + 1, 1), [1])).toThrow('symmetricResolvent.inverses: A is 40×40, B has 41 rows');
    }
    expect(() => symmetricResolvent(zeros(3, 4))).toThrow('symmetricResolvent: A must be square, got 3×4');
  });
});
