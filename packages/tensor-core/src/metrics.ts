import { ShapeMismatchError } from './errors.js';
import { columnMeans, type DenseMatrix } from './dense-matrix.js';
import { meanAbsolute, meanSquare, rootMeanSquare, squaringUnit } from './numeric-range.js';

function checkPair(fn: string, a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) throw new ShapeMismatchError(`${fn}: yTrue has ${a.length} rows, yPred has ${b.length}`);
  if (a.length === 0) throw new RangeError(`${fn}: yTrue is empty`);
}

function errors(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): Float64Array {
  const e = new Float64Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) e[i] = yTrue[i] - yPred[i];
  return e;
}

/** Mean squared error (Infinity only when it is truly past fp64's range: errors are scaled before squaring). */
export function meanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair('meanSquaredError', yTrue, yPred);
  return meanSquare(errors(yTrue, yPred));
}

/** Root mean squared error; errors up to fp64's range are scaled before squaring, so |y| near 1e300 is fine. */
export function rootMeanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair('rootMeanSquaredError', yTrue, yPred);
  return rootMeanSquare(errors(yTrue, yPred));
}

/** Mean absolute error. */
export function meanAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair('meanAbsoluteError', yTrue, yPred);
  return meanAbsolute(errors(yTrue, yPred));
}

/** Coefficient of determination R² = 1 − SS_res/SS_tot; for constant y, 1 when predicted exactly and 0 otherwise (scikit-learn). */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair('r2Score', yTrue, yPred);
  const n = yTrue.length;
  const mean = columnMeans({ rows: n, cols: 1, data: Float64Array.from(yTrue) })[0];
  // One unit for both sums: their ratio is then exact in the same way for |y| near 1e300 as near 1.
  let largest = 0;
  for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(yTrue[i] - yPred[i]), Math.abs(yTrue[i] - mean));
  const unit = squaringUnit(largest);
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    ssRes += ((yTrue[i] - yPred[i]) / unit) ** 2;
    ssTot += ((yTrue[i] - mean) / unit) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

/** Fraction of equal labels. */
export function accuracy(yTrue: ArrayLike<unknown>, yPred: ArrayLike<unknown>): number {
  checkPair('accuracy', yTrue, yPred);
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / yTrue.length;
}

/** Unweighted mean of per-class F1 over the classes present in yTrue or yPred (scikit-learn's `average='macro'`). */
export function macroF1(yTrue: ArrayLike<unknown>, yPred: ArrayLike<unknown>): number {
  checkPair('macroF1', yTrue, yPred);
  const classes = new Set<unknown>();
  for (let i = 0; i < yTrue.length; i++) {
    classes.add(yTrue[i]);
    classes.add(yPred[i]);
  }
  let sum = 0;
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < yTrue.length; i++) {
      const t = yTrue[i] === c;
      const p = yPred[i] === c;
      if (t && p) tp++;
      else if (p) fp++;
      else if (t) fn++;
    }
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / classes.size;
}

/**
 * Mean negative log-likelihood of the true labels under predicted class probabilities (rows of `proba`,
 * columns in the order of `classes`), with probabilities clipped to [eps, 1 − eps] as scikit-learn does.
 */
export function logLoss(yTrue: ArrayLike<unknown>, proba: DenseMatrix, classes: readonly unknown[], eps = 1e-15): number {
  if (proba.rows !== yTrue.length) {
    throw new ShapeMismatchError(`logLoss: yTrue has ${yTrue.length} rows, proba has ${proba.rows}`);
  }
  if (proba.cols !== classes.length) {
    throw new ShapeMismatchError(`logLoss: proba has ${proba.cols} columns, classes has ${classes.length}`);
  }
  if (yTrue.length === 0) throw new RangeError('logLoss: yTrue is empty');
  const index = new Map(classes.map((c, i) => [c, i]));
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const j = index.get(yTrue[i]);
    if (j === undefined) throw new RangeError(`logLoss: label ${String(yTrue[i])} at row ${i} is not among classes`);
    let rowSum = 0;
    for (let c = 0; c < proba.cols; c++) rowSum += proba.data[i * proba.cols + c];
    const p = Math.min(1 - eps, Math.max(eps, proba.data[i * proba.cols + j] / rowSum));
    s -= Math.log(p);
  }
  return s / yTrue.length;
}
