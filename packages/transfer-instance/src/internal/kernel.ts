import { Random, type DenseMatrix } from '@tlkit/tensor-core';

/** ‖a_i − b_j‖² for every row pair (rows of A × rows of B), clamped at 0 against rounding. */
export function squaredDistances(A: DenseMatrix, B: DenseMatrix): DenseMatrix {
  const d = A.cols;
  const a = A.data;
  const b = B.data;
  const m = B.rows;
  const out = new Float64Array(A.rows * m);
  for (let i = 0; i < A.rows; i++) {
    const oa = i * d;
    for (let j = 0; j < m; j++) {
      const ob = j * d;
      let s = 0;
      for (let c = 0; c < d; c++) {
        const t = a[oa + c] - b[ob + c];
        s += t * t;
      }
      out[i * m + j] = s;
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
  const n = idx.length;
  // The drawn rows side by side, so that the pair loop reads one local array.
  const rows = new Float64Array(n * d);
  for (let a = 0; a < n; a++) rows.set(X.data.subarray(idx[a] * d, idx[a] * d + d), a * d);
  const values = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let a = 0; a < n; a++) {
    const oa = a * d;
    for (let b = a + 1; b < n; b++) {
      const ob = b * d;
      let s = 0;
      for (let c = 0; c < d; c++) {
        const t = rows[oa + c] - rows[ob + c];
        s += t * t;
      }
      values[k++] = Math.sqrt(s);
    }
  }
  if (values.length === 0) return 1;
  values.sort();
  const mid = values.length >> 1;
  const median = values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  return median > 0 ? median : 1;
}

/** Candidate kernel widths: each factor times the median distance of X (computed once for the whole grid). */
export function medianWidths(X: DenseMatrix, seed: number, factors: readonly number[]): number[] {
  const median = medianDistance(X, seed);
  return factors.map((f) => f * median);
}

/** 2^{k/2} for k = −4…4: σ from a quarter to four times the median distance. */
export const WIDTH_FACTORS: readonly number[] = Array.from({ length: 9 }, (_, i) => 2 ** ((i - 4) / 2));

/** 2^k for k = −2…2: the same span in coarser steps, for methods whose every width costs an iterative fit per fold. */
export const COARSE_WIDTH_FACTORS: readonly number[] = [0.25, 0.5, 1, 2, 4];
