import type { DenseMatrix } from '@tlkit/tensor-core';
import { fitRegressor, predictValues, type LearnerSpec, type Regressor } from './base-learner.js';

/** Drucker's (1997) losses of an error relative to the largest error of the round, each in [0, 1]. */
export type BoostLoss = 'linear' | 'square' | 'exponential';

export const BOOST_LOSSES: readonly BoostLoss[] = ['linear', 'square', 'exponential'];

/** The smallest error a round may report: a perfect round would otherwise get an infinite vote. */
export const MIN_ERROR = 1e-10;

/** Total vote weights at or below this count as none (rounds at ε = ½ vote ln 1 = 0, up to rounding). */
export const NO_VOTE = 1e-12;

/** Adjusted errors e_i = loss(|y_i − ŷ_i| / max_j |y_j − ŷ_j|) of one round. */
export function adjustedErrors(y: Float64Array, predicted: Float64Array, loss: BoostLoss): Float64Array {
  let D = 0;
  for (let i = 0; i < y.length; i++) D = Math.max(D, Math.abs(y[i] - predicted[i]));
  return y.map((v, i) => {
    const r = D > 0 ? Math.abs(v - predicted[i]) / D : 0;
    return loss === 'linear' ? r : loss === 'square' ? r * r : 1 - Math.exp(-r);
  });
}

/**
 * The weighted median of the rounds' predictions for each row (Drucker 1997): the smallest prediction whose
 * cumulative weight, in ascending order, reaches half the total. Equal weights when no round has a vote.
 */
function weightedMedian(predictions: readonly Float64Array[], weights: readonly number[]): Float64Array {
  const T = predictions.length;
  const rows = T > 0 ? predictions[0].length : 0;
  const total = weights.reduce((a, b) => a + b, 0);
  const w = total > NO_VOTE ? weights : weights.map(() => 1);
  const half = 0.5 * (total > NO_VOTE ? total : T);
  const order = Array.from({ length: T }, (_, t) => t);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    order.sort((a, b) => predictions[a][i] - predictions[b][i]);
    let cumulative = 0;
    for (const t of order) {
      cumulative += w[t];
      if (cumulative >= half) {
        out[i] = predictions[t][i];
        break;
      }
    }
  }
  return out;
}

export interface R2Ensemble {
  readonly models: Regressor[];
  readonly voteWeights: number[];
  readonly errors: number[];
}

/**
 * AdaBoost.R2′ (Pardoe & Stone 2010, used inside two-stage TrAdaBoost.R2): AdaBoost.R2 (Drucker 1997) in which the
 * first `frozen` rows (the source) keep their weights; the other rows' weights follow AdaBoost.R2's update
 * w_i ← w_i·β_t^{1−e_i}, β_t = ē_t/(1 − ē_t) with ē_t the weighted mean adjusted error over all rows, and are then
 * rescaled to their previous total, so the source's share stays as given. Stops when ē_t reaches ½.
 */
export function adaBoostR2Frozen(
  spec: LearnerSpec,
  X: DenseMatrix,
  y: Float64Array,
  initial: Float64Array,
  frozen: number,
  rounds: number,
  loss: BoostLoss,
): R2Ensemble {
  const w = initial.slice();
  let movingTotal = 0;
  for (let i = frozen; i < w.length; i++) movingTotal += w[i];
  const models: Regressor[] = [];
  const voteWeights: number[] = [];
  const errors: number[] = [];
  for (let t = 0; t < rounds; t++) {
    const model = fitRegressor(spec, X, y, w);
    const e = adjustedErrors(y, predictValues(model, X), loss);
    let sum = 0;
    let mean = 0;
    for (let i = 0; i < w.length; i++) {
      sum += w[i];
      mean += w[i] * e[i];
    }
    mean /= sum;
    if (mean >= 0.5 && t > 0) break;
    const m = Math.min(Math.max(mean, MIN_ERROR), 0.5);
    const beta = m / (1 - m);
    models.push(model);
    voteWeights.push(Math.log(1 / beta));
    errors.push(mean);
    if (mean >= 0.5 || movingTotal === 0) break;
    let after = 0;
    for (let i = frozen; i < w.length; i++) {
      w[i] *= beta ** (1 - e[i]);
      after += w[i];
    }
    if (!(after > 0)) break;
    for (let i = frozen; i < w.length; i++) w[i] *= movingTotal / after;
  }
  return { models, voteWeights, errors };
}

export function predictEnsemble(
  ensemble: { models: readonly Regressor[]; voteWeights: readonly number[] },
  X: DenseMatrix,
  from = 0,
): Float64Array {
  const models = ensemble.models.slice(from);
  return weightedMedian(
    models.map((m) => predictValues(m, X)),
    ensemble.voteWeights.slice(from),
  );
}
