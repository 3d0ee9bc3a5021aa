import type { DenseMatrix } from '../dense-matrix.js';
import { fastShiftedInverses, fastTridiagonalFactor, type TridiagonalFactor } from './fast-resolvent.js';
import { usePlain, type LinalgOptions } from './options.js';
import { crossProduct } from './products.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** (A + σ·I)⁻¹ summarised for several shifts σ. */
export interface ShiftedInverses {
  /** shifts × n: row a is the diagonal of (A + shifts[a]·I)⁻¹. */
  readonly diagonals: DenseMatrix;
  /** n × (shifts·k): columns a·k … a·k + k − 1 are (A + shifts[a]·I)⁻¹·B. */
  readonly solutions: DenseMatrix;
}

/** One decomposition of a symmetric A that serves (A + σ·I)⁻¹ for any number of shifts σ. */
export interface SymmetricResolvent {
  readonly size: number;
  /** A's eigenvalues, ascending. */
  readonly values: Float64Array;
  /**
   * The diagonals of (A + σ·I)⁻¹ and the solutions (A + σ·I)⁻¹·B for every shift; each A + σ·I must be positive
   * definite (RangeError otherwise).
   */
  inverses(B: DenseMatrix, shifts: readonly number[]): ShiftedInverses;
}

/** Below this size the plain path is as quick. */
const FAST_MIN = 16;

/**
 * A decomposition of the symmetric A (lower triangle read) for many shifted inverses at once — what leave-one-out
 * over a grid of ridge penalties asks for. The fast path (WebAssembly SIMD) never forms eigenvectors: A = Q·T·Qᵀ by
 * the blocked Householder reduction with Q formed (8n³/3 flops, where the eigenvectors cost about 4.5n³), then per shift an L·D·Lᵀ factorisation of the
 * tridiagonal T + σ·I, O(n²) for the whole diagonal of the inverse and one gemm for all the right-hand sides. The
 * plain path (`path: 'plain'`, and wherever WebAssembly SIMD is missing) uses the eigendecomposition A = V·Λ·Vᵀ:
 * diag((A + σI)⁻¹)_i = Σ_j V_ij²/(λ_j + σ).
 */
export function symmetricResolvent(A: DenseMatrix, options: LinalgOptions = {}): SymmetricResolvent {
  if (A.cols !== A.rows) throw new RangeError(`symmetricResolvent: A must be square, got ${A.rows}×${A.cols}`);
  const fast = !usePlain(options) && A.rows >= FAST_MIN ? fastTridiagonalFactor(A) : undefined;
  return fast ? tridiagonalResolvent(fast, A) : eigenResolvent(A);
}

function checkInputs(n: number, values: Float64Array, B: DenseMatrix, shifts: readonly number[]): void {
  if (B.rows !== n) throw new RangeError(`symmetricResolvent.inverses: A is ${n}×${n}, B has ${B.rows} rows`);
  const lowest = values.length > 0 ? values[0] : 0;
  shifts.forEach((shift, a) => {
    if (!Number.isFinite(shift) || !(lowest + shift > 0)) {
      throw new RangeError(`symmetricResolvent.inverses: A + shifts[${a}]·I (shift ${shift}) is not positive definite`);
    }
  });
}

function tridiagonalResolvent(factor: TridiagonalFactor, A: DenseMatrix): SymmetricResolvent {
  let plain: SymmetricResolvent | undefined;
  return {
    size: factor.n,
    values: factor.values,
    inverses(B, shifts) {
      checkInputs(factor.n, factor.values, B, shifts);
      const result = fastShiftedInverses(factor, B, shifts);
      if (result) return result;
      plain ??= eigenResolvent(A);
      return plain.inverses(B, shifts);
    },
  };
}

function eigenResolvent(A: DenseMatrix): SymmetricResolvent {
  const n = A.rows;
  const { values, vectors: V } = symmetricEigen(A, { path: 'plain' });
  const squares = V.data.map((v) => v * v);
  return {
    size: n,
    values,
    inverses(B, shifts) {
      checkInputs(n, values, B, shifts);
      const k = B.cols;
      const S = shifts.length;
      const W = crossProduct(V, B, { path: 'plain' }).data;
      const diagonals = new Float64Array(S * n);
      const solutions = new Float64Array(n * S * k);
      const inv = new Float64Array(n);
      const scaled = new Float64Array(n * k);
      shifts.forEach((shift, a) => {
        for (let j = 0; j < n; j++) inv[j] = 1 / (values[j] + shift);
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += squares[i * n + j] * inv[j];
          diagonals[a * n + i] = s;
        }
        for (let j = 0; j < n; j++) for (let c = 0; c < k; c++) scaled[j * k + c] = W[j * k + c] * inv[j];
        for (let i = 0; i < n; i++) {
          const out = i * S * k + a * k;
          for (let j = 0; j < n; j++) {
            const v = V.data[i * n + j];
            for (let c = 0; c < k; c++) solutions[out + c] += v * scaled[j * k + c];
          }
        }
      });
      return { diagonals: { rows: S, cols: n, data: diagonals }, solutions: { rows: n, cols: S * k, data: solutions } };
    },
  };
}
