import { Random, type DenseMatrix } from '@tlkit/tensor-core';

/** ‖a_i − b_j‖² for every row pair (rows of A × rows of B), clamped at 0 against rounding. */
export function squaredDistances(A: DenseMatrix, B: DenseMatrix): DenseMatrix {
  const d = A.cols;
  const out = new Float64Array(A.rows * B.rows);
  for (let i = 0; i < A.rows; i++) {
    const oa = i * d;
    for (let j = 0; j < B.rows; j++) {
      const ob = j * d;
      let s = 0;
      for (let c = 0; c < d; c++) {
        const t = A.data[oa + c] - B.data[ob + c];
        s += t * t;
      }
      out[i * B.rows + j] = s;
    }
  }
  return { rows: A.rows, cols: B.rows, data: out };
}

/** The Gaussian kernel exp(−‖a − b‖²/(2σ²)) from squared distances. */
export function gaussianFromDistances(D2: DenseMatrix, sigma: number): DenseMatrix {
  const g = 1 / (2 * sigma * sigma);
  return { rows: D2.rows, cols: D2.cols, data: D2.data.map((v) => Math.exp(-g * v)) };
}

export function gaussianKernel(A: DenseMatrix, B: DenseMatrix, sigma: number): DenseMatrix {
  return gaussianFromDistances(squaredDistances(A, B), sigma);
}

/**
 * The median heuristic (Gretton et al.; Schölkopf & Smola): σ = the median Euclidean distance between distinct rows of
 * X, over at most `maxRows` rows drawn with the seed. Falls back to 1 when every row is the same.
 */
export function medianDistance(X: DenseMatrix, seed: number, maxRows = 500): number {
  const idx = X.rows > maxRows ? new Random(seed).sample(X.rows, maxRows) : Int32Array.from({ length: X.rows }, (_, i) => i);
  const d = X.cols;
  const values: number[] = [];
  for (let a = 0; a < idx.length; a++) {
    for (let b = a + 1; b < idx.length; b++) {
      let s = 0;
      for (let c = 0; c < d; c++) {
        const t = X.data[idx[a] * d + c] - X.data[idx[b] * d + c];
        s += t * t;
      }
      values.push(Math.sqrt(s));
    }
  }
  if (values.length === 0) return 1;
  values.sort((p, q) => p - q);
  const mid = values.length >> 1;
  const median = values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  return median > 0 ? median : 1;
}

/** 2^{k/2} for k = −4…4: σ from a quarter to four times the median distance. */
export const WIDTH_FACTORS: readonly number[] = Array.from({ length: 9 }, (_, i) => 2 ** ((i - 4) / 2));

/** 2^k for k = −2…2: the same span in coarser steps, for methods whose every width costs an iterative fit per fold. */
export const COARSE_WIDTH_FACTORS: readonly number[] = [0.25, 0.5, 1, 2, 4];
