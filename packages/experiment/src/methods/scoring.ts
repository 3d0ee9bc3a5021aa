import { accuracy, rootMeanSquaredError } from '@tlkit/tensor-core';
import type { TaskKind } from '../experiment-data.js';
import type { Labels } from './method.js';

export type MetricName = 'rmse' | 'accuracy';

export function metricFor(task: TaskKind): { metric: MetricName; lowerIsBetter: boolean } {
  return task === 'regression' ? { metric: 'rmse', lowerIsBetter: true } : { metric: 'accuracy', lowerIsBetter: false };
}

export function score(task: TaskKind, truth: Labels, predicted: Labels): number {
  return task === 'regression' ? rootMeanSquaredError(truth as Float64Array, predicted as Float64Array) : accuracy(truth, predicted);
}

export function pickLabels(y: Labels, idx: ArrayLike<number>): Labels {
  return y instanceof Float64Array ? Float64Array.from(idx, (i) => y[i]) : Array.from(idx, (i) => y[i]);
}
