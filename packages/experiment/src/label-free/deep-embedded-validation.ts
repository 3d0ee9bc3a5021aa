import { checkLossesAndWeights } from './weighted-risk.js';

export interface DevResult {
  /** The DEV estimate of the target risk (lower is better). */
  readonly risk: number;
  /** The plain importance-weighted estimate mean(w·ℓ) it corrects. */
  readonly weightedRisk: number;
  /** The control-variate coefficient η = −Cov(w·ℓ, w)/Var(w). */
  readonly eta: number;
}

/**
 * Deep embedded validation (You, Wang, Long & Wang 2019, Algorithm 1): the importance-weighted validation risk with
 * w as a control variate — E[w] = 1 under the source distribution — to cut its variance:
 *   L = w∘ℓ,  η = −Cov(L, w)/Var(w),  R_DEV = mean(L) + η·mean(w) − η.
 * The weights come from a domain discriminator on the features (its density ratio), the losses from held-out source
 * rows. With constant weights (no shift) it is the plain validation risk.
 */
export function deepEmbeddedValidation(losses: ArrayLike<number>, weights: ArrayLike<number>): DevResult {
  checkLossesAndWeights('deepEmbeddedValidation', losses, weights);
  const n = losses.length;
  let mL = 0;
  let mW = 0;
  for (let i = 0; i < n; i++) {
    mL += (weights[i] * losses[i]) / n;
    mW += weights[i] / n;
  }
  let cov = 0;
  let varW = 0;
  for (let i = 0; i < n; i++) {
    const dw = weights[i] - mW;
    cov += (weights[i] * losses[i] - mL) * dw;
    varW += dw * dw;
  }
  // Cov and Var with the same denominator, so it cancels; Var(w) = 0 leaves nothing to correct.
  const eta = varW > 0 ? -cov / varW : 0;
  return { risk: mL + eta * mW - eta, weightedRisk: mL, eta };
}
