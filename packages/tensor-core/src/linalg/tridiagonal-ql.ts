/**
 * Implicit QL with Wilkinson shifts on a symmetric tridiagonal matrix (diagonal d, off-diagonal e with e[i] joining
 * i and i+1; e[n−1] is scratch), as in EISPACK's tql1/tql2. On return d holds the eigenvalues (unsorted) and e is
 * destroyed. When `rows` is given, every rotation is also applied to rows i and i+1 of that row-major block of
 * `width` columns: starting from Qᵀ·B (or Qᵀ itself) it ends as Zᵀ·Qᵀ·B, Z the tridiagonal's eigenvectors, so the
 * rows follow the eigenvalues in d.
 */
export function tridiagonalQL(d: Float64Array, e: Float64Array, n: number, rows?: Float64Array, width = 0): void {
  if (n === 0) return;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new Error('symmetricEigen: QL iteration did not converge');
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          if (rows) rotateRows(rows, width, i, c, s);
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

/**
 * √(a² + b²) without Math.hypot's cost (V8's handles any number of arguments and is several times slower), falling
 * back to it only where the squares would over- or underflow.
 */
function hypot(a: number, b: number): number {
  const s = a * a + b * b;
  return s > 1e-290 && s < 1e290 ? Math.sqrt(s) : Math.hypot(a, b);
}

/** Rows i and i+1 of a row-major block ← the plane rotation (c, s) of tql2. */
function rotateRows(w: Float64Array, width: number, i: number, c: number, s: number): void {
  const oi = i * width;
  const oi1 = oi + width;
  for (let k = 0; k < width; k++) {
    const wk1 = w[oi1 + k];
    const wk = w[oi + k];
    w[oi1 + k] = s * wk + c * wk1;
    w[oi + k] = c * wk - s * wk1;
  }
}

/** Indices that sort `values` ascending (stable). */
export function ascendingOrder(values: ArrayLike<number>): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
}
