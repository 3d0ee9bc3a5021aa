/**
 * Squares of numbers past 2^500 (about 3e150) overflow fp64 and squares below 2^-500 lose their digits; sums of
 * squares of such numbers are taken in units of a power of two near their size instead (dividing by a power of
 * two is exact), so that |x| up to the end of fp64's range survives. Ordinary numbers keep the unit 1, so their
 * arithmetic is exactly what it would be without this.
 */
const LARGE = 2 ** 500;
const SMALL = 2 ** -500;

/** 1 for ordinary magnitudes; otherwise the power of two at or below `maxAbs`, the unit its squares are summed in. */
export function squaringUnit(maxAbs: number): number {
  if (!(maxAbs > LARGE || (maxAbs > 0 && maxAbs < SMALL)) || !Number.isFinite(maxAbs)) return 1;
  return 2 ** Math.floor(Math.log2(maxAbs));
}

/** Σ v_i² / n as (mean square in units², unit): no overflow or underflow in the squares. */
function scaledMeanSquare(values: ArrayLike<number>): { meanSquare: number; unit: number } {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]));
  const unit = squaringUnit(max);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] / unit) ** 2;
  return { meanSquare: s / values.length, unit };
}

/** Σ v_i² / n (Infinity only when the result itself is past fp64's range). */
export function meanSquare(values: ArrayLike<number>): number {
  const { meanSquare: m, unit } = scaledMeanSquare(values);
  return m * unit * unit;
}

/** √(Σ v_i² / n), finite whenever the values are. */
export function rootMeanSquare(values: ArrayLike<number>): number {
  const { meanSquare: m, unit } = scaledMeanSquare(values);
  return unit * Math.sqrt(m);
}

/** Σ |v_i| / n without overflow in the sum. */
export function meanAbsolute(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]));
  const unit = squaringUnit(max);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.abs(values[i] / unit);
  return (s / values.length) * unit;
}
