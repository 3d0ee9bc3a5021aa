import { toDenseMatrix, type MatrixInput } from '@tlkit/tensor-core';
import { indexLabels } from './label-index.js';

export interface LeepResult {
  /** (1/n)·Σ log P(y_i | x_i) under the expected empirical predictor: higher (closer to 0) means more transferable. */
  readonly leep: number;
  /** The target labels, in first-seen order (the rows of `conditional`). */
  readonly classes: readonly unknown[];
  /** P̂(y | z): target class y (rows) given source class z (columns). */
  readonly conditional: readonly (readonly number[])[];
}

/**
 * LEEP, the log expected empirical prediction (Nguyen, Hassner, Seeger & Archambeau 2020, section 3): with θ(x_i) the
 * source model's class distribution on target row i, the empirical joint P̂(y, z) = (1/n)Σ_{i: y_i = y} θ(x_i)_z, its
 * marginal P̂(z) and conditional P̂(y | z) = P̂(y, z)/P̂(z) define the predictor x ↦ Σ_z P̂(y | z)·θ(x)_z, and
 * LEEP = (1/n)Σ_i log Σ_z P̂(y_i | z)·θ(x_i)_z.
 */
export function leep(sourceProbabilities: MatrixInput, targetLabels: readonly unknown[]): LeepResult {
  const fn = 'leep';
  const theta = toDenseMatrix(sourceProbabilities, { fn, arg: 'sourceProbabilities' });
  const n = theta.rows;
  const Z = theta.cols;
  if (targetLabels.length !== n) throw new RangeError(`${fn}: targetLabels has ${targetLabels.length} rows, sourceProbabilities has ${n}`);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let z = 0; z < Z; z++) {
      const p = theta.data[i * Z + z];
      if (!(p >= 0)) throw new RangeError(`${fn}: sourceProbabilities has a negative or missing value (${p}) at row ${i}`);
      s += p;
    }
    if (Math.abs(s - 1) > 1e-6) throw new RangeError(`${fn}: sourceProbabilities row ${i} sums to ${s}, not 1`);
  }
  const { classes, index } = indexLabels(fn, targetLabels, 'targetLabels');
  const Y = classes.length;
  const joint = new Float64Array(Y * Z);
  for (let i = 0; i < n; i++) for (let z = 0; z < Z; z++) joint[index[i] * Z + z] += theta.data[i * Z + z] / n;
  const marginal = new Float64Array(Z);
  for (let y = 0; y < Y; y++) for (let z = 0; z < Z; z++) marginal[z] += joint[y * Z + z];
  const conditional = Array.from({ length: Y }, (_, y) =>
    Array.from({ length: Z }, (_, z) => (marginal[z] > 0 ? joint[y * Z + z] / marginal[z] : 0)),
  );
  let total = 0;
  for (let i = 0; i < n; i++) {
    let eep = 0;
    for (let z = 0; z < Z; z++) eep += conditional[index[i]][z] * theta.data[i * Z + z];
    total += Math.log(eep);
  }
  return { leep: total / n, classes, conditional };
}
