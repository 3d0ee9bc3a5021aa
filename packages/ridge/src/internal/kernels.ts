import {
  cholesky,
  choleskySolve,
  crossProduct,
  gram,
  matmul,
  outerGram,
  symmetricEigen,
  symmetricEigenProjections,
  symmetricResolvent,
  type DenseMatrix,
  type SymmetricEigen,
  type SymmetricEigenProjections,
  type SymmetricResolvent,
} from '@tlkit/tensor-core';
import { centredCopy } from './centering.js';
import { wasmGram32 } from './gram32.js';
import { residentDualSystem } from './resident-dual-system.js';
import { residentSystem } from './resident-system.js';
import { upperSolve, wasmCholeskyFactor, wasmCholeskySolve } from './wasm-cholesky.js';
import {
  wasmGram,
  wasmMatmul,
  wasmNormalEquations,
  wasmOuterGram,
  wasmShiftedNormalEquations,
  type NormalEquations,
  type RowCentring,
  type ShiftedNormalEquations,
} from './wasm-kernels.js';

/**
 * The heavy numerical work of ridge, behind one small interface so that a faster implementation (SIMD wasm,
 * threads) can replace it without touching the estimators. Every method returns fp64 results.
 */
export interface RidgeKernels {
  /** XᵀX, d×d symmetric. */
  gram(X: DenseMatrix): DenseMatrix;
  /** XᵀY, d×k. */
  crossProduct(X: DenseMatrix, Y: DenseMatrix): DenseMatrix;
  /** XcᵀXc and XcᵀYc for X and Y under row centrings (none: as given), without changing X or Y. */
  normalEquations(X: DenseMatrix, Y: DenseMatrix, xCentring?: RowCentring, yCentring?: RowCentring): NormalEquations;
  /** Ac·B for A under a row centring (none: as given), without changing A. */
  matmul(A: DenseMatrix, B: DenseMatrix, centring?: RowCentring): DenseMatrix;
  /** XcXcᵀ, n×n symmetric, for X under a row centring (none: as given), without changing X. */
  outerGram(X: DenseMatrix, centring?: RowCentring): DenseMatrix;
  /** Solves A·Z = B for symmetric positive definite A; undefined when A is not numerically positive definite. */
  solveSpd(A: DenseMatrix, B: DenseMatrix): DenseMatrix | undefined;
  /** Eigenvalues (ascending) and eigenvectors of a symmetric matrix. */
  symmetricEigen(A: DenseMatrix): SymmetricEigen;
  /** Eigenvalues (ascending) and VᵀB of a symmetric matrix, without forming V. */
  eigenProjections(A: DenseMatrix, B: DenseMatrix): SymmetricEigenProjections;
  /** One decomposition of a symmetric A for (A + αI)⁻¹'s diagonal and solves at many α (leave-one-out). */
  resolvent(A: DenseMatrix): SymmetricResolvent;
  /**
   * A solver for (XcᵀXc + αI)·Z = B from an fp32 Gram matrix (about 1e-6 relative), for solutions refined against
   * exact fp64 products, and where it can hold Xc those products too; undefined where unavailable or not positive
   * definite. Only kernels with a fast fp32 Gram have it.
   */
  approximateSystem?(X: DenseMatrix, centring: RowCentring | undefined, alpha: number): ApproximateSystem | undefined;
  /**
   * The dual twin of approximateSystem: a solver for (XcXcᵀ + αI)·Z = B from an fp32 XcXcᵀ, with the exact products
   * XcXcᵀ·A and Xcᵀ·A; undefined where unavailable or not positive definite.
   */
  approximateDualSystem?(X: DenseMatrix, centring: RowCentring | undefined, alpha: number): ApproximateDualSystem | undefined;
  /**
   * XcᵀXc, XcᵀYc and the means in one pass that also tests X's values against `max` ('bad' when one fails), from X
   * and Y shifted by a row each near their means (see wasmShiftedNormalEquations); undefined where unavailable. It
   * stands in for the input check of X: it must test every value (NaN fails). Used only with the default
   * normalEquations.
   */
  shiftedNormalEquations?(
    X: DenseMatrix,
    Y: DenseMatrix,
    xShift: Float64Array,
    yShift: Float64Array,
    max: number,
  ): ShiftedNormalEquations | 'bad' | undefined;
}

