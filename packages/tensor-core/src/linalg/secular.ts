/**
 * The eigenvalues of D + ρ·z·zᵀ (D = diag(dk) strictly increasing, ρ > 0, every z_j ≠ 0) and the eigenvectors
 * that belong to them, by the secular equation f(λ) = 1 + ρ·Σ z_j²/(d_j − λ) = 0 (Golub 1973; Bunch, Nielsen &
 * Sorensen 1978). Root i lies in (d_i, d_{i+1}) (the last one in (d_{K−1}, d_{K−1} + ρ·‖z‖²)) and is stored as a
 * shift τ_i from its nearer pole d_{o_i}, so that every difference d_j − λ_i = (d_j − d_{o_i}) − τ_i keeps its
 * relative accuracy. The vectors use Löwner's formula for the z that the computed roots solve exactly (Gu &
 * Eisenstat 1995), which keeps them orthogonal however close the roots are.
 */
export interface SecularRoots {
  /** λ_i = dk[origin[i]] + tau[i], ascending. */
  readonly origin: Int32Array;
  readonly tau: Float64Array;
}

const EPS = 2 ** -52;

export function secularRoots(dk: Float64Array, z: Float64Array, rho: number): SecularRoots {
  const K = dk.length;
  const origin = new Int32Array(K);
  const tau = new Float64Array(K);
  const delta = new Float64Array(K);
  let zz = 0;
  for (let j = 0; j < K; j++) zz += z[j] * z[j];
  for (let i = 0; i < K; i++) {
    let o = i;
    let lo: number;
    let hi: number;
    if (i < K - 1) {
      const gap = dk[i + 1] - dk[i];
      for (let j = 0; j < K; j++) delta[j] = dk[j] - dk[i];
      if (secular(delta, z, rho, gap / 2, i).f >= 0) {
        lo = 0;
        hi = gap / 2;
      } else {
        o = i + 1;
        for (let j = 0; j < K; j++) delta[j] = dk[j] - dk[i + 1];
        lo = -gap / 2;
        hi = 0;
      }
    } else {
      for (let j = 0; j < K; j++) delta[j] = dk[j] - dk[i];
      lo = 0;
      hi = rho * zz;
    }
    origin[i] = o;
    tau[i] = solveRoot(delta, z, rho, i, lo, hi);
  }
  return { origin, tau };
}

interface SecularValue {
  readonly f: number;
  /** ψ and ψ′: the terms of poles j ≤ i; φ and φ′: the terms of poles j > i. */
  readonly psi: number;
  readonly dpsi: number;
  readonly phi: number;
  readonly dphi: number;
}

function secular(delta: Float64Array, z: Float64Array, rho: number, t: number, i: number): SecularValue {
  let psi = 0;
  let dpsi = 0;
  let phi = 0;
  let dphi = 0;
  for (let j = 0; j <= i; j++) {
    const q = z[j] / (delta[j] - t);
    psi += z[j] * q;
    dpsi += q * q;
  }
  for (let j = i + 1; j < delta.length; j++) {
    const q = z[j] / (delta[j] - t);
    phi += z[j] * q;
    dphi += q * q;
  }
  psi *= rho;
  dpsi *= rho;
  phi *= rho;
  dphi *= rho;
  return { f: 1 + psi + phi, psi, dpsi, phi, dphi };
}

/**
 * The root of f in the open bracket (lo, hi) between the poles δ_i and δ_{i+1} (or past the last pole), by
 * rational interpolation of ψ and φ with one pole each, matched in value and slope at the current point (quadratic
 * convergence), kept inside a shrinking bracket and falling back to bisection whenever a step would leave it.
 */
