import { crossProduct, gram, matmul, outerGram, Random, transpose, zeros, type DenseMatrix } from '@tlkit/tensor-core';
import { LINALG_SHARED_WASM_BASE64, LINALG_WASM_BASE64 } from '../src/linalg/linalg-wasm-bytes.js';
import { GEMM_WORK_DOUBLES, linalgWorkspace } from '../src/linalg/wasm-module.js';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { assemble } = require('../wasm/build-wasm.cjs') as { assemble: () => Promise<{ single: string; shared: string }> };

const plain = { path: 'plain' } as const;

function random(rows: number, cols: number, rng: Random, shift = 0): DenseMatrix {
  const M = zeros(rows, cols);
  for (let i = 0; i < M.data.length; i++) M.data[i] = rng.normal() + shift;
  return M;
}

function worst(a: DenseMatrix, b: DenseMatrix): number {
  let w = 0;
  a.data.forEach((v, k) => (w = Math.max(w, Math.abs(v - b.data[k]) / Math.max(1, Math.abs(v)))));
  return w;
}

describe('the gemm kernel', () => {
  it.each([
    [1, 1, 1],
    [3, 5, 7],
    [64, 256, 256],
    [65, 257, 300],
    [130, 70, 513],
    [5, 600, 3],
  ])('C += α·op(A)·op(B) for m=%i n=%i k=%i, every transpose and triangle mode, as plain loops', (m, n, k) => {
    const rng = new Random(m * 7 + n * 3 + k);
    for (const ta of [0, 1]) {
      for (const tb of [0, 1]) {
        for (const [mode, diag] of [
          [0, 0],
          [1, 0],
          [2, 3],
          [1, -5],
        ]) {
          const A = random(ta ? k : m, ta ? m : k, rng);
          const B = random(tb ? n : k, tb ? k : n, rng);
          const C0 = random(m, n, rng);
          const a = GEMM_WORK_DOUBLES;
          const b = a + A.data.length;
          const c = b + B.data.length;
          const ws = linalgWorkspace(c + C0.data.length);
          if (!ws) throw new Error('WebAssembly SIMD is missing');
          ws.memory.set(A.data, a);
          ws.memory.set(B.data, b);
          ws.memory.set(C0.data, c);
          ws.wasm.gemm(m, n, k, a * 8, A.cols, ta, b * 8, B.cols, tb, c * 8, n, -0.5, mode, diag, 0);
          // op(A) by rows and op(B) by columns, so that each entry of the reference is one plain dot product.
          const opA = new Float64Array(m * k);
          const opBt = new Float64Array(n * k);
          for (let i = 0; i < m; i++) for (let l = 0; l < k; l++) opA[i * k + l] = ta ? A.data[l * m + i] : A.data[i * k + l];
          for (let j = 0; j < n; j++) for (let l = 0; l < k; l++) opBt[j * k + l] = tb ? B.data[j * k + l] : B.data[l * n + j];
          let err = 0;
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              if ((mode === 1 && j > i + diag) || (mode === 2 && j < i + diag)) continue;
              let s = 0;
              for (let l = 0; l < k; l++) s += opA[i * k + l] * opBt[j * k + l];
              err = Math.max(err, Math.abs(ws.memory[c + i * n + j] - (C0.data[i * n + j] - 0.5 * s)));
            }
          }
          expect(err).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('is built from wasm/linalg.wat: the committed bytes (own and shared memory) match a fresh assembly', async () => {
    const built = await assemble();
    expect(built.single).toBe(LINALG_WASM_BASE64);
    expect(built.shared).toBe(LINALG_SHARED_WASM_BASE64);
  });
});

describe('the fast products', () => {
  it.each([
    [40, 33, 7],
    [300, 61, 17],
    [70001, 61, 3],
  ])('gram, centred gram, crossProduct, outerGram and matmul equal the plain loops (%i×%i, %i columns; row chunks)', (n, d, k) => {
    const rng = new Random(n + d);
    const X = random(n, d, rng, 3);
    const Y = random(n, k, rng);
    const center = Float64Array.from({ length: d }, () => 3 + rng.normal());
    expect(worst(gram(X), gram(X, plain))).toBeLessThan(1e-12);
    expect(worst(gram(X, { center }), gram(X, { ...plain, center }))).toBeLessThan(1e-12);
    expect(worst(crossProduct(X, Y), crossProduct(X, Y, plain))).toBeLessThan(1e-12);
    const P = random(d, k, rng);
    expect(worst(matmul(X, P), matmul(X, P, plain))).toBeLessThan(1e-12);
    if (n <= 300) {
      expect(worst(outerGram(X), outerGram(X, plain))).toBeLessThan(1e-12);
      expect(worst(outerGram(X, { center }), outerGram(X, { ...plain, center }))).toBeLessThan(1e-12);
      expect(worst(matmul(transpose(X), X), gram(X, plain))).toBeLessThan(1e-12);
    }
  });

  it('checks the centre length', () => {
    expect(() => gram(zeros(3, 2), { center: [1] })).toThrow('gram: center has 1 entries, X has 2 columns');
    expect(() => outerGram(zeros(3, 2), { center: [1] })).toThrow(RangeError);
  });
});
