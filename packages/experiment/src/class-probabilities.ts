import type { DenseMatrix } from '@tlkit/tensor-core';
import type { ClassLabel, RidgeClassifierCV } from '@tlkit/ridge';
import { leverages, looOutputs, momentsOf } from './methods/ridge-loo.js';
import { targetMatrix } from './methods/ridge-fit.js';

/**
 * Class probabilities of a ridge classifier: softmax(scale · decision values). A ridge head's decision values are
 * least-squares fits to ±1 targets, not probabilities; the one scale (an inverse temperature) is fitted on
 * leave-one-out decision values — rows the head did not see — by cross-entropy, so the probabilities are calibrated
 * on held-out rows rather than on the training fit.
 */
export interface ProbabilityCalibration {
  readonly scale: number;
  /** Rows the scale was fitted on (those with a finite leave-one-out output). */
  readonly rows: number;
  /** Mean leave-one-out log loss at `scale` (against the hard labels). */
  readonly logLoss: number;
  readonly by: 'leave-one-out';
}

/** Row-wise softmax of `scale · D` (max subtracted first, so large values do not overflow). */
export function softmaxRows(D: DenseMatrix, scale: number): DenseMatrix {
  const { rows, cols } = D;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, scale * D.data[i * cols + c]);
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += out[i * cols + c] = Math.exp(scale * D.data[i * cols + c] - max);
    for (let c = 0; c < cols; c++) out[i * cols + c] /= sum;
  }
  return { rows, cols, data: out };
}

/** Mean cross-entropy of softmax(scale · D) rows against target distributions T (same shape). */
function crossEntropy(D: DenseMatrix, T: Float64Array, scale: number): number {
  const P = softmaxRows(D, scale);
  let s = 0;
  for (let i = 0; i < P.data.length; i++) if (T[i] > 0) s -= T[i] * Math.log(Math.max(P.data[i], 1e-300));
  return s / D.rows;
}

/**
 * The scale of softmax(scale · D) that minimises the cross-entropy of the rows of D against their labels, or
 * undefined when fewer than two rows have finite outputs. The targets are smoothed as Platt (1999) does for small
 * samples — the true class (n_c + 1)/(n_c + 2), the rest sharing the remainder — so that separable rows give a
 * finite scale instead of certainty. The loss is convex in the scale; a bracket is doubled, then golden-section search.
 */
export function fitSoftmaxScale(
  D: DenseMatrix,
  y: readonly ClassLabel[],
  classes: readonly ClassLabel[],
): ProbabilityCalibration | undefined {
  const k = classes.length;
  const keep: number[] = [];
  for (let i = 0; i < D.rows; i++) {
    let finite = classes.includes(y[i]);
    for (let c = 0; c < k && finite; c++) finite = Number.isFinite(D.data[i * k + c]);
    if (finite) keep.push(i);
  }
  if (keep.length < 2 || k < 2) return undefined;
  const counts = new Map<ClassLabel, number>();
  for (const i of keep) counts.set(y[i], (counts.get(y[i]) ?? 0) + 1);
  const Dk: DenseMatrix = { rows: keep.length, cols: k, data: new Float64Array(keep.length * k) };
  const T = new Float64Array(keep.length * k);
  const hard = new Float64Array(keep.length * k);
  keep.forEach((i, r) => {
    Dk.data.set(D.data.subarray(i * k, (i + 1) * k), r * k);
    const n = counts.get(y[i]) ?? 0;
    const own = (n + 1) / (n + 2);
    const truth = classes.indexOf(y[i]);
    for (let c = 0; c < k; c++) T[r * k + c] = c === truth ? own : (1 - own) / (k - 1);
    hard[r * k + truth] = 1;
  });
  const loss = (s: number) => crossEntropy(Dk, T, s);
  let hi = 1;
  while (hi < 2 ** 30 && loss(2 * hi) < loss(hi)) hi *= 2;
  let a = 0;
  let b = 2 * hi;
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = b - g * (b - a);
  let x2 = a + g * (b - a);
  let f1 = loss(x1);
  let f2 = loss(x2);
  for (let iter = 0; iter < 80 && b - a > 1e-9 * (1 + b); iter++) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - g * (b - a);
      f1 = loss(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + g * (b - a);
      f2 = loss(x2);
    }
  }
  const scale = (a + b) / 2;
  return { scale, rows: keep.length, logLoss: crossEntropy(Dk, hard, scale), by: 'leave-one-out' };
}

/**
 * The calibration of a fitted ridge classifier on its own training rows X, y: exact leave-one-out decision values at
 * the fitted alpha (closed form, see ridge-loo.ts), then `fitSoftmaxScale`.
 */
export function calibrateRidgeClassifier(
  head: RidgeClassifierCV,
  X: DenseMatrix,
  y: readonly ClassLabel[],
): ProbabilityCalibration | undefined {
  const h = leverages(momentsOf(X), head.alpha, X);
  const loo = looOutputs(head.decisionFunction(X), targetMatrix(y, head.classes), h);
  return fitSoftmaxScale(loo, y, head.classes);
}

/** Checks a saved calibration: a finite scale ≥ 0. */
export function isCalibration(value: unknown): value is ProbabilityCalibration {
  const scale = (value as { scale?: unknown } | null)?.scale;
  return typeof scale === 'number' && Number.isFinite(scale) && scale >= 0;
}
