export { runExperiment, type ExperimentOptions, type ExperimentProgress } from './run-experiment.js';
export {
  runDraws,
  drawRunner,
  comparisonCancelled,
  type DrawRunner,
  type DrawRunnerOptions,
  type DrawExecutor,
  type DrawHooks,
  type DrawJob,
  type DrawOutcome,
  type DrawSettings,
  type MethodOutcome,
} from './run-draws.js';
export {
  prepareTables,
  guessTask,
  classOrder,
  type ExperimentData,
  type PrepareOptions,
  type TaskKind,
  type SourceTable,
} from './experiment-data.js';
export { resolveMethods, methodByName, QUICK_METHODS } from './methods/registry.js';
export {
  METHOD_NAMES,
  DEFAULT_METHODS,
  MULTI_SOURCE_METHODS,
  defaultMethodsFor,
  METHOD_LEGEND,
  TERM_LEGEND,
  methodMeaning,
  legendLines,
} from './method-names.js';
export { estimateRemaining, formatDuration, progressText } from './eta.js';
export type { TransferMethod, MethodContext, DrawData, FittedMethod, Labels, Diagnostic, RestoreInfo } from './methods/method.js';
export { logME, oneHot, type LogMEResult } from './logme.js';
export { summarise, type Summary } from './statistics.js';
export { bootstrapReplicates, percentileInterval, type DrawRecord } from './bootstrap.js';
export { renderHtmlReport, renderTextTable, type TextTableOptions } from './render-report.js';
export { renderSvgCurves, type ChartOptions } from './render-chart.js';
export { reportJsonText, parseReportJson } from './report-json.js';
export { fitMethod, restoreMethod, type SavedMethod, type FitMethodOptions } from './deploy.js';
export {
  calibrateRidgeClassifier,
  fitSoftmaxScale,
  softmaxRows,
  isCalibration,
  type ProbabilityCalibration,
} from './class-probabilities.js';
export { rankLabelFree, type LabelFreeRanking, type LabelFreeDraw } from './label-free-ranking.js';
export { iwcvRisks, labelFreeCandidates, LABEL_FREE_SCORER, type LabelFreeChoice } from './methods/label-free-choice.js';
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
  type Backbone,
  methodsFor,
} from './pretrained-comparison.js';
export { leep, type LeepResult } from './transferability/leep.js';
export { nce } from './transferability/nce.js';
export { hScore } from './transferability/h-score.js';
export { spearman, kendallTau, averageRanks } from './rank-correlation.js';
export { importanceWeightedRisk, importanceWeightedCV, type IwcvOptions } from './label-free/iwcv.js';
export { deepEmbeddedValidation, type DevResult } from './label-free/deep-embedded-validation.js';
export { reverseValidation, type ReverseValidationOptions, type AdaptingFit } from './label-free/reverse-validation.js';
export { predictionEntropy } from './label-free/prediction-entropy.js';
export { softNeighbourhoodDensity } from './label-free/soft-neighbourhood-density.js';
export { probabilitiesFromDecision } from './label-free/decision-probabilities.js';
export {
  rankSources,
  fitMultiSourcePrior,
  fitSourceHead,
  type NamedSource,
  type SourceRank,
  type SourceRanking,
  type SourceHead,
  type RankSourcesOptions,
  type MultiSourcePrior,
  type MultiSourcePriorOptions,
} from './multi-source.js';
export { NO_SOURCE, ALL_SOURCES } from './methods/multi-source-methods.js';
export type { SourcesReport, SourceRankingAtSize, SourceStanding, SourceReliance } from './source-report.js';
