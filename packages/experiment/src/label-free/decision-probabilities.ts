import { toDenseMatrix, type DenseMatrix, type MatrixInput } from '@tlkit/tensor-core';

/**
 * Class probabilities from a linear classifier's decision values (rows × classes), as scikit-learn's
 * LinearClassifierMixin._predict_proba_lr (used by ADAPT for ridge classifiers): a logistic of each class's score,
 * one-vs-rest, then each row normalised to sum 1. Ridge classifiers are not calibrated; this only makes their outputs
 * distributions for the scorers that need one (entropy, SND, LEEP).
 */
export function probabilitiesFromDecision(decision: MatrixInput): DenseMatrix {
  const D = toDenseMatrix(decision, { fn: 'probabilitiesFromDecision', arg: 'decision' });
  const k = D.cols;
  const out = new Float64Array(D.rows * k);
  for (let i = 0; i < D.rows; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) {
      const p = 1 / (1 + Math.exp(-D.data[i * k + c]));
      out[i * k + c] = p;
      s += p;
    }
    for (let c = 0; c < k; c++) out[i * k + c] /= s;
  }
  return { rows: D.rows, cols: k, data: out };
}
