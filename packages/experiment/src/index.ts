export { runExperiment, type ExperimentOptions, type ExperimentProgress } from './run-experiment.js';
export { prepareTables, guessTask, type ExperimentData, type PrepareOptions, type TaskKind } from './experiment-data.js';
export { resolveMethods } from './methods/registry.js';
export { METHOD_NAMES, DEFAULT_METHODS } from './method-names.js';
export type { TransferMethod, MethodContext, DrawData, FittedMethod, Labels } from './methods/method.js';
export { logME, oneHot, type LogMEResult } from './logme.js';
export { summarise, verdictOf, tQuantile975, type Summary, type Verdict } from './statistics.js';
export { renderHtmlReport, renderTextTable } from './render-report.js';
export type { ExperimentReport, MethodResult, VerdictEntry, SizeSummary, Transferability } from './report.js';
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
