import {
  matmul,
  Random,
  symmetricEigen,
  symmetricEigenProjections,
  symmetricEigenvalues,
  symmetricMatrixFunction,
  transpose,
  zeros,
  type DenseMatrix,
} from '@tlkit/tensor-core';

const plain = { path: 'plain' } as const;

function symmetric(n: number, rng: Random, scale = 1): DenseMatrix {
  const A = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) A.data[i * n + j] = A.data[j * n + i] = rng.normal() * scale;
  return A;
}

/** Q·diag(λ)·Qᵀ for a random orthogonal Q (Gram–Schmidt on Gaussian columns): a matrix with a chosen spectrum. */
function withSpectrum(lambda: readonly number[], rng: Random): DenseMatrix {
  const n = lambda.length;
  const Q = zeros(n, n);
  for (let i = 0; i < Q.data.length; i++) Q.data[i] = rng.normal();
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < j; p++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += Q.data[i * n + j] * Q.data[i * n + p];
      for (let i = 0; i < n; i++) Q.data[i * n + j] -= s * Q.data[i * n + p];
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += Q.data[i * n + j] ** 2;
    for (let i = 0; i < n; i++) Q.data[i * n + j] /= Math.sqrt(s);
  }
  const scaled = zeros(n, n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) scaled.data[i * n + k] = Q.data[i * n + k] * lambda[k];
  const A = matmul(scaled, transpose(Q), plain);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A.data[j * n + i] = A.data[i * n + j];
  return A;
}

function normOf(A: DenseMatrix): number {
  let s = 0;
  for (const v of A.data) s += v * v;
  return Math.sqrt(s) || 1;
}

/** ‖AV − VΛ‖_F/‖A‖_F and ‖VᵀV − I‖_F, the backward error and the loss of orthogonality (A scaled to max 1 first). */
function quality(A0: DenseMatrix, values0: Float64Array, V: DenseMatrix): { residual: number; orthogonality: number } {
  const n = A0.rows;
  let big = 0;
  for (const v of A0.data) big = Math.max(big, Math.abs(v));
  big ||= 1;
  const A = { ...A0, data: A0.data.map((v) => v / big) };
  const values = values0.map((v) => v / big);
  const AV = matmul(A, V, plain);
  let r = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) r += (AV.data[i * n + j] - V.data[i * n + j] * values[j]) ** 2;
  const VtV = matmul(transpose(V), V, plain);
  let o = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) o += (VtV.data[i * n + j] - (i === j ? 1 : 0)) ** 2;
  return { residual: Math.sqrt(r) / normOf(A), orthogonality: Math.sqrt(o) };
}

const cases: [string, (rng: Random) => DenseMatrix][] = [
  ['random n=17', (rng) => symmetric(17, rng)],
  ['random n=33 (one leaf past the split)', (rng) => symmetric(33, rng)],
  ['random n=65 (panels of 32 and blocks of 64 plus one)', (rng) => symmetric(65, rng)],
  ['random n=131', (rng) => symmetric(131, rng)],
  ['random n=257', (rng) => symmetric(257, rng)],
  [
    'three values repeated 40 times each',
    (rng) =>
      withSpectrum(
        Array.from({ length: 120 }, (_, i) => [1, 2, 5][i % 3]),
        rng,
      ),
  ],
  [
    'two clusters 1e-10 and 1e-12 wide',
    (rng) =>
      withSpectrum(
        Array.from({ length: 150 }, (_, i) => (i < 75 ? 1 + i * 1e-10 : 2 + i * 1e-12)),
        rng,
      ),
  ],
  [
    'rank 5 of 130 (a Gram matrix of 5 rows)',
    (rng) =>
      withSpectrum(
        Array.from({ length: 130 }, (_, i) => (i < 5 ? i + 1 : 0)),
        rng,
      ),
  ],
  [
    'graded 1 … 1e-14',
    (rng) =>
      withSpectrum(
        Array.from({ length: 97 }, (_, i) => 10 ** ((-14 * i) / 96)),
        rng,
      ),
  ],
  [
    'block diagonal (a zero off-diagonal splits the tridiagonal)',
    (rng) => {
      const A = symmetric(100, rng);
      for (let i = 0; i < 100; i++) for (let j = 0; j < 100; j++) if (i < 50 !== j < 50) A.data[i * 100 + j] = 0;
      return A;
    },
  ],
  [
    'Wilkinson W+ 101 (pairs of nearly equal eigenvalues)',
    () => {
      const n = 101;
      const A = zeros(n, n);
      for (let i = 0; i < n; i++) {
        A.data[i * n + i] = Math.abs(50 - i);
        if (i + 1 < n) A.data[i * n + i + 1] = A.data[(i + 1) * n + i] = 1;
      }
      return A;
    },
  ],
  [
    'identity 80',
    () =>
      withSpectrum(
        Array.from({ length: 80 }, () => 1),
        new Random(1),
      ),
  ],
  ['zero 70', () => zeros(70, 70)],
  ['entries near 1e-300', (rng) => symmetric(60, rng, 1e-300)],
  ['entries near 1e300', (rng) => symmetric(60, rng, 1e300)],
];

