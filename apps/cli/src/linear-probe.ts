import type { DenseMatrix } from '@tlkit/tensor-core';

/** A model's effective linear form on its prepared features: output = intercept + Σ_j x_j · coef[j]. */
export interface LinearForm {
  /** The outputs at x = 0: every feature at its source mean (the preprocessor standardises on the source). One per output. */
  readonly intercept: readonly number[];
  /** coef[j][c]: the change in output column c per unit of prepared feature j (one standard deviation). */
  readonly coef: readonly (readonly number[])[];
}

/** A few fixed rows in [−2, 2) (a seeded LCG), to check the form is linear away from the unit vectors. */
function checkRows(d: number, count: number): DenseMatrix {
  const data = new Float64Array(count * d);
  let state = 12345;
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    data[i] = (state / 2 ** 32) * 4 - 2;
  }
  return { rows: count, cols: d, data };
}

/**
 * The coefficients of a model that is linear (affine) in its features, read off its outputs at 0 and at the unit
 * vectors — exact for ridge heads on the features or on a linear map of them (PCA, CORAL, subspace alignment, feature
 * augmentation, auto's weighted sums). Undefined when outputs at three other rows break linearity (a kernel map).
 */
export function linearForm(outputs: (X: DenseMatrix) => DenseMatrix, d: number): LinearForm | undefined {
  const probe = new Float64Array((d + 1) * d);
  for (let j = 0; j < d; j++) probe[(j + 1) * d + j] = 1;
  const P = outputs({ rows: d + 1, cols: d, data: probe });
  const k = P.cols;
  const intercept = Array.from(P.data.subarray(0, k));
  const coef = Array.from({ length: d }, (_, j) => intercept.map((b, c) => P.data[(j + 1) * k + c] - b));
  const R = checkRows(d, 3);
  const Q = outputs(R);
  for (let i = 0; i < R.rows; i++) {
    for (let c = 0; c < k; c++) {
      let v = intercept[c];
      for (let j = 0; j < d; j++) v += R.data[i * d + j] * coef[j][c];
      const actual = Q.data[i * k + c];
      if (!(Math.abs(v - actual) <= 1e-6 * (1 + Math.abs(actual)))) return undefined;
    }
  }
  return { intercept, coef };
}
