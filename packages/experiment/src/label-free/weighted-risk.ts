/** Checks per-row losses and importance weights of the same held-out rows. */
export function checkLossesAndWeights(fn: string, losses: ArrayLike<number>, weights: ArrayLike<number>): void {
  if (losses.length !== weights.length) throw new RangeError(`${fn}: losses has ${losses.length} rows, weights has ${weights.length}`);
  if (losses.length < 2) throw new RangeError(`${fn}: needs at least 2 held-out rows, got ${losses.length}`);
  for (let i = 0; i < losses.length; i++) {
    if (!Number.isFinite(losses[i])) throw new RangeError(`${fn}: losses has a non-finite value (${losses[i]}) at row ${i}`);
    if (!(weights[i] >= 0) || !Number.isFinite(weights[i]))
      throw new RangeError(`${fn}: weights has a negative or non-finite value (${weights[i]}) at row ${i}`);
  }
}
