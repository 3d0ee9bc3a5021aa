import { toDenseMatrix, type MatrixInput } from '@tlkit/tensor-core';

/**
 * Soft neighbourhood density (Saito, Kim, Teterwak, Sclaroff, Darrell & Saenko 2021, Eq. 1–3): the rows (the target
 * rows' class probabilities in the paper) are L2-normalised, each row's similarities to the others, divided by the
 * temperature τ, go through a softmax (itself excluded), and SND is the mean entropy of those neighbour distributions.
 * Higher is better: predictions that form dense, consistent neighbourhoods spread each row's mass over many
 * neighbours; scattered predictions concentrate it on a few.
 */
export function softNeighbourhoodDensity(rows: MatrixInput, options: { temperature?: number } = {}): number {
  const fn = 'softNeighbourhoodDensity';
  const F = toDenseMatrix(rows, { fn, arg: 'rows' });
  const n = F.rows;
  const d = F.cols;
  const tau = options.temperature ?? 0.05;
  if (!(tau > 0)) throw new RangeError(`${fn}: temperature must be > 0, got ${tau}`);
  if (n < 2) throw new RangeError(`${fn}: needs at least 2 rows, got ${n}`);
  const U = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let c = 0; c < d; c++) norm += F.data[i * d + c] ** 2;
    norm = Math.sqrt(norm);
    if (!(norm > 0)) throw new RangeError(`${fn}: row ${i} is zero and has no direction`);
    for (let c = 0; c < d; c++) U[i * d + c] = F.data[i * d + c] / norm;
  }
  const s = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let dot = 0;
      for (let c = 0; c < d; c++) dot += U[i * d + c] * U[j * d + c];
      s[j] = dot / tau;
      if (s[j] > max) max = s[j];
    }
    // Entropy of softmax(s) over j ≠ i: log Z − Σ p_j s_j, with the maximum subtracted for stability.
    let z = 0;
    let ps = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const e = Math.exp(s[j] - max);
      z += e;
      ps += e * (s[j] - max);
    }
    total += Math.log(z) - ps / z;
  }
  return total / n;
}
