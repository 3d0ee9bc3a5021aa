/** A "nice" step for about `count` ticks over a span: 1, 2, 2.5 or 5 times a power of ten. */
function niceStep(span: number, count = 5): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * power;
}

/** Ticks at multiples of a nice step inside [lo, hi], and the decimals that write them exactly. */
export function niceTicks(lo: number, hi: number, count = 5): { ticks: number[]; decimals: number } {
  const step = niceStep(hi - lo, count);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9) + (step / 10 ** Math.floor(Math.log10(step)) === 2.5 ? 1 : 0));
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toFixed(decimals + 2)));
  return { ticks, decimals };
}

/** Where the target sizes go on the x axis: true positions, on a log scale when they span a decade or more. */
export interface SizeAxis {
  readonly log: boolean;
  /** A fraction 0…1 of the plot's width for a size. */
  readonly position: (size: number) => number;
  /** Where an axis break is drawn (between 0 and the log-scaled sizes), as a fraction; undefined without one. */
  readonly breakAt?: number;
}

export function sizeAxis(sizes: readonly number[]): SizeAxis {
  const sorted = [...new Set(sizes)].sort((a, b) => a - b);
  if (sorted.length <= 1) return { log: false, position: () => 0.5 };
  const positive = sorted.filter((k) => k > 0);
  const log = positive.length >= 2 && positive[positive.length - 1] / positive[0] >= 10;
  if (!log) {
    const lo = sorted[0];
    const hi = sorted[sorted.length - 1];
    return { log, position: (k) => (k - lo) / (hi - lo) };
  }
  const hasZero = sorted[0] <= 0;
  // 0 has no place on a log axis: it gets its own slot on the left, with a break mark.
  const start = hasZero ? 0.12 : 0;
  const lo = Math.log(positive[0]);
  const hi = Math.log(positive[positive.length - 1]);
  return {
    log,
    position: (k) => (k <= 0 ? 0 : start + ((1 - start) * (Math.log(k) - lo)) / (hi - lo)),
    breakAt: hasZero ? start / 2 : undefined,
  };
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const i = Math.floor(at);
  return i + 1 < sorted.length ? sorted[i] + (at - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

/**
 * The range outside which a mean is drawn off the scale, so that one far-off method does not flatten the others:
 * Tukey's fences at `k` interquartile ranges beyond the quartiles (k = 5: only gross outliers), the spread never
 * taken below 5% of the median's size. No fence when it would leave out more than a third of the points or shrink
 * the scale less than 1.5 times.
 */
export function outlierFences(values: readonly number[], k = 5): [number, number] {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length < 4) return [-Infinity, Infinity];
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const spread = Math.max(q3 - q1, 0.05 * Math.abs(quantile(sorted, 0.5)), 1e-12);
  const lo = q1 - k * spread;
  const hi = q3 + k * spread;
  const inside = sorted.filter((v) => v >= lo && v <= hi);
  const full = sorted[sorted.length - 1] - sorted[0];
  const kept = inside.length > 0 ? inside[inside.length - 1] - inside[0] : 0;
  if (inside.length < (2 * sorted.length) / 3 || full < 1.5 * kept) return [-Infinity, Infinity];
  return [lo, hi];
}
