import { kFold, type Split } from '@tlkit/tensor-core';
import { checkLossesAndWeights } from './weighted-risk.js';

/**
 * The importance-weighted estimate of the target risk from labelled source rows (Sugiyama, Krauledat & Müller 2007):
 * (1/n)·Σ w(x_i)·ℓ_i with w = p_target/p_source, unbiased under covariate shift; `selfNormalised` divides by Σw
 * instead of n (biased but steadier when the weights do not average 1).
 */
export function importanceWeightedRisk(
  losses: ArrayLike<number>,
  weights: ArrayLike<number>,
  options: { selfNormalised?: boolean } = {},
): number {
  checkLossesAndWeights('importanceWeightedRisk', losses, weights);
  let total = 0;
  let weightSum = 0;
  for (let i = 0; i < losses.length; i++) {
    total += weights[i] * losses[i];
    weightSum += weights[i];
  }
  if (options.selfNormalised) {
    if (!(weightSum > 0)) throw new RangeError('importanceWeightedRisk: the weights sum to 0');
    return total / weightSum;
  }
  return total / losses.length;
}

export interface IwcvOptions {
  /** Folds over the source rows (default 5), or the folds themselves. */
  readonly folds?: number | readonly Split[];
  readonly seed?: number;
  readonly selfNormalised?: boolean;
}

/**
 * Importance-weighted cross-validation (IWCV, Sugiyama et al. 2007): k-fold over the labelled source rows, each held-out
 * loss weighted by its row's importance weight, pooled over folds. `lossesOf(train, test)` fits the candidate on the
 * training rows and returns the losses of the test rows (in `test` order).
 */
export function importanceWeightedCV(
  n: number,
  weights: ArrayLike<number>,
  lossesOf: (train: Int32Array, test: Int32Array) => ArrayLike<number>,
  options: IwcvOptions = {},
): number {
  const fn = 'importanceWeightedCV';
  if (weights.length !== n) throw new RangeError(`${fn}: weights has ${weights.length} rows, expected ${n}`);
  const folds = typeof options.folds === 'object' ? options.folds : kFold(n, Math.min(options.folds ?? 5, n), { seed: options.seed ?? 0 });
  const losses = new Float64Array(n);
  const seen = new Uint8Array(n);
  for (const { train, test } of folds) {
    const l = lossesOf(train, test);
    if (l.length !== test.length) throw new RangeError(`${fn}: lossesOf returned ${l.length} losses for ${test.length} test rows`);
    test.forEach((row, k) => {
      losses[row] = l[k];
      seen[row] = 1;
    });
  }
  const rows = Int32Array.from({ length: n }, (_, i) => i).filter((i) => seen[i]);
  return importanceWeightedRisk(
    Float64Array.from(rows, (i) => losses[i]),
    Float64Array.from(rows, (i) => weights[i]),
    { selfNormalised: options.selfNormalised },
  );
}
