/** Two-sided 95% Student t quantiles t_{0.975, df} for df = 1…30 (beyond, the normal 1.96 plus a small correction). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function tQuantile975(df: number): number {
  if (df < 1) return NaN;
  if (df <= 30) return T975[df - 1];
  return 1.96 + 2.4 / df;
}

export interface Summary {
  readonly mean: number;
  /** Sample standard deviation (n − 1). */
  readonly std: number;
  /** 95% confidence interval of the mean (Student t). */
  readonly ci: readonly [number, number];
  readonly n: number;
}

export function summarise(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN, ci: [NaN, NaN], n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  const half = n > 1 ? (tQuantile975(n - 1) * std) / Math.sqrt(n) : Infinity;
  return { mean, std, ci: [mean - half, mean + half], n };
}

export type Verdict = 'helped' | 'no clear difference' | 'hurt';

/**
 * The verdict of a paired comparison: the 95% CI of the mean per-draw difference (method − baseline) lies wholly on
 * the better side (helped), wholly on the worse side (hurt: negative transfer), or covers zero.
 */
export function verdictOf(differences: readonly number[], lowerIsBetter: boolean): { verdict: Verdict; difference: Summary } {
  const difference = summarise(differences);
  const [lo, hi] = difference.ci;
  const better = lowerIsBetter ? hi < 0 : lo > 0;
  const worse = lowerIsBetter ? lo > 0 : hi < 0;
  return { verdict: better ? 'helped' : worse ? 'hurt' : 'no clear difference', difference };
}
