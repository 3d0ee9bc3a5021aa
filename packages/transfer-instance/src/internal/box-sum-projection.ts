/**
 * Euclidean projection onto {x : 0 ≤ x_i ≤ upper, low ≤ Σx ≤ high}: x_i = clip(v_i − τ, 0, upper) with τ = 0 when the
 * clipped sum already lies in [low, high], else the τ (found by bisection, then solved exactly on its linear piece)
 * that puts the sum on the violated bound.
 */
export function projectBoxSum(v: Float64Array, upper: number, low: number, high: number, out: Float64Array): void {
  const n = v.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const c = v[i] < 0 ? 0 : v[i] > upper ? upper : v[i];
    out[i] = c;
    sum += c;
  }
  if (sum >= low && sum <= high) return;
  const target = sum > high ? high : low;
  const clippedSum = (tau: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const t = v[i] - tau;
      s += t < 0 ? 0 : t > upper ? upper : t;
    }
    return s;
  };
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, v[i] - upper);
    hi = Math.max(hi, v[i]);
  }
  // s(lo) = n·upper ≥ target ≥ 0 = s(hi); s is non-increasing in τ.
  for (let it = 0; it < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo), Math.abs(hi)); it++) {
    const mid = 0.5 * (lo + hi);
    if (clippedSum(mid) > target) lo = mid;
    else hi = mid;
  }
  let tau = 0.5 * (lo + hi);
  // On the linear piece around τ: s(τ) = upper·|{v_i − τ ≥ upper}| + Σ_free (v_i − τ); solve s(τ) = target exactly.
  let free = 0;
  let freeSum = 0;
  let atUpper = 0;
  for (let i = 0; i < n; i++) {
    const t = v[i] - tau;
    if (t >= upper) atUpper++;
    else if (t > 0) {
      free++;
      freeSum += v[i];
    }
  }
  if (free > 0) {
    const exact = (freeSum + upper * atUpper - target) / free;
    if (exact >= lo && exact <= hi) tau = exact;
  }
  for (let i = 0; i < n; i++) {
    const t = v[i] - tau;
    out[i] = t < 0 ? 0 : t > upper ? upper : t;
  }
}