describe('symmetricEigen (fast path)', () => {
  it.each(cases)('%s: backward error and orthogonality at round-off, eigenvalues as the plain path', (_, make) => {
    const rng = new Random(7);
    const A = make(rng);
    const n = A.rows;
    const { values, vectors } = symmetricEigen(A);
    const { residual, orthogonality } = quality(A, values, vectors);
    expect(residual).toBeLessThan(1e-14);
    expect(orthogonality).toBeLessThan(1e-13);
    for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    let scale = 0;
    for (const v of A.data) scale = Math.max(scale, Math.abs(v) * n);
    scale ||= Number.MIN_VALUE;
    const alone = symmetricEigenvalues(A);
    alone.forEach((v, i) => expect(Math.abs(v - values[i])).toBeLessThanOrEqual(1e-13 * scale));
    if (scale > 1e-200 && scale < 1e200) {
      // The plain path over- or underflows at the extremes; elsewhere it is the oracle.
      const reference = symmetricEigen(A, plain).values;
      reference.forEach((v, i) => expect(Math.abs(v - values[i])).toBeLessThan(1e-13 * scale));
    }
  });

  it('reads only the lower triangle, as the plain path', () => {
    const rng = new Random(3);
    const A = symmetric(40, rng);
    const garbled = { ...A, data: A.data.slice() };
    for (let i = 0; i < 40; i++) for (let j = i + 1; j < 40; j++) garbled.data[i * 40 + j] = 1e6;
    expect(Array.from(symmetricEigen(garbled).values)).toEqual(Array.from(symmetricEigen(A).values));
  });

  it('rejects a matrix that is not square', () => {
    expect(() => symmetricEigen(zeros(3, 4))).toThrow('symmetricEigen: A must be square, got 3×4');
    expect(() => symmetricEigenvalues(zeros(3, 4))).toThrow(RangeError);
    expect(() => symmetricEigenProjections(zeros(30, 30), zeros(29, 2))).toThrow('symmetricEigenProjections: A is 30×30, B has 29 rows');
  });
});

describe('symmetricEigenProjections', () => {
  it.each([[20], [64], [97], [200]])('equals Vᵀ·B from the full decomposition (n = %i)', (n) => {
    const rng = new Random(n);
    const A = symmetric(n, rng);
    const B = zeros(n, 3);
    for (let i = 0; i < B.data.length; i++) B.data[i] = rng.normal();
    const { values, projections } = symmetricEigenProjections(A, B);
    const full = symmetricEigen(A, plain);
    const VtB = matmul(transpose(full.vectors), B, plain);
    values.forEach((v, j) => {
      expect(Math.abs(v - full.values[j])).toBeLessThan(1e-12 * n);
      // Eigenvectors have a free sign: compare |vᵀb|.
      for (let c = 0; c < 3; c++)
        expect(Math.abs(Math.abs(projections.data[j * 3 + c]) - Math.abs(VtB.data[j * 3 + c]))).toBeLessThan(1e-10);
    });
  });

  it('keeps the energy of B within a repeated eigenvalue (any basis of the eigenspace)', () => {
    const rng = new Random(11);
    const A = withSpectrum(
      Array.from({ length: 60 }, (_, i) => (i < 30 ? 1 : 3)),
      rng,
    );
    const B = zeros(60, 2);
    for (let i = 0; i < B.data.length; i++) B.data[i] = rng.normal();
    const { projections } = symmetricEigenProjections(A, B);
    const full = symmetricEigen(A, plain);
    const VtB = matmul(transpose(full.vectors), B, plain);
    for (const [lo, hi] of [
      [0, 30],
      [30, 60],
    ]) {
      for (let c = 0; c < 2; c++) {
        let fast = 0;
        let reference = 0;
        for (let j = lo; j < hi; j++) {
          fast += projections.data[j * 2 + c] ** 2;
          reference += VtB.data[j * 2 + c] ** 2;
        }
        expect(Math.abs(fast - reference)).toBeLessThan(1e-10 * reference);
      }
    }
  });
});

describe('symmetricMatrixFunction (fast path)', () => {
  it('equals the plain path for A^(1/2) and A^(-1/2) of a covariance', () => {
    const rng = new Random(21);
    const X = zeros(90, 41);
    for (let i = 0; i < X.data.length; i++) X.data[i] = rng.normal();
    const C = matmul(transpose(X), X, plain);
    for (const f of [Math.sqrt, (l: number) => 1 / Math.sqrt(l)]) {
      const fast = symmetricMatrixFunction(C, f);
      const slow = symmetricMatrixFunction(C, f, plain);
      let worst = 0;
      fast.data.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - slow.data[k]))));
      expect(worst).toBeLessThan(1e-11 * normOf(slow));
      for (let i = 0; i < 41; i++) for (let j = 0; j < 41; j++) expect(fast.data[i * 41 + j]).toBe(fast.data[j * 41 + i]);
    }
  });
});
