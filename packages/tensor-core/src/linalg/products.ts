import type { DenseMatrix } from '../dense-matrix.js';

/** G = XᵀX (d×d, both triangles filled), accumulated row by row so the inner loop is contiguous. */
export function gram(X: DenseMatrix): DenseMatrix {
  const { rows: n, cols: d, data: x } = X;
  const g = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let a = 0; a < d; a++) {
      const xa = x[o + a];
      if (xa === 0) continue;
      const ga = a * d;
      for (let b = a; b < d; b++) g[ga + b] += xa * x[o + b];
    }
  }
  mirrorUpper(g, d);
  return { rows: d, cols: d, data: g };
}

/** C = XᵀY (d×k) for X n×d and Y n×k. */
export function crossProduct(X: DenseMatrix, Y: DenseMatrix): DenseMatrix {
  if (X.rows !== Y.rows) throw new RangeError(`crossProduct: X has ${X.rows} rows, Y has ${Y.rows}`);
  const { rows: n, cols: d } = X;
  const k = Y.cols;
  const c = new Float64Array(d * k);
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    const yo = i * k;
    for (let a = 0; a < d; a++) {
      const xa = X.data[xo + a];
      if (xa === 0) continue;
      const co = a * k;
      for (let b = 0; b < k; b++) c[co + b] += xa * Y.data[yo + b];
    }
  }
  return { rows: d, cols: k, data: c };
}

/** K = XXᵀ (n×n), the Gram matrix of the rows. */
export function outerGram(X: DenseMatrix): DenseMatrix {
  const { rows: n, cols: d, data: x } = X;
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    for (let j = i; j < n; j++) {
      const oj = j * d;
      let s = 0;
      for (let a = 0; a < d; a++) s += x[oi + a] * x[oj + a];
      k[i * n + j] = s;
    }
  }
  mirrorUpper(k, n);
  return { rows: n, cols: n, data: k };
}

/** Copies the upper triangle of a square row-major matrix into the lower one. */
export function mirrorUpper(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[j * n + i] = a[i * n + j];
}
