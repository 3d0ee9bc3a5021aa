export interface Summary {
  readonly mean: number;
  /** Sample standard deviation (n − 1). */
  readonly std: number;
  readonly n: number;
}

/** Mean and sample standard deviation of the per-draw scores (the intervals come from the bootstrap). */
export function summarise(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}