function solveRoot(delta: Float64Array, z: Float64Array, rho: number, i: number, lo: number, hi: number): number {
  const K = delta.length;
  const a = delta[i];
  const b = i + 1 < K ? delta[i + 1] : Infinity;
  let t = (lo + hi) / 2;
  for (let iter = 0; iter < 200; iter++) {
    const v = secular(delta, z, rho, t, i);
    if (v.f === 0) return t;
    if (v.f < 0) lo = t;
    else hi = t;
    const bound = EPS * (8 * (1 + Math.abs(v.psi) + Math.abs(v.phi)) + Math.abs(t) * (v.dpsi + v.dphi));
    if (Math.abs(v.f) <= bound) return t;
    if (hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi))) return (lo + hi) / 2;
    let next = interpolate(v, a, b, t);
    // Bisect every few steps too, so a slowly converging interpolation still shrinks the bracket geometrically.
    if (!(next > lo && next < hi) || iter % 8 === 7) next = (lo + hi) / 2;
    if (next === t) return t;
    t = next;
  }
  return t;
}

/** The zero of c0 + s1/(a − x) + s2/(b − x) nearest the bracket, the one-pole-each model of f at t. */
function interpolate(v: SecularValue, a: number, b: number, t: number): number {
  const s1 = v.dpsi * (a - t) * (a - t);
  const c0base = v.f - s1 / (a - t);
  if (b === Infinity) {
    // Only ψ: c0 + s1/(a − x) = 0.
    const c0 = c0base;
    return c0 === 0 ? NaN : a + s1 / c0;
  }
  const s2 = v.dphi * (b - t) * (b - t);
  const c0 = c0base - s2 / (b - t);
  // c0·x² − (c0(a+b) + s1 + s2)·x + (c0·ab + s1·b + s2·a) = 0, solved stably.
  const B = -(c0 * (a + b) + s1 + s2);
  const C = c0 * a * b + s1 * b + s2 * a;
  if (c0 === 0) return B === 0 ? NaN : -C / B;
  const disc = B * B - 4 * c0 * C;
  if (disc < 0) return NaN;
  const q = B >= 0 ? -0.5 * (B + Math.sqrt(disc)) : -0.5 * (B - Math.sqrt(disc));
  const x1 = q / c0;
  const x2 = q === 0 ? NaN : C / q;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const inside = (x: number): boolean => x > lo && x < hi;
  if (inside(x1) && !inside(x2)) return x1;
  if (inside(x2) && !inside(x1)) return x2;
  return Math.abs(x1 - t) < Math.abs(x2 - t) ? x1 : x2;
}

/** d_j − λ_i for the stored roots. */
function poleGap(dk: Float64Array, roots: SecularRoots, j: number, i: number): number {
  return dk[j] - dk[roots.origin[i]] - roots.tau[i];
}

/**
 * The K×K eigenvector matrix (row-major, column i for root i) of D + ρ·ẑ·ẑᵀ, with ẑ from Löwner's formula
 * ẑ_j² = Π_i (λ_i − d_j) / (ρ·Π_{i≠j} (d_i − d_j)), signs taken from z, written at out[offset…] with component j
 * in row rowOf[j].
 */
export function secularVectors(
  dk: Float64Array,
  z: Float64Array,
  rho: number,
  roots: SecularRoots,
  rowOf: Int32Array,
  out: Float64Array,
  offset: number,
): void {
  const K = dk.length;
  const zhat = new Float64Array(K);
  for (let j = 0; j < K; j++) {
    // Paired factors, each positive and of moderate size: (λ_{K−1} − d_j)/ρ · Π_{i<j} (λ_i − d_j)/(d_i − d_j)
    // · Π_{j≤i<K−1} (λ_i − d_j)/(d_{i+1} − d_j).
    let p = -poleGap(dk, roots, j, K - 1) / rho;
    for (let i = 0; i < j; i++) p *= -poleGap(dk, roots, j, i) / (dk[i] - dk[j]);
    for (let i = j; i < K - 1; i++) p *= -poleGap(dk, roots, j, i) / (dk[i + 1] - dk[j]);
    zhat[j] = Math.sign(z[j]) * Math.sqrt(Math.max(p, 0));
  }
  const column = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    let norm = 0;
    for (let j = 0; j < K; j++) {
      const u = zhat[j] / poleGap(dk, roots, j, i);
      column[j] = u;
      norm += u * u;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let j = 0; j < K; j++) out[offset + rowOf[j] * K + i] = column[j] * inv;
  }
}
