import type { TaskKind } from '../experiment-data.js';
import type { Labels } from './method.js';

export type MetricName = 'rmse' | 'accuracy';

export function metricFor(task: TaskKind): { metric: MetricName; lowerIsBetter: boolean } {
  return task === 'regression' ? { metric: 'rmse', lowerIsBetter: true } : { metric: 'accuracy', lowerIsBetter: false };
}

/** Per test row, what the metric averages: the squared error (RMSE) or 1 for the right class, 0 else (accuracy). */
export function rowValues(task: TaskKind, truth: Labels, predicted: Labels): Float64Array {
  if (predicted.length !== truth.length) throw new RangeError(`scoring: ${predicted.length} predictions for ${truth.length} rows`);
  if (task === 'regression') {
    const t = truth as Float64Array;
    const p = predicted as Float64Array;
    return Float64Array.from(t, (v, i) => (v - p[i]) ** 2);
  }
  return Float64Array.from({ length: truth.length }, (_, i) => (truth[i] === predicted[i] ? 1 : 0));
}

/** The metric of a draw from its row values: √mean for RMSE, the mean for accuracy. */
export function metricOf(metric: MetricName, values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  const mean = s / values.length;
  return metric === 'rmse' ? Math.sqrt(mean) : mean;
}

export function pickLabels(y: Labels, idx: ArrayLike<number>): Labels {
  return y instanceof Float64Array ? Float64Array.from(idx, (i) => y[i]) : Array.from(idx, (i) => y[i]);
}
