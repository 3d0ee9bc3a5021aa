import { kFold, takeRows, type DenseMatrix, type Split } from '@tlkit/tensor-core';

export type Labels = Float64Array | readonly unknown[];

/** A method under validation: trained on labelled rows with unlabelled rows of the other domain, it predicts labels. */
export type AdaptingFit = (X: DenseMatrix, y: Labels, unlabelled: DenseMatrix) => (X: DenseMatrix) => Labels;

export interface ReverseValidationOptions {
  /** Folds over the source rows (default 5), or the folds themselves. */
  readonly folds?: number | readonly Split[];
  readonly seed?: number;
  /** Loss of one held-out source row: default 0/1 for labels, squared error for numbers. */
  readonly loss?: (truth: unknown, predicted: unknown) => number;
}

function take(y: Labels, idx: Int32Array): Labels {
  return y instanceof Float64Array ? Float64Array.from(idx, (i) => y[i]) : Array.from(idx, (i) => y[i]);
}

/**
 * Reverse (circular) validation (Zhong, Fan, Yang, Verscheure & Ren 2010): for each fold of the labelled source rows,
 * the method adapts from the other source rows to the unlabelled target rows; its predictions label the target rows;
 * the same method then adapts back, from the pseudo-labelled target rows to the held-out source rows, and is scored on
 * their true labels. A method whose target labels are wrong cannot recover the source labels: the mean held-out loss
 * (lower is better) ranks methods without a single target label.
 */
export function reverseValidation(
  Xs: DenseMatrix,
  ys: Labels,
  Xt: DenseMatrix,
  fit: AdaptingFit,
  options: ReverseValidationOptions = {},
): number {
  const fn = 'reverseValidation';
  if (ys.length !== Xs.rows) throw new RangeError(`${fn}: ys has ${ys.length} rows, Xs has ${Xs.rows}`);
  if (Xt.rows === 0) throw new RangeError(`${fn}: needs unlabelled target rows`);
  const numeric = ys instanceof Float64Array;
  const loss =
    options.loss ??
    (numeric ? (a: unknown, b: unknown) => ((a as number) - (b as number)) ** 2 : (a: unknown, b: unknown) => (a === b ? 0 : 1));
  const folds =
    typeof options.folds === 'object' ? options.folds : kFold(Xs.rows, Math.min(options.folds ?? 5, Xs.rows), { seed: options.seed ?? 0 });
  let total = 0;
  let count = 0;
  for (const { train, test } of folds) {
    const forward = fit(takeRows(Xs, train), take(ys, train), Xt);
    const pseudo = forward(Xt);
    const held = takeRows(Xs, test);
    const reverse = fit(Xt, pseudo, held);
    const back = reverse(held);
    test.forEach((row, k) => {
      total += loss(ys[row], back[k]);
      count++;
    });
  }
  return total / count;
}
