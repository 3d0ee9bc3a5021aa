import { Random } from '@tlkit/tensor-core';
import type { MetricName } from './methods/scoring.js';

/** One draw as the bootstrap needs it: its test rows (indices into the target pool) and each method's value per row. */
export interface DrawRecord {
  readonly test: Int32Array;
  /** Per method: squared error per test row (rmse) or 1/0 for a right/wrong class (accuracy). */
  readonly values: ReadonlyMap<string, Float64Array>;
}

export interface BootstrapOptions {
  readonly replicates: number;
  readonly seed: number;
}

/** The metric of one draw from its rows' values, each row weighted. */
function drawMetric(metric: MetricName, values: Float64Array, test: Int32Array, weights: Float64Array, weightSum: number): number {
  let s = 0;
  for (let i = 0; i < test.length; i++) s += weights[test[i]] * values[i];
  return metric === 'rmse' ? Math.sqrt(s / weightSum) : s / weightSum;
}

/**
 * A two-level paired bootstrap of the experiment's mean metric (the mean over draws of each draw's RMSE or accuracy
 * on its test rows), for every method at once. Each replicate
 *   1. reweights the rows of the target pool with Bayesian-bootstrap weights (Rubin 1981: i.i.d. exponential, i.e.
 *      Dirichlet(1, …, 1) once normalised) — the test rows are a sample of the target population, and the draws share
 *      them, so one set of weights serves every draw and every method;
 *   2. resamples the draws with replacement — the labelled rows drawn are a sample of the possible draws;
 * and recomputes each draw's metric with the weights (RMSE = √(weighted mean squared error)) and their mean over the
 * resampled draws. Differences of two methods' replicates are paired: same weights, same draws. Seeded.
 */
export function bootstrapReplicates(
  draws: readonly DrawRecord[],
  poolSize: number,
  methods: readonly string[],
  metric: MetricName,
  options: BootstrapOptions,
): Map<string, Float64Array> {
  const rng = new Random(options.seed);
  const B = options.replicates;
  const R = draws.length;
  const out = new Map(methods.map((m) => [m, new Float64Array(B)]));
  const weights = new Float64Array(poolSize);
  const counts = new Int32Array(R);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < poolSize; j++) weights[j] = -Math.log(1 - rng.next());
    counts.fill(0);
    for (let r = 0; r < R; r++) counts[rng.int(R)]++;
    for (let r = 0; r < R; r++) {
      if (counts[r] === 0) continue;
      const { test, values } = draws[r];
      let weightSum = 0;
      for (let i = 0; i < test.length; i++) weightSum += weights[test[i]];
      for (const m of methods) {
        const v = values.get(m);
        if (!v) continue;
        const stat = out.get(m) as Float64Array;
        stat[b] += (counts[r] * drawMetric(metric, v, test, weights, weightSum)) / R;
      }
    }
  }
  return out;
}

/** The two-sided percentile interval at `level` of bootstrap replicates. */
export function percentileInterval(replicates: Float64Array, level: number): [number, number] {
  const sorted = Float64Array.from(replicates).sort();
  const n = sorted.length;
  const at = (q: number) => {
    const pos = q * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(n - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  };
  const tail = (1 - level) / 2;
  return [at(tail), at(1 - tail)];
}

/**
 * One-sided bootstrap p-values that a paired difference (replicates of a − b) is below zero and above zero, with the
 * usual +1 correction so that none is 0. The percentile interval at level 1 − 2p just touches zero.
 */
export function tailProbabilities(differences: Float64Array): { below: number; above: number } {
  let atOrAbove = 0;
  let atOrBelow = 0;
  for (const d of differences) {
    if (d >= 0) atOrAbove++;
    if (d <= 0) atOrBelow++;
  }
  const n = differences.length;
  return { below: (1 + atOrAbove) / (n + 1), above: (1 + atOrBelow) / (n + 1) };
}
