import { cholesky, choleskySolve, gram, matmul, Random, setLinalgThreads, transpose, zeros, type DenseMatrix } from '@tlkit/tensor-core';
import { fastKernels, plainKernels, RidgeCV, RidgeRegression, useKernels } from '@tlkit/ridge';
import { GRAM_SHARED_WASM_BASE64, GRAM_WASM_BASE64 } from '../src/internal/gram-wasm-bytes.js';
import { centringOf } from '../src/internal/centering.js';
import { wasmCholeskySolve } from '../src/internal/wasm-cholesky.js';
import { residentDualSystem } from '../src/internal/resident-dual-system.js';
import { residentSystem } from '../src/internal/resident-system.js';
import { wasmGram32 } from '../src/internal/gram32.js';
import { wasmGram, wasmMatmul, wasmNormalEquations } from '../src/internal/wasm-kernels.js';

function worstRelative(slow: DenseMatrix, fast: DenseMatrix | undefined): number {
  let worst = 0;
  slow.data.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - (fast?.data[k] ?? NaN)) / Math.max(1, Math.abs(v)))));
  return worst;
}

/** Coefficients of one fit on the default (fast) kernels and on the plain ones. */
function fastAndPlain(X: DenseMatrix, y: Float64Array, alpha: number): { fast: Float64Array; slow: Float64Array } {
  const fast = new RidgeRegression({ alpha }).fit(X, y).coef;
  const previous = useKernels(plainKernels);
  try {
    expect(previous).toBe(fastKernels);
    return { fast, slow: new RidgeRegression({ alpha }).fit(X, y).coef };
  } finally {
    useKernels(previous);
  }
}

