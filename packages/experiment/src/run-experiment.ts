import type { Network } from '@tlkit/nn';
import type { ExperimentData } from './experiment-data.js';
import { defaultMethodsFor } from './method-names.js';
import type { SourceRanking } from './multi-source.js';
import { CONSTANT, constantReference } from './methods/constant.js';
import { resolveMethods } from './methods/registry.js';
import type { Diagnostic } from './methods/method.js';
import type { DrawRecord } from './bootstrap.js';
import { assembleReport } from './assemble-report.js';
import { recordOf } from './draw-record.js';
import type { LabelFreeDraw } from './label-free-ranking.js';
import type { ExperimentReport } from './report.js';
import { comparisonCancelled, runDraws, type DrawExecutor, type DrawHooks, type DrawSettings } from './run-draws.js';

export interface ExperimentOptions {
  /** Target sizes k: labelled target rows in total, or per class with `perClass` (0: unsupervised adaptation). */
  readonly sizes?: readonly number[];
  readonly perClass?: boolean;
  readonly repeats?: number;
  /**
   * Method names (see METHOD_NAMES); `auto:a+b+c` restricts auto's candidates. Default DEFAULT_METHODS, with
   * MULTI_SOURCE_METHODS too when the data has two or more sources.
   */
  readonly methods?: readonly string[];
  /** Any integer up to 2^53 (a timestamp too): every draw's seed is derived from it by splitmix64. */
  readonly seed?: number;
  /** Let alignment methods use the unlabelled target (test) rows — the transductive protocol (default true). */
  readonly useUnlabeled?: boolean;
  /** Bootstrap replicates behind every interval and verdict (default 2000). */
  readonly bootstrap?: number;
  /**
   * The network the neural methods start from (a pretrained model, rows in its input): used instead of one trained on
   * the source rows, and left to the caller (never disposed).
   */
  readonly sourceNetwork?: Network;
  /** Significance level of every verdict (default 0.05: 95% intervals). */
  readonly alpha?: number;
  readonly onProgress?: (event: ExperimentProgress) => void;
  readonly signal?: AbortSignal;
  /**
   * Where the draws run: a worker pool (the CLI's `--workers`), handed the data and every draw's settings; by
   * default one after the other in this thread. The report is the same either way, draw for draw. Runs with a
   * neural method stay in this thread.
   */
  readonly executor?: DrawExecutor;
}

export interface ExperimentProgress {
  readonly done: number;
  readonly total: number;
  readonly size: number;
  readonly repeat: number;
  readonly method: string;
}

/** Repeats above this would run for days; a typo is likelier. */
const MAX_REPEATS = 10000;

