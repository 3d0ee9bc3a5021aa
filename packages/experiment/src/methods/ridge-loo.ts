import { gram, matmul, transpose, type DenseMatrix } from '@tlkit/tensor-core';
import { activeKernels } from '@tlkit/ridge';

/**
 * Exact leave-one-out for ridge fits with an unpenalised intercept, in closed form: for a row i of the training set,
 * removing it and refitting at the same alpha changes its residual to e_i / (1 − h_ii), where
 *   h_ii = w_i / Σw + w_i · x̃_iᵀ (X̃ᵀWX̃ + αI)⁻¹ x̃_i,   x̃ = x − x̄_w
 * (Sherman–Morrison on the normal equations; the intercept is refitted too, hence the first term). A prior mean w0
 * leaves the identity unchanged: it holds for the residual problem y − X·w0, whose residuals are the same. Multi-output
 * (one column per class) fits share h. The moments below let the source rows' share be computed once per experiment.
 */
export interface DesignMoments {
  /** Σ w x xᵀ (d×d, row-major). */
  readonly xx: Float64Array;
  /** Σ w x. */
  readonly x: Float64Array;
  /** Σ w. */
  readonly w: number;
  readonly d: number;
}

/** The moments of the rows of X, each weighted by `weight` (one weight for all rows). */
export function momentsOf(X: DenseMatrix, weight = 1): DesignMoments {
  const { rows: n, cols: d, data } = X;
  const xx = gram(X).data;
  if (weight !== 1) for (let i = 0; i < xx.length; i++) xx[i] *= weight;
  const x = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) x[j] += data[o + j];
  }
  for (let j = 0; j < d; j++) x[j] *= weight;
  return { xx, x, w: n * weight, d };
}

// The loops below read typed arrays through locals: property loads on matrices of varying shapes inside hot loops
// stay megamorphic in V8 and cost more than the arithmetic.
export function addMoments(a: DesignMoments, b: DesignMoments): DesignMoments {
  if (a.d !== b.d) throw new RangeError(`addMoments: ${a.d} and ${b.d} columns`);
  const ax = a.xx;
  const bx = b.xx;
  const xx = new Float64Array(ax.length);
  for (let i = 0; i < xx.length; i++) xx[i] = ax[i] + bx[i];
  const x = new Float64Array(a.d);
  for (let j = 0; j < a.d; j++) x[j] = a.x[j] + b.x[j];
  return { xx, x, w: a.w + b.w, d: a.d };
}

/**
 * The leverages h_ii of the rows `rows` (each with weight `weight`) in a ridge fit at `alpha` whose training rows have
 * the moments `train` (the rows themselves included). NaN where the leverage cannot be computed (alpha = 0 with a
 * singular design): leave-one-out is then undefined for that fit.
 */
export function leverages(train: DesignMoments, alpha: number, rows: DenseMatrix, weight = 1): Float64Array {
  const { d } = train;
  const k = rows.rows;
  const h = new Float64Array(k).fill(weight / train.w);
  if (alpha === Infinity || d === 0) return h;
  const mean = new Float64Array(d);
  for (let j = 0; j < d; j++) mean[j] = train.x[j] / train.w;
  const xx = train.xx;
  const G = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    const ga = a * d;
    const wa = train.w * mean[a];
    for (let b = 0; b < d; b++) G[ga + b] = xx[ga + b] - wa * mean[b];
    G[ga + a] += alpha;
  }
  const x = rows.data;
  const B = new Float64Array(d * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < d; j++) B[j * k + i] = x[i * d + j] - mean[j];
  // x̃ᵀG⁻¹x̃ for every row at once from one Cholesky solve of the ridge kernels (blocked SIMD where available).
  const Z = activeKernels().solveSpd({ rows: d, cols: d, data: G }, { rows: d, cols: k, data: B });
  if (!Z) return h.fill(NaN);
  const z = Z.data;
  const q = new Float64Array(k);
  for (let t = 0; t < d * k; t++) q[t % k] += B[t] * z[t];
  for (let i = 0; i < k; i++) h[i] += weight * q[i];
  return h;
}

/**
 * Leave-one-out outputs from a fit's in-sample outputs P (rows × outputs), the targets Y and the leverages:
 * y − (y − p)/(1 − h). Rows whose leverage is 1 (or unknown) get NaN.
 */
export function looOutputs(P: DenseMatrix, Y: DenseMatrix, h: Float64Array): DenseMatrix {
  const { rows: n, cols: c } = P;
  const out = new Float64Array(n * c);
  for (let i = 0; i < n; i++) {
    const denom = 1 - h[i];
    for (let j = 0; j < c; j++) {
      const y = Y.data[i * c + j];
      out[i * c + j] = denom > 1e-10 ? y - (y - P.data[i * c + j]) / denom : NaN;
    }
  }
  return { rows: n, cols: c, data: out };
}

/**
 * The leverages of `rows` in a ridge fit at `alpha` (intercept unpenalised, every row of weight 1) on the rows of
 * `other` and `rows` together, from the n×n kernel side — what wide designs (fewer training rows than features) want
 * instead of the d×d normal equations. With K̃ the doubly centred kernel matrix of all n training rows, the hat matrix
 * is 11ᵀ/n + K̃(K̃ + αI)⁻¹ (push-through identity on X̃(X̃ᵀX̃ + αI)⁻¹X̃ᵀ), so h_ii = 1/n + 1 − α[(K̃ + αI)⁻¹]_ii:
 * one n×n Cholesky and k solves. `otherKernel` is other·otherᵀ (the part that may be computed once per experiment).
 */
export function kernelLeverages(other: DenseMatrix, otherKernel: DenseMatrix, alpha: number, rows: DenseMatrix): Float64Array {
  const m = other.rows;
  const k = rows.rows;
  const n = m + k;
  const h = new Float64Array(k).fill(1 / n);
  if (alpha === Infinity) return h;
  if (!(alpha > 0)) return h.fill(NaN);
  const cross = m > 0 ? matmul(other, transpose(rows)).data : new Float64Array(0);
  const own = matmul(rows, transpose(rows)).data;
  const ko = otherKernel.data;
  const K = new Float64Array(n * n);
  for (let i = 0; i < m; i++) {
    K.set(ko.subarray(i * m, (i + 1) * m), i * n);
    for (let j = 0; j < k; j++) K[i * n + m + j] = K[(m + j) * n + i] = cross[i * k + j];
  }
  for (let i = 0; i < k; i++) K.set(own.subarray(i * k, (i + 1) * k), (m + i) * n + m);
  const means = new Float64Array(n);
  let grand = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += K[i * n + j];
    means[i] = s / n;
    grand += s;
  }
  grand /= n * n;
  for (let i = 0; i < n; i++) {
    const o = i * n;
    const mi = means[i] - grand;
    for (let j = 0; j < n; j++) K[o + j] -= mi + means[j];
    K[o + i] += alpha;
  }
  const E = new Float64Array(n * k);
  for (let i = 0; i < k; i++) E[(m + i) * k + i] = 1;
  const Z = activeKernels().solveSpd({ rows: n, cols: n, data: K }, { rows: n, cols: k, data: E });
  if (!Z) return h.fill(NaN);
  for (let i = 0; i < k; i++) h[i] += 1 - alpha * Z.data[(m + i) * k + i];
  return h;
}
