import { maxOf } from '@tlkit/tensor-core';
import { spearman } from './rank-correlation.js';
import { summarise } from './statistics.js';

/** One draw of a label-free choice: each candidate's label-free risk and its realised metric on the test rows. */
export interface LabelFreeDraw {
  readonly chosen: string;
  readonly risk: Readonly<Record<string, number>>;
  readonly truth: Readonly<Record<string, number>>;
}

/**
 * How well a label-free scorer ranked the candidates against the truth on the test rows (which the scorer never saw):
 * per draw, Spearman's ρ between the scorer's order (least risk first) and the realised order (best metric first); the
 * regret of the choice against the best candidate of that draw.
 */
export interface LabelFreeRanking {
  readonly method: string;
  readonly size: number;
  readonly scorer: string;
  readonly candidates: readonly string[];
  /** Mean over draws of each candidate's label-free risk. */
  readonly meanRisk: Readonly<Record<string, number>>;
  /** Mean over draws of each candidate's realised metric on the test rows. */
  readonly meanMetric: Readonly<Record<string, number>>;
  /** Spearman's ρ per draw (NaN where all risks or all metrics tie), and their mean over the draws where it exists. */
  readonly spearman: readonly number[];
  readonly meanSpearman: number;
  /** Draws in which the scorer chose the candidate that was best on the test rows. */
  readonly pickedBest: number;
  /** Mean over draws of |metric(chosen) − metric(best candidate)|: what choosing without labels cost. */
  readonly meanRegret: number;
  readonly draws: number;
  /** Times each candidate was chosen. */
  readonly chosen: Readonly<Record<string, number>>;
}

export function rankLabelFree(
  method: string,
  size: number,
  scorer: string,
  draws: readonly LabelFreeDraw[],
  lowerIsBetter: boolean,
): LabelFreeRanking {
  const candidates = [...new Set(draws.flatMap((d) => Object.keys(d.truth)))];
  const mean = (pick: (d: LabelFreeDraw) => number | undefined) => {
    const v = draws.map(pick).filter((x): x is number => x !== undefined && Number.isFinite(x));
    return v.length > 0 ? summarise(v).mean : NaN;
  };
  const rhos: number[] = [];
  const regrets: number[] = [];
  const chosen: Record<string, number> = {};
  let pickedBest = 0;
  for (const d of draws) {
    const names = candidates.filter((c) => Number.isFinite(d.truth[c]) && Number.isFinite(d.risk[c]));
    const quality = names.map((c) => (lowerIsBetter ? -d.truth[c] : d.truth[c]));
    rhos.push(
      names.length >= 2
        ? spearman(
            names.map((c) => -d.risk[c]),
            quality,
          )
        : NaN,
    );
    const best = maxOf(quality);
    const mine = lowerIsBetter ? -d.truth[d.chosen] : d.truth[d.chosen];
    if (Number.isFinite(mine)) {
      regrets.push(best - mine);
      if (mine === best) pickedBest++;
    }
    chosen[d.chosen] = (chosen[d.chosen] ?? 0) + 1;
  }
  const finite = rhos.filter(Number.isFinite);
  return {
    method,
    size,
    scorer,
    candidates,
    meanRisk: Object.fromEntries(candidates.map((c) => [c, mean((d) => d.risk[c])])),
    meanMetric: Object.fromEntries(candidates.map((c) => [c, mean((d) => d.truth[c])])),
    spearman: rhos,
    meanSpearman: finite.length > 0 ? summarise(finite).mean : NaN,
    pickedBest,
    meanRegret: regrets.length > 0 ? summarise(regrets).mean : NaN,
    draws: draws.length,
    chosen,
  };
}
