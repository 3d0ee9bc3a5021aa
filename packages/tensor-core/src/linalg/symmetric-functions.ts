import type { DenseMatrix } from '../dense-matrix.js';
import { gemm } from './threaded-kernels.js';
import { gemmWorkDoubles, linalgWorkspace } from './wasm-module.js';
import { usePlain, type LinalgOptions } from './options.js';
import { symmetricEigen } from './symmetric-eigen.js';

/**
 * f(A) = V·diag(f(λ))·Vᵀ for a symmetric matrix A (e.g. A^(1/2), A^(-1/2) for CORAL's whitening and recolouring).
 * Eigenvalues below zero (rounding of a PSD matrix) are clamped to zero before f is applied.
 */
export function symmetricMatrixFunction(A: DenseMatrix, f: (lambda: number) => number, options: LinalgOptions = {}): DenseMatrix {
  const { values, vectors: V } = symmetricEigen(A, options);
  const fl = Float64Array.from(values, (v) => f(Math.max(v, 0)));
  return (!usePlain(options) && fastScaledSquare(V, fl)) || plainScaledSquare(V, fl);
}

function plainScaledSquare(V: DenseMatrix, fl: Float64Array): DenseMatrix {
  const n = V.rows;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += V.data[i * n + k] * fl[k] * V.data[j * n + k];
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return { rows: n, cols: n, data: out };
}

/** V·diag(fl)·Vᵀ by the gemm kernel (upper triangle, mirrored so the result is exactly symmetric). */
function fastScaledSquare(V: DenseMatrix, fl: Float64Array): DenseMatrix | undefined {
  const n = V.rows;
  if (n < 16) return undefined;
  const scaled = gemmWorkDoubles();
  const v = scaled + n * n;
  const c = v + n * n;
  const ws = linalgWorkspace(c + n * n);
  if (!ws) return undefined;
  const mem = ws.memory;
  mem.set(V.data, v);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) mem[scaled + i * n + k] = V.data[i * n + k] * fl[k];
  mem.fill(0, c, c + n * n);
  gemm(ws, n, n, n, scaled * 8, n, 0, v * 8, n, 1, c * 8, n, 1, 2, 0, 0);
  const out = mem.slice(c, c + n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[j * n + i] = out[i * n + j];
  return { rows: n, cols: n, data: out };
}
