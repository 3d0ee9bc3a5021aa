import { cholesky, choleskySolve, crossProduct, gram, outerGram, type DenseMatrix } from '@tlkit/tensor-core';
import { wasmGram } from './wasm-kernels.js';

/**
 * The heavy numerical work of ridge, behind one small interface so that a faster implementation (SIMD wasm,
 * threads) can replace it without touching the estimators. Every method returns fp64 results.
 */
export interface RidgeKernels {
  /** XᵀX, d×d symmetric. */
  gram(X: DenseMatrix): DenseMatrix;
  /** XᵀY, d×k. */
  crossProduct(X: DenseMatrix, Y: DenseMatrix): DenseMatrix;
  /** XXᵀ, n×n symmetric. */
  outerGram(X: DenseMatrix): DenseMatrix;
  /** Solves A·Z = B for symmetric positive definite A; undefined when A is not numerically positive definite. */
  solveSpd(A: DenseMatrix, B: DenseMatrix): DenseMatrix | undefined;
}

/** Plain JavaScript on Float64Arrays: runs everywhere. */
export const plainKernels: RidgeKernels = {
  gram,
  crossProduct,
  outerGram,
  solveSpd(A, B) {
    const L = cholesky(A);
    return L ? choleskySolve(L, B) : undefined;
  },
};

/** The default: XᵀX by the WebAssembly SIMD kernel where WebAssembly SIMD exists, the plain kernels otherwise. */
export const fastKernels: RidgeKernels = {
  ...plainKernels,
  gram: (X) => wasmGram(X) ?? gram(X),
};

let active: RidgeKernels = fastKernels;

/** The kernels in use. */
export function kernels(): RidgeKernels {
  return active;
}

/** Replaces the kernels (for a faster implementation, or a test of the fallback); returns the previous ones. */
export function useKernels(next: RidgeKernels): RidgeKernels {
  const previous = active;
  active = next;
  return previous;
}
