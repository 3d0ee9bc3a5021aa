import type { DenseMatrix } from '../dense-matrix.js';
import { FAST_PRODUCT_MIN, fastCrossProduct, fastOuterGram } from './fast-products.js';
import { usePlain, type LinalgOptions } from './options.js';

export interface GramOptions extends LinalgOptions {
  /** Subtract this row vector from every row first: (X − 1·centerᵀ)ᵀ(X − 1·centerᵀ), without a centred copy. */
  readonly center?: ArrayLike<number>;
}

/** G = XᵀX (d×d, both triangles filled), or the Gram matrix of X's rows minus `center`. */
export function gram(X: DenseMatrix, options: GramOptions = {}): DenseMatrix {
  const { rows: n, cols: d } = X;
  if (options.center && options.center.length !== d)
    throw new RangeError(`gram: center has ${options.center.length} entries, X has ${d} columns`);
  if (!usePlain(options) && n * d * d >= FAST_PRODUCT_MIN) {
    const fast = fastCrossProduct(X, undefined, options.center);
    if (fast) return fast;
  }
  const x = options.center ? shifted(X, options.center) : X.data;
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
export function crossProduct(X: DenseMatrix, Y: DenseMatrix, options: LinalgOptions = {}): DenseMatrix {
  if (X.rows !== Y.rows) throw new RangeError(`crossProduct: X has ${X.rows} rows, Y has ${Y.rows}`);
  const { rows: n, cols: d } = X;
  const k = Y.cols;
  if (!usePlain(options) && n * d * k >= FAST_PRODUCT_MIN) {
    const fast = fastCrossProduct(X, Y);
    if (fast) return fast;
  }
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

/** K = XXᵀ (n×n), the Gram matrix of the rows (minus `center` per row when given). */
export function outerGram(X: DenseMatrix, options: GramOptions = {}): DenseMatrix {
  const { rows: n, cols: d } = X;
  if (options.center && options.center.length !== d)
    throw new RangeError(`outerGram: center has ${options.center.length} entries, X has ${d} columns`);
  if (!usePlain(options) && n * n * d >= FAST_PRODUCT_MIN) {
    const fast = fastOuterGram(X, options.center);
    if (fast) return fast;
  }
  const x = options.center ? shifted(X, options.center) : X.data;
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

function shifted(X: DenseMatrix, center: ArrayLike<number>): Float64Array {
  const d = X.cols;
  return X.data.map((v, k) => v - center[k % d]);
}

/** Copies the upper triangle of a square row-major matrix into the lower one. */
export function mirrorUpper(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[j * n + i] = a[i * n + j];
}
