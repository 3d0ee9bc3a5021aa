import { takeRows, type DenseMatrix } from '@tlkit/tensor-core';
import { gaussianFromDistances } from './kernel.js';
import { solveKliep } from './kliep-solver.js';

export interface KliepCurve {
  readonly sigmas: readonly number[];
  /** The LCV score of each width: the mean over folds of the held-out mean log ratio (higher is better). */
  readonly scores: readonly number[];
}

/** Column means of a kernel block: b_l = mean_i k(x_i, c_l). */
export function kernelColumnMeans(K: DenseMatrix): Float64Array {
  const b = new Float64Array(K.cols);
  for (let i = 0; i < K.rows; i++) for (let l = 0; l < K.cols; l++) b[l] += K.data[i * K.cols + l];
  for (let l = 0; l < K.cols; l++) b[l] /= K.rows;
  return b;
}

/**
 * Likelihood cross-validation of the kernel width (Sugiyama et al. 2008, section 2.2): the target rows are split
 * into folds; for each fold KLIEP is fitted on the other target rows (the same centres, all source rows) and scored by
 * the mean log ratio it gives the held-out target rows. Takes the squared distances of the source and target rows to
 * the centres.
 */
export function kliepLcv(
  sourceD2: DenseMatrix,
  targetD2: DenseMatrix,
  sigmas: readonly number[],
  foldTests: readonly Int32Array[],
  solver: { maxIterations?: number; tolerance?: number } = {},
): KliepCurve {
  const nt = targetD2.rows;
  const scores = sigmas.map((sigma) => {
    const b = kernelColumnMeans(gaussianFromDistances(sourceD2, sigma));
    const A = gaussianFromDistances(targetD2, sigma);
    let total = 0;
    for (const test of foldTests) {
      const inTest = new Uint8Array(nt);
      test.forEach((j) => (inTest[j] = 1));
      const train = Int32Array.from({ length: nt }, (_, j) => j).filter((j) => !inTest[j]);
      const { alpha } = solveKliep(takeRows(A, train), b, solver);
      const held = takeRows(A, test);
      let s = 0;
      for (let j = 0; j < held.rows; j++) {
        let w = 0;
        for (let l = 0; l < held.cols; l++) w += held.data[j * held.cols + l] * alpha[l];
        s += Math.log(Math.max(w, 1e-300));
      }
      total += s / held.rows;
    }
    return total / foldTests.length;
  });
  return { sigmas: [...sigmas], scores };
}