function randomMatrix(rng: Random, rows: number, cols: number, scale = 1, shift = 0): DenseMatrix {
  const M = zeros(rows, cols);
  for (let i = 0; i < M.data.length; i++) M.data[i] = rng.normal() * scale + shift;
  return M;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { assemble } = require('../wasm/build-wasm.cjs') as { assemble: () => Promise<{ single: string; shared: string }> };

describe('the WebAssembly SIMD Gram kernel', () => {
  it.each([
    [1, 1],
    [3, 5],
    [7, 4],
    [50, 33],
    [4101, 17],
    [9000, 2],
  ])('equals the plain fp64 XᵀX for %i rows × %i columns (odd sizes, chunking and padding included)', (n, d) => {
    const rng = new Random(n * 31 + d);
    const X = zeros(n, d);
    for (let i = 0; i < X.data.length; i++) X.data[i] = rng.normal() * 10 + 3;
    const fast = wasmGram(X);
    expect(fast).toBeDefined();
    const slow = gram(X);
    let worst = 0;
    slow.data.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - (fast?.data[k] ?? NaN)) / Math.max(1, Math.abs(v)))));
    expect(worst).toBeLessThan(1e-12);
  });

  it.each([
    [1, 1, 1],
    [5, 3, 7],
    [9, 6, 4],
    [4099, 13, 5],
  ])('multiplies %i×%i by %i columns exactly as the plain fp64 product (odd sizes, chunks, padding)', (n, d, m) => {
    const rng = new Random(n + 7 * d + 13 * m);
    const A = zeros(n, d);
    const B = zeros(d, m);
    for (let i = 0; i < A.data.length; i++) A.data[i] = rng.normal();
    for (let i = 0; i < B.data.length; i++) B.data[i] = rng.normal();
    const fast = wasmMatmul(A, B);
    const slow = matmul(A, B);
    expect(fast?.rows).toBe(n);
    expect(fast?.cols).toBe(m);
    let worst = 0;
    slow.data.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - (fast?.data[k] ?? NaN)) / Math.max(1, Math.abs(v)))));
    expect(worst).toBeLessThan(1e-12);
  });

  it.each([
    [5, 1, 1, false],
    [33, 6, 3, true],
    [40000, 3, 2, true],
    [700, 250, 1, false],
  ])(
    'gives XcᵀXc and XcᵀYc of %i rows, %i columns and %i outputs in one pass as the plain path does (weights: %s)',
    (n, d, k, weighted) => {
      const rng = new Random(n + d + k);
      const X = randomMatrix(rng, n, d, 10, 5);
      const Y = randomMatrix(rng, n, k, 3, -2);
      const w = weighted ? Float64Array.from({ length: n }, () => rng.uniform() * 2) : undefined;
      const centring = centringOf(X, Y, true, w);
      const fast = wasmNormalEquations(X, Y, centring.x, centring.y);
      const slow = plainKernels.normalEquations(X, Y, centring.x, centring.y);
      // Entry-wise errors are bounded by the scale of the whole product (summation order differs), not by the entry.
      const normwise = (a: DenseMatrix, b: DenseMatrix | undefined) =>
        a.data.reduce((m, v, i) => Math.max(m, Math.abs(v - (b?.data[i] ?? NaN))), 0) /
        a.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(normwise(slow.G, fast?.G)).toBeLessThan(1e-14);
      expect(normwise(slow.B, fast?.B)).toBeLessThan(1e-14);
      expect(X.data[0]).not.toBe(X.data[0] - centring.xMean[0]); // X itself is left as it was
    },
  );

  it.each([
    [1, 1],
    [3, 7],
    [9, 130],
    [37, 501],
  ])('gives XcXcᵀ of %i rows × %i columns (the dual path) as the plain kernel does, centred and weighted or not', (n, d) => {
    const rng = new Random(n * d);
    const X = randomMatrix(rng, n, d, 2, 1);
    const Y = randomMatrix(rng, n, 1);
    const w = Float64Array.from({ length: n }, () => rng.uniform(0.5, 2));
    for (const centring of [undefined, centringOf(X, Y, true, w).x, centringOf(X, Y, true, undefined).x]) {
      const slow = plainKernels.outerGram(X, centring);
      const fast = fastKernels.outerGram(X, centring);
      expect(fast.rows).toBe(n);
      const scale = slow.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      slow.data.forEach((v, i) => expect(Math.abs(fast.data[i] - v)).toBeLessThanOrEqual(1e-13 * scale));
    }
  });

  it.each([1, 2, 5, 63, 64, 65, 131, 300])('solves an SPD system of size %i as the plain Cholesky does', (n) => {
    const rng = new Random(n);
    const G = gram(randomMatrix(rng, n + 7, n));
    for (let i = 0; i < n; i++) G.data[i * n + i] += 0.5;
    const B = randomMatrix(rng, n, 2);
    const fast = wasmCholeskySolve(G, B);
    if (fast === 'unavailable') throw new Error('WebAssembly SIMD is missing');
    const L = cholesky(G);
    if (!L) throw new Error('test matrix is not SPD');
    expect(worstRelative(choleskySolve(L, B), fast)).toBeLessThan(1e-9);
  });

  it.each([
    ['NaN in a whole panel of a later chunk', 1500, 5, NaN],
    ['an infinity in the first row', 0, 0, -Infinity],
    ['a value too large to square in a last, partial panel', 1700, 201, 1e300],
    ['a value too large to square in a whole panel', 1999, 199, -1e200],
  ])('reports %s from the one-pass normal equations with the input check’s error', (_, row, col, value) => {
    const rng = new Random(12);
    const X = randomMatrix(rng, 2000, 203);
    X.data[row * 203 + col] = value;
    const y = X.data.subarray(0, 2000);
    const target = Float64Array.from(y, (v) => (Number.isFinite(v) ? v : 0));
    const thrown = (): unknown => {
      try {
        new RidgeRegression({ alpha: 1 }).fit(X, target);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const previous = useKernels(plainKernels);
    let expected: unknown;
    try {
      expected = thrown();
    } finally {
      useKernels(previous);
    }
    const actual = thrown();
    expect(expected).toBeInstanceOf(Error);
    expect(actual).toBeInstanceOf((expected as Error).constructor);
    expect((actual as Error).message).toBe((expected as Error).message);
  });

  it('reports a matrix that is not positive definite, as the plain Cholesky does', () => {
    const rng = new Random(9);
    const X = randomMatrix(rng, 40, 100); // rank 40 < 100
    const G = gram(X);
    expect(cholesky(G)).toBeUndefined();
    expect(wasmCholeskySolve(G, randomMatrix(rng, 100, 1))).toBeUndefined();
  });

  it('is the default kernel, and ridge gives the same coefficients on it as on the plain path at n = 20,000', () => {
    const rng = new Random(4);
    const X = zeros(20000, 30);
    for (let i = 0; i < X.data.length; i++) X.data[i] = rng.normal();
    const y = Float64Array.from({ length: 20000 }, (_, i) => X.data[i * 30] - 2 * X.data[i * 30 + 7] + rng.normal());
    const { fast, slow } = fastAndPlain(X, y, 3);
    fast.forEach((v, j) => expect(Math.abs(v - slow[j])).toBeLessThan(1e-12 * Math.max(1, Math.abs(slow[j]))));
  });

  it('gives the coefficients of the plain path where the blocked Cholesky spans several panels (d = 301)', () => {
    const rng = new Random(12);
    const X = randomMatrix(rng, 500, 301, 2, 1);
    const y = Float64Array.from({ length: 500 }, (_, i) => X.data[i * 301] + rng.normal());
    const { fast, slow } = fastAndPlain(X, y, 0.1);
    fast.forEach((v, j) => expect(Math.abs(v - slow[j])).toBeLessThan(1e-10 * Math.max(1, Math.abs(slow[j]))));
  });

  it.each([
    [203, 61],
    [37, 150],
  ])('RidgeCV (evidence, GCV, LOO) on the fast path equals the plain path at n = %i, d = %i', (n, d) => {
    const rng = new Random(n + d);
    const X = randomMatrix(rng, n, d, 1.3, 0.4);
    const Y = randomMatrix(rng, n, 3);
    for (const cv of ['evidence', 'gcv', 'loo'] as const) {
      const fast = new RidgeCV({ cv }).fit(X, Y);
      const previous = useKernels(plainKernels);
      let slow: RidgeCV;
      try {
        slow = new RidgeCV({ cv }).fit(X, Y);
      } finally {
        useKernels(previous);
      }
      expect(fast.alpha).toBe(slow.alpha);
      // The auto grid is 10^-6…10^6 times the mean eigenvalue. With d > n and α far below it the fit interpolates and
      // GCV and the evidence become 0/0 forms (1 − tr(H)/n → 0, RSS → 0) whose digits follow rounding: α below 10^-3
      // of it are skipped there and the rest compared to 1e-7 (the GCV denominator amplifies rounding ~n/(n − tr H)).
      const scale = fast.curve.alphas[1] * 1e6;
      fast.curve.scores.forEach((v, a) => {
        if (n < d && fast.curve.alphas[a] < 1e-3 * scale) return;
        const tol = n < d ? 1e-7 : 1e-9;
        if (Number.isFinite(v)) expect(Math.abs(v - slow.curve.scores[a])).toBeLessThan(tol * Math.max(1, Math.abs(v)));
      });
      expect(worstRelative(slow.coef as DenseMatrix, fast.coef as DenseMatrix)).toBeLessThan(1e-9);
    }
  });

  it.each([
    [37, 5],
    [1001, 203],
    [3001, 61],
    [300, 1029],
  ])('accumulates XcᵀXc in fp32 to about 1e-6 of the fp64 Gram (%i rows × %i columns, odd panel counts)', (n, d) => {
    const rng = new Random(n + d);
    const X = randomMatrix(rng, n, d, 1, 0.5);
    const mean = new Float64Array(d).fill(0.5);
    const exact = gram({ ...X, data: X.data.map((v) => v - 0.5) });
    const approximate = wasmGram32(X, { mean });
    let scale = 0;
    exact.data.forEach((v) => (scale = Math.max(scale, Math.abs(v))));
    let worst = 0;
    exact.data.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - (approximate?.data[k] ?? NaN)) || Infinity)));
    expect(worst).toBeLessThan(1e-5 * scale);
  });

  it('takes the refined fp32 solve from 384 features on, with the fp64 path’s accuracy (weighted, two outputs)', () => {
    const rng = new Random(31);
    const X = randomMatrix(rng, 1500, 397, 1.5, -0.2);
    const Y = randomMatrix(rng, 1500, 2);
    const sampleWeight = Float64Array.from({ length: 1500 }, () => 0.5 + rng.uniform());
    const coefOn = (ops: typeof fastKernels): DenseMatrix => {
      const previous = useKernels(ops);
      try {
        return new RidgeRegression({ alpha: 0.1 }).fit(X, Y, { sampleWeight }).coef as DenseMatrix;
      } finally {
        useKernels(previous);
      }
    };
    let systems = 0;
    const counting = {
      ...fastKernels,
      approximateSystem: (...args: Parameters<NonNullable<typeof fastKernels.approximateSystem>>) => {
        systems++;
        return fastKernels.approximateSystem!(...args);
      },
    };
    const plain = coefOn(plainKernels);
    const fast = coefOn(counting);
    expect(systems).toBe(1);
    const fp64Error = worstRelative(plain, coefOn({ ...fastKernels, approximateSystem: undefined }));
    expect(worstRelative(plain, fast)).toBeLessThan(4 * fp64Error + 1e-15);
  });

  it('gives the minimum-norm coefficients at α = 0 with a repeated column, as the plain path (no fp32 factor of a singular matrix)', () => {
    // A seed where an fp32 factor takes a round-off pivot for the repeated direction (about one in ten do).
    const rng = new Random(53);
    const X = randomMatrix(rng, 500, 400);
    for (let i = 0; i < 500; i++) X.data[i * 400 + 185] = X.data[i * 400];
    const y = Float64Array.from({ length: 500 }, () => rng.normal());
    const fast = new RidgeRegression({ alpha: 0 }).fit(X, y).coef;
    const previous = useKernels(plainKernels);
    let plain: Float64Array;
    try {
      plain = new RidgeRegression({ alpha: 0 }).fit(X, y).coef;
    } finally {
      useKernels(previous);
    }
    // The repeated column's weight split evenly between its two copies, as the minimum norm has it.
    expect(Math.abs(fast[185] - fast[0])).toBeLessThan(1e-9 * Math.abs(fast[0]));
    expect(worstRelative({ rows: 400, cols: 1, data: plain }, { rows: 400, cols: 1, data: fast })).toBeLessThan(1e-9);
  });

  it('refines an fp32-Gram solve to the fp64 coefficients for d ≥ 1024, and falls back to fp64 where the conditioning is too poor', () => {
    const rng = new Random(77);
    const n = 1100;
    const d = 1031;
    const X = randomMatrix(rng, n, d, 1, 0.3);
    const Y = randomMatrix(rng, n, 2);
    const sampleWeight = Float64Array.from({ length: n }, () => 0.5 + rng.uniform());
    const fast = new RidgeRegression({ alpha: 2 }).fit(X, Y, { sampleWeight }).coef as DenseMatrix;
    const previous = useKernels(plainKernels);
    let slow: DenseMatrix;
    try {
      slow = new RidgeRegression({ alpha: 2 }).fit(X, Y, { sampleWeight }).coef as DenseMatrix;
    } finally {
      useKernels(previous);
    }
    expect(worstRelative(slow, fast)).toBeLessThan(1e-9);
    // The refinement stops at the fp64 solve's own accuracy, not short of it: as close to the plain path as the fp64
    // wasm path is, here where it takes several steps (cond ≈ 4000: each step gains about four digits).
    const square = randomMatrix(rng, 1100, 1031, 1, 0.3);
    const target = square.data.filter((_, k) => k % 1031 === 7);
    const coefOn = (ops: typeof fastKernels): DenseMatrix => {
      const previousKernels = useKernels(ops);
      try {
        return { rows: 1031, cols: 1, data: new RidgeRegression({ alpha: 0.01 }).fit(square, target).coef };
      } finally {
        useKernels(previousKernels);
      }
    };
    const plainCoef = coefOn(plainKernels);
    const fp64Error = worstRelative(plainCoef, coefOn({ ...fastKernels, approximateSystem: undefined }));
    expect(worstRelative(plainCoef, coefOn(fastKernels))).toBeLessThan(4 * fp64Error + 1e-15);
    // Nearly collinear columns and a tiny alpha: cond ≈ 1e12, beyond what an fp32 factor can refine, so the fit is
    // the fp64 path's, bit for bit.
    const bad = { ...X, data: X.data.slice() };
    for (let i = 0; i < n; i++) for (let j = 1; j < d; j += 2) bad.data[i * d + j] = bad.data[i * d + j - 1] * (1 + 1e-6 * rng.normal());
    const y = Y.data.filter((_, k) => k % 2 === 0);
    const refined = new RidgeRegression({ alpha: 1e-6 }).fit(bad, y).coef;
    expect('approximateSystem' in fastKernels).toBe(true);
    const fp64Only = { ...fastKernels, approximateSystem: undefined };
    const before = useKernels(fp64Only);
    let direct: Float64Array;
    try {
      direct = new RidgeRegression({ alpha: 1e-6 }).fit(bad, y).coef;
    } finally {
      useKernels(before);
    }
    expect(Array.from(refined)).toEqual(Array.from(direct));
  });

  it('gives the same coefficients, bit for bit, on two threads as on one (each Gram block is summed by one thread)', () => {
    const rng = new Random(41);
    const wide = randomMatrix(rng, 200, 601);
    const tall = randomMatrix(rng, 20001, 61, 1, 2);
    const square = randomMatrix(rng, 1100, 1030, 1, 0.5);
    const fits = (threads: number): Float64Array[] => {
      const previous = setLinalgThreads(threads);
      try {
        return [
          new RidgeRegression({ alpha: 0.3 }).fit(tall, tall.data.subarray(0, 20001)).coef,
          new RidgeRegression({ alpha: 0.3, solver: 'cholesky' }).fit(wide, wide.data.subarray(0, 200)).coef,
          // The dual: fp32 XcXcᵀ, then refinement steps through the rows.
          new RidgeRegression({ alpha: 0.3 }).fit(wide, wide.data.subarray(0, 200)).coef,
          // fp32 Gram, blocked Cholesky, then refinement steps whose products sum fixed blocks of rows.
          new RidgeRegression({ alpha: 0.3 }).fit(square, square.data.subarray(0, 1100)).coef,
        ];
      } finally {
        setLinalgThreads(previous);
      }
    };
    const one = fits(1);
    const two = fits(2);
    one.forEach((coef, i) => expect(Array.from(two[i])).toEqual(Array.from(coef)));
  });

  it('holds the fp32 factor and Xc in wasm memory for the refinement: exact XcᵀXc·V and Xcᵀ·W, approximate solves, at odd sizes', () => {
    const rng = new Random(5);
    for (const [n, d, k] of [
      [9, 3, 1],
      [301, 37, 2],
      [3001, 101, 3],
      // Four panels of the factor, each trailing update an odd number of 4-column blocks (its fp32 4×8 tiles end on a lone one).
      [1301, 203, 1],
    ]) {
      const X = randomMatrix(rng, n, d, 2, 1.5);
      const V = randomMatrix(rng, d, k);
      const W = randomMatrix(rng, n, k);
      const { x: centring } = centringOf(
        X,
        zeros(n, 1),
        true,
        Float64Array.from({ length: n }, () => 0.5 + rng.uniform()),
      );
      const Xc = { rows: n, cols: d, data: X.data.map((v, i) => centring!.rowScale![Math.floor(i / d)] * (v - centring!.mean[i % d])) };
      const A = gram(Xc, { path: 'plain' });
      const alpha = 0.5;
      for (let i = 0; i < d; i++) A.data[i * d + i] += alpha;
      const products = (threads: number) => {
        const previous = setLinalgThreads(threads);
        try {
          const system = residentSystem(X, centring, alpha);
          if (!system || system === 'unavailable') throw new Error(`no resident system at ${n}×${d}`);
          return { GV: system.gramTimes(V), Z: system.solve(V), XW: system.crossTimes(W) };
        } finally {
          setLinalgThreads(previous);
        }
      };
      const one = products(1);
      const exact = matmul(A, V, { path: 'plain' });
      expect(worstRelative(exact, { ...one.GV, data: one.GV.data.map((g, i) => g + alpha * V.data[i]) })).toBeLessThan(1e-12);
      const XcW = matmul(transpose(Xc), W, { path: 'plain' });
      expect(worstRelative(XcW, one.XW)).toBeLessThan(1e-12);
      // The factor is of the fp32 Gram, its trailing updates in fp32: its solves are good to about 1e-6 of the exact ones.
      const Z = choleskySolve(cholesky(A)!, V);
      let scale = 0;
      Z.data.forEach((z) => (scale = Math.max(scale, Math.abs(z))));
      Z.data.forEach((z, i) => expect(Math.abs(z - one.Z.data[i])).toBeLessThan(1e-4 * scale));
      if (n * d > 1 << 18) {
        // Large enough for the kernels to split over the threads (the smaller sizes stay on one).
        const two = products(2);
        expect(Array.from(two.GV.data)).toEqual(Array.from(one.GV.data));
        expect(Array.from(two.Z.data)).toEqual(Array.from(one.Z.data));
        expect(Array.from(two.XW.data)).toEqual(Array.from(one.XW.data));
      }
    }
    expect(residentSystem(randomMatrix(rng, 20, 5), undefined, -1e6)).toBeUndefined();
  });

  it('holds the fp32 XcXcᵀ factor and Xc in wasm memory for the dual refinement: exact products, approximate solves, odd sizes', () => {
    const rng = new Random(15);
    for (const [n, d, k] of [
      [9, 31, 1],
      [203, 1001, 2],
      [301, 2003, 1],
    ]) {
      const X = randomMatrix(rng, n, d, 2, -0.5);
      const A = randomMatrix(rng, n, k);
      const { x: centring } = centringOf(
        X,
        zeros(n, 1),
        true,
        Float64Array.from({ length: n }, () => 0.5 + rng.uniform()),
      );
      const Xc = { rows: n, cols: d, data: X.data.map((v, i) => centring!.rowScale![Math.floor(i / d)] * (v - centring!.mean[i % d])) };
      const alpha = 0.5;
      const K = matmul(Xc, transpose(Xc), { path: 'plain' });
      const products = (threads: number) => {
        const previous = setLinalgThreads(threads);
        try {
          const system = residentDualSystem(X, centring, alpha);
          if (!system || system === 'unavailable') throw new Error(`no resident dual system at ${n}×${d}`);
          return { KA: system.kernelTimes(A), XA: system.crossTimes(A), Z: system.solve(A) };
        } finally {
          setLinalgThreads(previous);
        }
      };
      const one = products(1);
      expect(worstRelative(matmul(K, A, { path: 'plain' }), one.KA)).toBeLessThan(1e-12);
      expect(worstRelative(matmul(transpose(Xc), A, { path: 'plain' }), one.XA)).toBeLessThan(1e-12);
      for (let i = 0; i < n; i++) K.data[i * n + i] += alpha;
      const Z = choleskySolve(cholesky(K)!, A);
      let scale = 0;
      Z.data.forEach((z) => (scale = Math.max(scale, Math.abs(z))));
      // Centred rows span n − 1 dimensions, so α alone bounds XcXcᵀ + αI from below: cond ≈ 1e4, and the fp32 factor's
      // solves are good to about cond·1e-7.
      Z.data.forEach((z, i) => expect(Math.abs(z - one.Z.data[i])).toBeLessThan(1e-3 * scale));
      if (n * d > 1 << 18) {
        const two = products(2);
        expect(Array.from(two.KA.data)).toEqual(Array.from(one.KA.data));
        expect(Array.from(two.XA.data)).toEqual(Array.from(one.XA.data));
        expect(Array.from(two.Z.data)).toEqual(Array.from(one.Z.data));
      }
    }
  });

  it('refines the dual solve to the fp64 coefficients (d > n ≥ 128), and falls back to the fp64 dual where the conditioning is too poor', () => {
    const rng = new Random(21);
    const X = randomMatrix(rng, 301, 1003, 1, 0.4);
    const Y = randomMatrix(rng, 301, 2);
    const sampleWeight = Float64Array.from({ length: 301 }, () => 0.5 + rng.uniform());
    const coefOn = (ops: typeof fastKernels, M: DenseMatrix, alpha: number): DenseMatrix => {
      const previous = useKernels(ops);
      try {
        return new RidgeRegression({ alpha }).fit(M, Y, { sampleWeight }).coef as DenseMatrix;
      } finally {
        useKernels(previous);
      }
    };
    const fp64Dual = { ...fastKernels, approximateDualSystem: undefined };
    const plain = coefOn(plainKernels, X, 0.05);
    const fp64Error = worstRelative(plain, coefOn(fp64Dual, X, 0.05));
    expect(worstRelative(plain, coefOn(fastKernels, X, 0.05))).toBeLessThan(4 * fp64Error + 1e-15);
    // Rows in nearly identical pairs and a tiny alpha: XcXcᵀ + αI has cond ≈ 1e12, beyond an fp32 factor, so the
    // fit is the fp64 dual's, bit for bit.
    const pairs = { ...X, data: X.data.slice() };
    for (let i = 1; i < 301; i += 2)
      for (let j = 0; j < 1003; j++) pairs.data[i * 1003 + j] = pairs.data[(i - 1) * 1003 + j] * (1 + 1e-6 * rng.normal());
    expect(Array.from(coefOn(fastKernels, pairs, 1e-6).data)).toEqual(Array.from(coefOn(fp64Dual, pairs, 1e-6).data));
  });

  it('solves through the wasm factor and triangular solves as the plain Cholesky does (several columns, odd n)', () => {
    const rng = new Random(8);
    const M = randomMatrix(rng, 140, 131);
    const A = gram(M, { path: 'plain' });
    const B = randomMatrix(rng, 131, 3);
    const fast = wasmCholeskySolve(A, B);
    expect(fast).not.toBe('unavailable');
    expect(worstRelative(choleskySolve(cholesky(A)!, B), fast as DenseMatrix)).toBeLessThan(1e-9);
  });

  it('packs the last row of a partial panel without reading past it (packRows32 at the very end of memory)', () => {
    const module = new WebAssembly.Module(Buffer.from(GRAM_WASM_BASE64, 'base64'));
    const wasm = new WebAssembly.Instance(module, {}).exports as unknown as {
      memory: WebAssembly.Memory;
      packRows32: (x: number, ds: number, d: number, r0: number, rows: number, panels: number, dst: number) => void;
    };
    // 4 rows of 9 columns (row stride 10), the last value of the last row the last double of memory.
    const bytes = wasm.memory.buffer.byteLength;
    const x = bytes - 4 * 10 * 8;
    const rows = new Float64Array(wasm.memory.buffer, x, 40);
    rows.forEach((_, i) => (rows[i] = i % 10 < 9 ? i + 0.5 : 0));
    wasm.packRows32(x, 10, 9, 0, 4, 3, 0);
    const panels = new Float32Array(wasm.memory.buffer, 0, 3 * 4 * 4);
    // Panel 2 holds columns 8…11: column 8, then zeros.
    for (let r = 0; r < 4; r++) {
      expect(Array.from(panels.subarray(32 + r * 4, 36 + r * 4))).toEqual([r * 10 + 8.5, 0, 0, 0]);
      expect(Array.from(panels.subarray(r * 4, r * 4 + 4))).toEqual([0, 1, 2, 3].map((c) => r * 10 + c + 0.5));
    }
  });

  it('is built from wasm/gram.wat: the committed bytes (own and shared memory) match a fresh assembly', async () => {
    const built = await assemble();
    expect(built.single).toBe(GRAM_WASM_BASE64);
    expect(built.shared).toBe(GRAM_SHARED_WASM_BASE64);
  });
});
