import { symmetricEigen, toDenseMatrix, type MatrixInput, maxOf } from '@tlkit/tensor-core';
import { indexLabels } from './label-index.js';

/**
 * H-score (Bao, Li, Huang, Xu, Lee & Zheng 2019, Definition 2): H(f) = tr(cov(f)⁻¹·cov(E[f | Y])) for features f of
 * the target rows and their labels Y — how much of the features' spread lies between the classes rather than within
 * them. Covariances with 1/n (the ratio is the same with 1/(n − 1)); cov(f)⁻¹ is the pseudo-inverse, dropping
 * directions whose variance is below 1e-10 of the largest. At most the number of classes minus one; invariant to
 * invertible linear maps of f.
 */
export function hScore(features: MatrixInput, labels: readonly unknown[]): number {
  const fn = 'hScore';
  const F = toDenseMatrix(features, { fn, arg: 'features' });
  const n = F.rows;
  const d = F.cols;
  if (labels.length !== n) throw new RangeError(`${fn}: labels has ${labels.length} rows, features has ${n}`);
  const { classes, index } = indexLabels(fn, labels, 'labels');
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) mean[c] += F.data[i * d + c] / n;
  const classMeans = new Float64Array(classes.length * d);
  const counts = new Float64Array(classes.length);
  for (let i = 0; i < n; i++) {
    counts[index[i]]++;
    for (let c = 0; c < d; c++) classMeans[index[i] * d + c] += F.data[i * d + c];
  }
  for (let k = 0; k < classes.length; k++) for (let c = 0; c < d; c++) classMeans[k * d + c] /= counts[k];
  const covF = new Float64Array(d * d);
  const covG = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const g = index[i] * d;
    for (let a = 0; a < d; a++) {
      const fa = F.data[i * d + a] - mean[a];
      const ga = classMeans[g + a] - mean[a];
      for (let b = 0; b < d; b++) {
        covF[a * d + b] += (fa * (F.data[i * d + b] - mean[b])) / n;
        covG[a * d + b] += (ga * (classMeans[g + b] - mean[b])) / n;
      }
    }
  }
  // tr(cov(f)⁺·cov(g)) = Σ_k (v_kᵀ cov(g) v_k)/λ_k over the kept eigenpairs of cov(f).
  const { values, vectors } = symmetricEigen({ rows: d, cols: d, data: covF });
  const largest = maxOf(values, 0);
  let score = 0;
  for (let k = 0; k < d; k++) {
    if (!(values[k] > 1e-10 * largest)) continue;
    let q = 0;
    for (let a = 0; a < d; a++) {
      let row = 0;
      for (let b = 0; b < d; b++) row += covG[a * d + b] * vectors.data[b * d + k];
      q += vectors.data[a * d + k] * row;
    }
    score += q / values[k];
  }
  return score;
}
