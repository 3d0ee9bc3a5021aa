import { gram, matmul, Random, zeros } from '@tlkit/tensor-core';
import { fastKernels, plainKernels, RidgeRegression, useKernels } from '@tlkit/ridge';
import { GRAM_WASM_BASE64 } from '../src/internal/gram-wasm-bytes.js';
import { wasmGram, wasmMatmul } from '../src/internal/wasm-kernels.js';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { assemble } = require('../wasm/build-wasm.cjs') as { assemble: () => Promise<string> };

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

  it('is the default kernel, and ridge gives the same coefficients on it as on the plain path at n = 20,000', () => {
    const rng = new Random(4);
    const X = zeros(20000, 30);
    for (let i = 0; i < X.data.length; i++) X.data[i] = rng.normal();
    const y = Float64Array.from({ length: 20000 }, (_, i) => X.data[i * 30] - 2 * X.data[i * 30 + 7] + rng.normal());
    const fast = new RidgeRegression({ alpha: 3 }).fit(X, y).coef as Float64Array;
    const previous = useKernels(plainKernels);
    let slow: Float64Array;
    try {
      slow = new RidgeRegression({ alpha: 3 }).fit(X, y).coef as Float64Array;
    } finally {
      useKernels(previous);
    }
    expect(previous).toBe(fastKernels);
    fast.forEach((v, j) => expect(Math.abs(v - slow[j])).toBeLessThan(1e-12 * Math.max(1, Math.abs(slow[j]))));
  });

  it('is built from wasm/gram.wat: the committed bytes match a fresh assembly', async () => {
    expect(await assemble()).toBe(GRAM_WASM_BASE64);
  });
});
