import { logLoss, macroF1, meanAbsoluteError, r2Score, rootMeanSquaredError, type DenseMatrix, maxOf } from '@tlkit/tensor-core';
import type { ClassLabel } from '@tlkit/ridge';

interface ClassMetrics {
  readonly class: ClassLabel;
  /** Rows of this class. */
  readonly support: number;
  /** Of the rows predicted as this class, the share that are (null when none was predicted). */
  readonly precision: number | null;
  /** Of the rows of this class, the share predicted as it (null when the class has no rows). */
  readonly recall: number | null;
  readonly f1: number | null;
}

export interface ClassificationSummary {
  readonly task: 'classification';
  readonly rows: number;
  readonly accuracy: number;
  readonly macroF1: number;
  /** Mean recall over the classes present: accuracy that every class counts in equally. */
  readonly balancedAccuracy: number;
  /** Mean log loss of the model's class probabilities, when it has them and every label is one of its classes. */
  readonly logLoss?: number;
  readonly classes: readonly ClassLabel[];
  /** confusion[i][j]: rows of class i predicted as class j (classes in `classes` order). */
  readonly confusion: readonly (readonly number[])[];
  readonly perClass: readonly ClassMetrics[];
}

export interface RegressionSummary {
  readonly task: 'regression';
  readonly rows: number;
  readonly rmse: number;
  readonly mae: number;
  readonly r2: number;
  /** Mean residual (label − prediction): > 0 when the model predicts too low on average. */
  readonly bias: number;
  /** Quantiles of the residuals label − prediction (linear interpolation, as numpy's default). */
  readonly residualQuantiles: Readonly<Record<'min' | 'p05' | 'p25' | 'median' | 'p75' | 'p95' | 'max', number>>;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** Confusion matrix and per-class precision and recall; the classes are the model's, then any label it never saw. */
export function summariseClassification(
  y: readonly ClassLabel[],
  predicted: readonly ClassLabel[],
  modelClasses: readonly ClassLabel[],
  probabilities?: DenseMatrix,
): ClassificationSummary {
  const classes = [...modelClasses];
  for (const label of [...y, ...predicted]) if (!classes.includes(label)) classes.push(label);
  const index = new Map(classes.map((c, i) => [c, i]));
  const confusion = classes.map(() => new Array<number>(classes.length).fill(0));
  y.forEach((label, i) => confusion[index.get(label) ?? 0][index.get(predicted[i]) ?? 0]++);
  const perClass = classes.map((c, i): ClassMetrics => {
    const support = confusion[i].reduce((a, b) => a + b, 0);
    const predictedAs = confusion.reduce((a: number, row) => a + row[i], 0);
    const precision = ratio(confusion[i][i], predictedAs);
    const recall = ratio(confusion[i][i], support);
    const f1 = precision === null || recall === null ? null : precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { class: c, support, precision, recall, f1 };
  });
  const recalls = perClass.map((m) => m.recall).filter((r): r is number => r !== null);
  const correct = confusion.reduce((a: number, row, i) => a + row[i], 0);
  const everyLabelKnown = y.every((label) => modelClasses.includes(label));
  return {
    task: 'classification',
    rows: y.length,
    accuracy: correct / y.length,
    macroF1: macroF1(y, predicted),
    balancedAccuracy: recalls.reduce((a, b) => a + b, 0) / recalls.length,
    ...(probabilities && everyLabelKnown ? { logLoss: logLoss(y, probabilities, modelClasses) } : {}),
    classes,
    confusion,
    perClass,
  };
}

/** The q-quantile of sorted values, by linear interpolation between order statistics. */
export function quantileOfSorted(sorted: Float64Array, q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
}

/** RMSE, MAE, R², the mean residual and the residuals' quantiles. */
export function summariseRegression(y: Float64Array, predicted: Float64Array): RegressionSummary {
  const residuals = y.map((v, i) => v - predicted[i]);
  const sorted = residuals.slice().sort();
  const q = (p: number) => quantileOfSorted(sorted, p);
  return {
    task: 'regression',
    rows: y.length,
    rmse: rootMeanSquaredError(y, predicted),
    mae: meanAbsoluteError(y, predicted),
    r2: r2Score(y, predicted),
    bias: residuals.reduce((a, b) => a + b, 0) / residuals.length,
    residualQuantiles: { min: q(0), p05: q(0.05), p25: q(0.25), median: q(0.5), p75: q(0.75), p95: q(0.95), max: q(1) },
  };
}

function num(v: number | null | undefined, digits = 4): string {
  return v === null || v === undefined ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(digits);
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, j) =>
    maxOf(
      rows.map((r) => r[j].length),
      h.length,
    ),
  );
  return [head, ...rows].map((r) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  '));
}

/** The summary as lines for a terminal. */
export function summaryLines(s: ClassificationSummary | RegressionSummary): string[] {
  if (s.task === 'regression') {
    const r = s.residualQuantiles;
    return [
      `rows ${s.rows}`,
      `RMSE ${num(s.rmse)}  MAE ${num(s.mae)}  R² ${num(s.r2)}`,
      `residuals (label − prediction): mean ${num(s.bias)}`,
      ...table(
        ['', 'min', '5%', '25%', 'median', '75%', '95%', 'max'],
        [['quantile', num(r.min), num(r.p05), num(r.p25), num(r.median), num(r.p75), num(r.p95), num(r.max)]],
      ),
    ];
  }
  const names = s.classes.map(String);
  return [
    `rows ${s.rows}`,
    `accuracy ${num(s.accuracy)}  balanced accuracy ${num(s.balancedAccuracy)}  macro F1 ${num(s.macroF1)}${s.logLoss === undefined ? '' : `  log loss ${num(s.logLoss)}`}`,
    '',
    'confusion matrix (rows: true class, columns: predicted class)',
    ...table(
      ['true \\ predicted', ...names],
      s.confusion.map((row, i) => [names[i], ...row.map(String)]),
    ),
    '',
    ...table(
      ['class', 'precision', 'recall', 'F1', 'rows'],
      s.perClass.map((m) => [String(m.class), num(m.precision), num(m.recall), num(m.f1), String(m.support)]),
    ),
  ];
}
