/** Euclidean projection of v onto the probability simplex {x ≥ 0, Σx = 1} (Duchi, Shalev-Shwartz, Singer & Chandra 2008). */
export function projectSimplex(v: Float64Array, out: Float64Array): void {
  const n = v.length;
  const u = Float64Array.from(v).sort().reverse();
  let cumulative = 0;
  let theta = 0;
  for (let k = 0; k < n; k++) {
    cumulative += u[k];
    const t = (cumulative - 1) / (k + 1);
    if (u[k] - t > 0) theta = t;
  }
  for (let i = 0; i < n; i++) out[i] = Math.max(v[i] - theta, 0);
}
