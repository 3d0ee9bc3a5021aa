import { BadDataError, ShapeMismatchError, toVector, type VectorInput } from '@tlkit/tensor-core';

/** Checks a regularisation strength: a number ≥ 0 (Infinity allowed: the prior model itself). */
export function checkAlpha(fn: string, alpha: unknown, name = 'alpha'): number {
  if (typeof alpha !== 'number') throw new TypeError(`${fn}: ${name} must be a number, got ${typeof alpha}`);
  if (Number.isNaN(alpha) || alpha < 0) throw new RangeError(`${fn}: ${name} must be ≥ 0, got ${alpha}`);
  return alpha;
}

/** Sample weights: one finite, non-negative value per row, not all zero. */
export function checkSampleWeight(fn: string, weights: VectorInput | undefined, n: number): Float64Array | undefined {
  if (weights === undefined) return undefined;
  const w = toVector(weights, { fn, arg: 'sampleWeight' });
  if (w.length !== n) throw new ShapeMismatchError(`${fn}: sampleWeight has ${w.length} rows, X has ${n}`);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (w[i] < 0) throw new BadDataError(`${fn}: sampleWeight is negative (${w[i]}) at row ${i}`, { row: i });
    sum += w[i];
  }
  if (!(sum > 0)) throw new RangeError(`${fn}: sampleWeight sums to 0`);
  return w;
}
