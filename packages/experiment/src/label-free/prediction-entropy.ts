import { toDenseMatrix, type MatrixInput } from '@tlkit/tensor-core';

/**
 * The mean entropy −Σ_c p_c log p_c of the predicted class distributions on the target rows (the entropy criterion
 * of Morerio, Cavazza & Murino 2018 and the baseline of Saito et al. 2021): lower means more confident predictions.
 * It rewards confidence whether or not it is right, so a method that collapses to one class scores best.
 */
export function predictionEntropy(probabilities: MatrixInput): number {
  const P = toDenseMatrix(probabilities, { fn: 'predictionEntropy', arg: 'probabilities' });
  let total = 0;
  for (let i = 0; i < P.rows; i++) total += rowEntropy('predictionEntropy', P.data, i * P.cols, P.cols, i);
  return total / P.rows;
}

function rowEntropy(fn: string, data: Float64Array, offset: number, k: number, row: number): number {
  let h = 0;
  for (let c = 0; c < k; c++) {
    const p = data[offset + c];
    if (!(p >= 0)) throw new RangeError(`${fn}: probabilities has a negative or missing value (${p}) at row ${row}`);
    if (p > 0) h -= p * Math.log(p);
  }
  return h;
}
