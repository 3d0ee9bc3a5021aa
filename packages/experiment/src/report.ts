import type { MetricName } from './methods/scoring.js';
import type { TaskKind } from './experiment-data.js';
import type { LabelFreeRanking } from './label-free-ranking.js';
import type { SourcesReport } from './source-report.js';

export type Verdict = 'helped' | 'no clear difference' | 'hurt';

/** A diagnostic over the draws: numbers by their median, labels by counts, weight records by their means. */
export type DiagnosticSummary =
  | { readonly kind: 'number'; readonly median: number; readonly values: readonly number[] }
  | { readonly kind: 'label'; readonly counts: Readonly<Record<string, number>> }
  | { readonly kind: 'weights'; readonly mean: Readonly<Record<string, number>> };

export interface MethodResult {
  readonly method: string;
  readonly size: number;
  /** Mean over draws of the metric on each draw's test rows. */
  readonly mean: number;
  /** Standard deviation of the per-draw metric. */
  readonly std: number;
  /** 95% interval of the mean: two-level bootstrap over the draws and the target rows (see the README). */
  readonly ci: readonly [number, number];
  readonly repeats: number;
  /** Per-draw scores, in draw order (the same draws for every method). */
  readonly scores: readonly number[];
  /** Set when the method did not run at this size, with the reason. */
  readonly skipped?: string;
  /**
   * Set when the method ran but its score was not a finite number on some draw (NaN or ±Infinity predictions): no
   * mean, interval or verdict is given for it at this size, and it is left out of the comparisons.
   */
  readonly failed?: string;
  /** The constant predictor: a reference row, never a candidate or a verdict. */
  readonly reference?: boolean;
  /** What the method reported about its fits (λ, auto's choices and weights), summarised over draws. */
  readonly diagnostics?: Readonly<Record<string, DiagnosticSummary>>;
}

/** A method against one baseline: the mean difference method − baseline (metric units) and its interval. */
export interface Comparison {
  readonly baseline: string;
  readonly difference: number;
  readonly ci: readonly [number, number];
  /** The confidence level of `ci`. */
  readonly level: number;
}

export interface VerdictEntry {
  readonly size: number;
  readonly method: string;
  /** The better of target-only and source-only at this size by its mean (the one the verdict names). */
  readonly baseline: string;
  readonly verdict: Verdict;
  /** Against `baseline`. */
  readonly difference: number;
  readonly ci: readonly [number, number];
  readonly level: number;
  /** Against every no-transfer baseline that ran (helped means better than all of them). */
  readonly against: readonly Comparison[];
  /** The p-value of the verdict's test, Holm-adjusted over `family` methods (1 for `auto`, tested alone). */
  readonly p: number;
  readonly family: number;
}

export interface SizeSummary {
  readonly size: number;
  /** helped: the choice made without test rows beats no transfer; undefined when nothing could be compared. */
  readonly verdict: Verdict | undefined;
  /** The method the verdict is about: `auto` (chosen on the labelled rows), else the best of the family (Holm). */
  readonly method: string | undefined;
  /** How the method was chosen: by auto, or as the best of the transfer methods shown with Holm's correction. */
  readonly decidedBy: 'auto' | 'holm' | undefined;
  /** The no-transfer baseline named: the better of target-only and source-only at this size. */
  readonly baseline: string | undefined;
  readonly difference: number | undefined;
  readonly ci: readonly [number, number] | undefined;
  readonly level: number | undefined;
  readonly sentence: string;
}

export interface Transferability {
  readonly size: number;
  /** LogME of the source representation on the labelled target rows, mean over draws (higher: more transferable). */
  readonly logme: number | null;
  /** Median λ chosen by parameter transfer (∞: the source model kept; 0: ignored), from its diagnostics. */
  readonly lambdaMedian: number | null;
}

export interface ExperimentReport {
  readonly task: TaskKind;
  readonly metric: MetricName;
  readonly lowerIsBetter: boolean;
  readonly sizes: readonly number[];
  readonly perClass: boolean;
  readonly repeats: number;
  readonly seed: number;
  readonly useUnlabeled: boolean;
  readonly methods: readonly string[];
  /** One line per method shown (the constant reference included): what it does. */
  readonly methodSummaries: Readonly<Record<string, string>>;
  readonly sourceRows: number;
  readonly targetRows: number;
  readonly results: readonly MethodResult[];
  readonly verdicts: readonly VerdictEntry[];
  readonly summary: readonly SizeSummary[];
  readonly transferability: readonly Transferability[];
  /**
   * At size 0, how well auto's label-free scorer ranked its candidates: their risks beside their metric on the test
   * rows (which the choice never saw), Spearman's ρ per draw and the regret of the choice.
   */
  readonly labelFree: readonly LabelFreeRanking[];
  /**
   * With two or more sources: the sources ranked per size on each draw's labelled rows (evidence of parameter transfer
   * toward each, its posterior with "no source", LogME), and which source the chosen model and the multi-source methods
   * leaned on. `sourceRows` is then their rows together.
   */
  readonly sources?: SourcesReport;
  /** Bootstrap replicates behind every interval, and the significance level of every verdict. */
  readonly bootstrap: { readonly replicates: number; readonly alpha: number };
  readonly seconds: number;
  readonly protocol: string;
}
