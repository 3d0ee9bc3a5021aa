import { indexLabels } from './label-index.js';

/**
 * NCE, the negative conditional entropy −H(Y | Z) (Tran, Nguyen & Hassner 2019, Eq. 2): with z_i the source model's
 * label for target row i and y_i its target label, P̂(y, z) the empirical joint of the pairs and
 * NCE = Σ_{y,z} P̂(y, z)·log P̂(y | z). It is 0 when the source labels determine the target labels, and −H(Y) at worst.
 */
export function nce(sourceLabels: readonly unknown[], targetLabels: readonly unknown[]): number {
  const fn = 'nce';
  if (sourceLabels.length !== targetLabels.length)
    throw new RangeError(`${fn}: sourceLabels has ${sourceLabels.length} rows, targetLabels has ${targetLabels.length}`);
  const n = sourceLabels.length;
  if (n === 0) throw new RangeError(`${fn}: no rows`);
  const z = indexLabels(fn, sourceLabels, 'sourceLabels');
  const y = indexLabels(fn, targetLabels, 'targetLabels');
  const Z = z.classes.length;
  const counts = new Float64Array(y.classes.length * Z);
  const zCounts = new Float64Array(Z);
  for (let i = 0; i < n; i++) {
    counts[y.index[i] * Z + z.index[i]]++;
    zCounts[z.index[i]]++;
  }
  let total = 0;
  counts.forEach((c, k) => {
    if (c > 0) total += (c / n) * Math.log(c / zCounts[k % Z]);
  });
  return total;
}