/** See RidgeKernels.approximateSystem. */
export interface ApproximateSystem {
  /** Z ≈ (XcᵀXc + αI)⁻¹·B, to about 1e-6 relative. */
  readonly solve: (B: DenseMatrix) => DenseMatrix;
  /** XcᵀXc·V in fp64, where the system holds Xc (otherwise the caller forms the products). */
  readonly gramTimes?: (V: DenseMatrix) => DenseMatrix;
  /** Xcᵀ·W in fp64 (W with a row per row of X), where the system holds Xc. */
  readonly crossTimes?: (W: DenseMatrix) => DenseMatrix;
}

/** See RidgeKernels.approximateDualSystem. */
export interface ApproximateDualSystem {
  /** Z ≈ (XcXcᵀ + αI)⁻¹·B, to about 1e-6 relative. */
  readonly solve: (B: DenseMatrix) => DenseMatrix;
  /** XcXcᵀ·A in fp64. */
  readonly kernelTimes: (A: DenseMatrix) => DenseMatrix;
  /** Xcᵀ·A in fp64. */
  readonly crossTimes: (A: DenseMatrix) => DenseMatrix;
}

const PLAIN = { path: 'plain' } as const;

function plainNormalEquations(X: DenseMatrix, Y: DenseMatrix, xc?: RowCentring, yc?: RowCentring): NormalEquations {
  const Xc = xc ? centredCopy(X, xc) : X;
  return { G: gram(Xc, PLAIN), B: crossProduct(Xc, yc ? centredCopy(Y, yc) : Y, PLAIN) };
}

function plainSolveSpd(A: DenseMatrix, B: DenseMatrix): DenseMatrix | undefined {
  const L = cholesky(A);
  return L ? choleskySolve(L, B) : undefined;
}

/** Plain JavaScript on Float64Arrays: runs everywhere. */
export const plainKernels: RidgeKernels = {
  gram: (X) => gram(X, PLAIN),
  crossProduct: (X, Y) => crossProduct(X, Y, PLAIN),
  normalEquations: plainNormalEquations,
  matmul: (A, B, centring) => matmul(centring ? centredCopy(A, centring) : A, B, PLAIN),
  outerGram: (X, centring) => outerGram(centring ? centredCopy(X, centring) : X, PLAIN),
  solveSpd: plainSolveSpd,
  symmetricEigen: (A) => symmetricEigen(A, PLAIN),
  eigenProjections: (A, B) => symmetricEigenProjections(A, B, PLAIN),
  resolvent: (A) => symmetricResolvent(A, PLAIN),
};

/**
 * The default: the WebAssembly SIMD kernels (one fused pass for the centred normal equations, a blocked Cholesky,
 * tensor-core's eigensolver and products) where WebAssembly SIMD exists, the plain kernels otherwise.
 */
export const fastKernels: RidgeKernels = {
  ...plainKernels,
  gram: (X) => wasmGram(X) ?? gram(X),
  crossProduct: (X, Y) => crossProduct(X, Y),
  symmetricEigen: (A) => symmetricEigen(A),
  eigenProjections: (A, B) => symmetricEigenProjections(A, B),
  resolvent: (A) => symmetricResolvent(A),
  normalEquations: (X, Y, xc, yc) => wasmNormalEquations(X, Y, xc, yc) ?? plainNormalEquations(X, Y, xc, yc),
  // Uncentred products go to tensor-core's packed gemm (1.6× this kernel's speed for wide B); a centring is applied
  // while the rows are copied, which only this one does.
  matmul: (A, B, centring) => (centring ? (wasmMatmul(A, B, centring) ?? plainKernels.matmul(A, B, centring)) : matmul(A, B)),
  outerGram: (X, centring) => wasmOuterGram(X, centring) ?? plainKernels.outerGram(X, centring),
  solveSpd(A, B) {
    const solution = wasmCholeskySolve(A, B);
    return solution === 'unavailable' ? plainSolveSpd(A, B) : solution;
  },
  shiftedNormalEquations: wasmShiftedNormalEquations,
  approximateDualSystem(X, centring, alpha) {
    const resident = residentDualSystem(X, centring, alpha);
    return resident === 'unavailable' ? undefined : resident;
  },
  approximateSystem(X, centring, alpha) {
    const resident = residentSystem(X, centring, alpha);
    if (resident !== 'unavailable') return resident;
    // Too large to hold in wasm memory: the factor comes out, and the products stream the rows.
    const G = wasmGram32(X, centring);
    if (!G) return undefined;
    for (let i = 0; i < G.rows; i++) G.data[i * G.rows + i] += alpha;
    const U = wasmCholeskyFactor(G);
    if (U === undefined || U === 'unavailable') return undefined;
    return { solve: (B) => upperSolve(U, G.rows, B) };
  },
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
