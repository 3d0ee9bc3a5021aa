import type { Verdict } from './statistics.js';
import type { MetricName } from './methods/scoring.js';
import type { TaskKind } from './experiment-data.js';

export interface MethodResult {
  readonly method: string;
  readonly size: number;
  readonly mean: number;
  readonly std: number;
  readonly ci: readonly [number, number];
  readonly repeats: number;
  /** Per-draw scores, in draw order (the same draws for every method). */
  readonly scores: readonly number[];
  /** Set when the method did not run at this size, with the reason. */
  readonly skipped?: string;
}

export interface VerdictEntry {
  readonly size: number;
  readonly method: string;
  readonly baseline: 'target-only' | 'source-only';
  readonly verdict: Verdict;
  /** Mean per-draw difference method − baseline (in the metric's units) and its 95% CI. */
  readonly difference: number;
  readonly ci: readonly [number, number];
}

export interface SizeSummary {
  readonly size: number;
  /** The best transfer method by mean score, and its verdict against the no-transfer baseline. */
  readonly bestMethod: string | undefined;
  readonly verdict: Verdict | undefined;
  readonly sentence: string;
}

export interface Transferability {
  readonly size: number;
  /** LogME of the source representation on the labelled target rows, mean over draws (higher: more transferable). */
  readonly logme: number | null;
  /** Median λ chosen by parameter transfer (∞: the source model kept; 0: ignored). */
  readonly lambdaMedian: number | null;
  /** How often `auto` chose each method. */
  readonly autoChoices: Readonly<Record<string, number>>;
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
  readonly sourceRows: number;
  readonly targetRows: number;
  readonly results: readonly MethodResult[];
  readonly verdicts: readonly VerdictEntry[];
  readonly summary: readonly SizeSummary[];
  readonly transferability: readonly Transferability[];
  readonly seconds: number;
  readonly protocol: string;
}
