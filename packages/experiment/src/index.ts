export { runExperiment, type ExperimentOptions, type ExperimentProgress } from './run-experiment.js';
export { prepareTables, guessTask, classOrder, type ExperimentData, type PrepareOptions, type TaskKind } from './experiment-data.js';
export { resolveMethods, methodByName, QUICK_METHODS } from './methods/registry.js';
export { METHOD_NAMES, DEFAULT_METHODS } from './method-names.js';
export { estimateRemaining, formatDuration, progressText } from './eta.js';
export type { TransferMethod, MethodContext, DrawData, FittedMethod, Labels, Diagnostic, RestoreInfo } from './methods/method.js';
export { logME, oneHot, type LogMEResult } from './logme.js';
export { summarise, type Summary } from './statistics.js';
export { bootstrapReplicates, percentileInterval, type DrawRecord } from './bootstrap.js';
export { renderHtmlReport, renderTextTable, type TextTableOptions } from './render-report.js';
export { renderSvgCurves, type ChartOptions } from './render-chart.js';
export { fitMethod, restoreMethod, type SavedMethod, type FitMethodOptions } from './deploy.js';
export type {
  ExperimentReport,
  MethodResult,
  VerdictEntry,
  Comparison,
  SizeSummary,
  Transferability,
  Verdict,
  DiagnosticSummary,
} from './report.js';
export {
  comparePretrained,
  fitPretrainedMethod,
  defaultSizes,
  PRETRAINED_METHODS,
  METHOD_LABELS,
  type LabelledRows,
  type PretrainedMethod,
  type PretrainedComparison,
  type ComparisonOptions,
  type MethodCurve,
  type MethodVerdict,
  type FittedPretrainedMethod,
} from './pretrained-comparison.js';