function checkOptions(
  data: ExperimentData,
  sizes: readonly number[],
  repeats: number,
  seed: number,
  perClass: boolean,
  o: ExperimentOptions,
): void {
  if (!Number.isInteger(repeats) || repeats < 2 || repeats > MAX_REPEATS)
    throw new RangeError(`repeats must be a whole number from 2 to ${MAX_REPEATS}, got ${repeats}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`the seed must be a whole number between ±2^53, got ${seed}`);
  const replicates = o.bootstrap ?? 2000;
  if (!Number.isInteger(replicates) || replicates < 100 || replicates > 100000)
    throw new RangeError(`bootstrap must be a whole number of replicates from 100 to 100000, got ${replicates}`);
  const alpha = o.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`alpha must be between 0 and 0.5, got ${alpha}`);
  if (sizes.length === 0) throw new RangeError('sizes: give at least one target size');
  const nt = data.Xt.rows;
  for (const k of sizes) {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`sizes must be whole numbers ≥ 0, got ${k}`);
    const needed = perClass ? k * (data.classes?.length ?? 1) : k;
    if (needed >= nt)
      throw new RangeError(
        `size ${k}${perClass ? ' per class' : ''} needs ${needed} labelled target rows and leaves none to test; the target has ${nt}`,
      );
  }
}

/** The runner's record of every method at every size: per-draw scores, row values, diagnostics, skip reasons. */
export interface RunRecord {
  readonly scores: Map<string, number[]>;
  readonly draws: Map<number, DrawRecord[]>;
  readonly diagnostics: Map<string, Readonly<Record<string, Diagnostic>>[]>;
  readonly skipped: Map<string, string>;
  readonly logme: Map<number, number[]>;
  /** Label-free choices (auto at size 0) by `method@size`: each draw's risks beside the candidates' test metrics. */
  readonly labelFree: Map<string, { scorer: string; draws: LabelFreeDraw[] }>;
  /** With several sources: each draw's ranking of them on its labelled rows, by size. */
  readonly sourceRanks?: Map<number, SourceRanking[]>;
}

/** Several sources must be the rows of `Xs` in order, in the target's columns, with distinct names. */
function checkSources(data: ExperimentData): void {
  const sources = data.sources;
  if (sources === undefined) return;
  const fn = 'runExperiment';
  const names = new Set<string>();
  let rows = 0;
  for (const s of sources) {
    if (names.has(s.name)) throw new RangeError(`${fn}: two sources are named "${s.name}"`);
    names.add(s.name);
    if (s.X.cols !== data.Xt.cols) throw new RangeError(`${fn}: source "${s.name}" has ${s.X.cols} columns, the target ${data.Xt.cols}`);
    if (s.y.length !== s.X.rows) throw new RangeError(`${fn}: source "${s.name}" has ${s.y.length} labels for ${s.X.rows} rows`);
    rows += s.X.rows;
  }
  if (rows !== data.Xs.rows)
    throw new RangeError(`${fn}: the sources have ${rows} rows together, Xs has ${data.Xs.rows} (Xs must be their rows stacked)`);
}

/**
 * Runs a learning-curve comparison: for each target size and each seeded repeat, one draw of labelled target rows
 * (stratified by class for classification) with the rest as test rows, and every method — and the constant predictor,
 * for reference — on that same draw. The report holds per method and size the mean metric (RMSE or accuracy) with a
 * two-level bootstrap interval, the verdicts against no transfer (the better of target-only and source-only), and the
 * headline per size: `auto`'s choice, made without the test rows, against no transfer.
 */
export async function runExperiment(data: ExperimentData, options: ExperimentOptions = {}): Promise<ExperimentReport> {
  const started = performance.now();
  const sizes = options.sizes ?? [5, 10, 20];
  const repeats = options.repeats ?? 10;
  const seed = options.seed ?? 0;
  const perClass = options.perClass ?? false;
  const useUnlabeled = options.useUnlabeled ?? true;
  const methodNames = options.methods ?? defaultMethodsFor(data.sources?.length ?? 1);
  const methods = resolveMethods(methodNames);
  checkSources(data);
  checkOptions(data, sizes, repeats, seed, perClass, options);
  const settings: DrawSettings = { methods: methodNames, seed, perClass, useUnlabeled };
  const jobs = sizes.flatMap((size) => Array.from({ length: repeats }, (_, repeat) => ({ size, repeat })));
  const total = sizes.length * repeats * methods.length;
  let done = 0;
  const hooks: DrawHooks = {
    signal: options.signal,
    onMethod: (job, method) => {
      if (method !== CONSTANT) options.onProgress?.({ done: ++done, total, size: job.size, repeat: job.repeat, method });
    },
  };
  // Neural methods train tfjs models (and may start from a given network), whose state lives in one thread: they run here.
  const executor = options.executor && !methods.some((m) => m.neural) ? options.executor : undefined;
  if (options.signal?.aborted) throw comparisonCancelled();
  const outcomes = executor
    ? await executor({ data, settings, jobs, hooks })
    : await runDraws(data, settings, jobs, hooks, options.sourceNetwork);
  if (options.signal?.aborted) throw comparisonCancelled();
  const record = recordOf(sizes, jobs, outcomes);
  const all = [constantReference, ...methods];
  return assembleReport({
    data,
    options: { sizes, perClass, repeats, seed, useUnlabeled, replicates: options.bootstrap ?? 2000, alpha: options.alpha ?? 0.05 },
    methods: all,
    record,
    seconds: (performance.now() - started) / 1000,
  });
}
