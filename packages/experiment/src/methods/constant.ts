import { compareLabels, type ClassLabel } from '@tlkit/ridge';
import type { Labels, TransferMethod } from './method.js';

export const CONSTANT = 'constant';

/** The most frequent label (ties: the first in `compareLabels` order), or the mean. */
function constantOf(y: Labels): ClassLabel | number {
  if (y instanceof Float64Array) return y.reduce((a, b) => a + b, 0) / y.length;
  const counts = new Map<ClassLabel, number>();
  for (const label of y) counts.set(label, (counts.get(label) ?? 0) + 1);
  let best: ClassLabel | undefined;
  for (const [label, n] of [...counts.entries()].sort((a, b) => compareLabels(a[0], b[0]))) {
    if (best === undefined || n > (counts.get(best) ?? 0)) best = label;
  }
  return best as ClassLabel;
}

/**
 * The constant predictor, a reference row in every table (not a method one would deploy): the mean of the labelled
 * target rows (the majority class for classification); with no labelled rows (size 0), of the source rows.
 */
export const constantReference: TransferMethod = {
  name: CONSTANT,
  summary: 'the mean of the labelled target rows (classification: their majority class), whatever the features',
  needsLabels: false,
  needsSourceRows: false,
  neural: false,
  fit(context, draw) {
    const value = constantOf(draw.yl.length > 0 ? draw.yl : context.data.ys);
    const predict = (X: { rows: number }): Labels =>
      typeof value === 'number' && context.data.task === 'regression'
        ? new Float64Array(X.rows).fill(value)
        : new Array<ClassLabel>(X.rows).fill(value);
    return Promise.resolve({ predict, toJSON: () => ({ value }) });
  },
  restore(saved, info) {
    const value = (saved as { value?: ClassLabel } | null)?.value;
    if (value === undefined) throw new TypeError('the saved constant has no "value"');
    return Promise.resolve({
      predict: (X) =>
        info.task === 'regression' ? new Float64Array(X.rows).fill(Number(value)) : new Array<ClassLabel>(X.rows).fill(value),
      toJSON: () => ({ value }),
    });
  },
};
