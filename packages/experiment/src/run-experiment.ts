import * as tf from '@tensorflow/tfjs';
import { deriveSeed, sampleLabelled, takeRows, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import { embed, type Network } from '@tlkit/nn';
import type { ExperimentData } from './experiment-data.js';
import { logME, oneHot } from './logme.js';
import { defaultMethodsFor } from './method-names.js';
import { rankSources, type SourceRanking } from './multi-source.js';
import { sourceHeads } from './methods/multi-source-methods.js';
import { CONSTANT, constantReference } from './methods/constant.js';
import { resolveMethods } from './methods/registry.js';
import { metricFor, metricOf, pickLabels, rowValues } from './methods/scoring.js';
import type { Diagnostic, DrawData, FittedMethod, MethodContext, TransferMethod } from './methods/method.js';
import type { DrawRecord } from './bootstrap.js';
import { assembleReport } from './assemble-report.js';
import type { LabelFreeDraw } from './label-free-ranking.js';
import type { ExperimentReport } from './report.js';
import { sourceClasses, trainSourceNetwork } from './source-network.js';

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

function cancelled(): Error {
  const e = new Error('the comparison was cancelled');
  e.name = 'AbortError';
  return e;
}

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

function skipReason(method: TransferMethod, data: ExperimentData, k: number, Xu: DenseMatrix | undefined): string | undefined {
  const reason = method.unavailable?.(data);
  if (reason) return reason;
  if (k === 0 && method.needsLabels) return 'needs labelled target rows (size 0 is unsupervised adaptation)';
  if (k === 0 && method.needsTargetRows && (!Xu || Xu.rows === 0)) return 'needs target rows; unlabelled rows are switched off';
  return undefined;
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

/** Each source's ranking on a draw's labelled rows; undefined where the evidence cannot rank them (too few rows). */
function rankOnDraw(context: MethodContext, Xl: DenseMatrix, yl: Float64Array | readonly ClassLabel[]): SourceRanking | undefined {
  const { data } = context;
  if ((data.sources?.length ?? 0) < 2 || Xl.rows < 2) return undefined;
  return rankSources(data.task, data.sources ?? [], Xl, yl, {
    models: sourceHeads(context),
    ...(data.classes ? { classes: data.classes } : {}),
  });
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
  const methods = resolveMethods(options.methods ?? defaultMethodsFor(data.sources?.length ?? 1));
  checkSources(data);
  checkOptions(data, sizes, repeats, seed, perClass, options);
  const classification = data.task === 'classification';
  const { metric } = metricFor(data.task);
  let sourceModel: RidgeCV | RidgeClassifierCV | undefined;
  let network: Promise<Network> | undefined;
  const given = options.sourceNetwork;
  const context: MethodContext = {
    data,
    sourceModel: () =>
      (sourceModel ??= classification
        ? new RidgeClassifierCV({ cv: 'evidence', classes: sourceClasses(data) }).fit(data.Xs, data.ys as readonly ClassLabel[])
        : new RidgeCV({ cv: 'evidence' }).fit(data.Xs, data.ys as Float64Array)),
    sourceNetwork: () => (given ? Promise.resolve(given) : (network ??= trainSourceNetwork(data, seed, options.signal))),
    signal: options.signal,
    cache: new Map(),
  };
  const useNetwork = methods.some((m) => m.neural);
  const sourceRanks = new Map<number, SourceRanking[]>();
  const record: RunRecord = {
    scores: new Map(),
    draws: new Map(),
    diagnostics: new Map(),
    skipped: new Map(),
    logme: new Map(),
    labelFree: new Map(),
    sourceRanks,
  };
  const total = sizes.length * repeats * methods.length;
  let done = 0;
  const all = [constantReference, ...methods];
  try {
    for (const k of sizes) {
      const records: DrawRecord[] = [];
      record.draws.set(k, records);
      for (let r = 0; r < repeats; r++) {
        const drawSeed = deriveSeed(seed, k, r);
        const split = sampleLabelled(data.Xt.rows, k, {
          seed: drawSeed,
          ...(classification ? { labels: data.yt as readonly ClassLabel[], perClass } : {}),
        });
        const Xl = takeRows(data.Xt, split.train);
        const yl = pickLabels(data.yt, split.train);
        const Xtest = takeRows(data.Xt, split.test);
        const ytest = pickLabels(data.yt, split.test);
        const Xu: DenseMatrix | undefined = useUnlabeled ? Xtest : undefined;
        const fits = new Map<string, FittedMethod>();
        const draw: DrawData = { Xl, yl, Xu, seed: drawSeed, shared: fits };
        const values = new Map<string, Float64Array>();
        try {
          if (k > 0) record.logme.set(k, [...(record.logme.get(k) ?? []), await transferabilityScore(context, useNetwork, Xl, yl)]);
          const ranked = rankOnDraw(context, Xl, yl);
          if (ranked) sourceRanks.set(k, [...(sourceRanks.get(k) ?? []), ranked]);
          for (const method of all) {
            if (options.signal?.aborted) throw cancelled();
            const key = `${method.name}@${k}`;
            const reason = skipReason(method, data, k, Xu);
            if (reason) record.skipped.set(key, reason);
            else {
              const fitted = await method.fit(context, draw);
              fits.set(method.name, fitted);
              const v = rowValues(data.task, ytest, fitted.predict(Xtest));
              values.set(method.name, v);
              record.scores.set(key, [...(record.scores.get(key) ?? []), metricOf(metric, v)]);
              if (fitted.diagnostics) record.diagnostics.set(key, [...(record.diagnostics.get(key) ?? []), fitted.diagnostics]);
              if (fitted.scored)
                recordLabelFree(record, key, fitted, (f) => metricOf(metric, rowValues(data.task, ytest, f.predict(Xtest))));
            }
            if (method.name !== CONSTANT) options.onProgress?.({ done: ++done, total, size: k, repeat: r, method: method.name });
          }
        } finally {
          for (const f of fits.values()) f.dispose?.();
        }
        records.push({ test: split.test, values });
        await tf.nextFrame();
      }
    }
  } catch (error) {
    // One message for a cancelled run, wherever the abort landed (a network's training loop has its own).
    if ((error as Error | null)?.name === 'AbortError') throw cancelled();
    throw error;
  } finally {
    if (network) (await network.catch(() => undefined))?.dispose();
  }
  return assembleReport({
    data,
    options: { sizes, perClass, repeats, seed, useUnlabeled, replicates: options.bootstrap ?? 2000, alpha: options.alpha ?? 0.05 },
    methods: all,
    record,
    seconds: (performance.now() - started) / 1000,
  });
}

/** LogME on the labelled rows: of the source network's embedding when one was trained, else of the source model's outputs. */
async function transferabilityScore(
  context: MethodContext,
  useNetwork: boolean,
  Xl: DenseMatrix,
  yl: Float64Array | readonly ClassLabel[],
): Promise<number> {
  if (Xl.rows < 2) return NaN;
  const { data } = context;
  const model = context.sourceModel();
  const features = useNetwork
    ? embed(await context.sourceNetwork(), Xl)
    : model instanceof RidgeClassifierCV
      ? model.decisionFunction(Xl)
      : model.predictMatrix(Xl);
  // Only the classes present: a column of a class no labelled row has is constant, and LogME's evidence of it undefined.
  const present = data.task === 'classification' ? (data.classes ?? []).filter((c) => (yl as readonly ClassLabel[]).includes(c)) : [];
  const targets = data.task === 'classification' ? oneHot(yl as readonly ClassLabel[], present) : (yl as Float64Array);
  return logME(features, targets).logme;
}

/** The scorer's risks and, for the ranking table only, each scored candidate's metric on the test rows. */
function recordLabelFree(record: RunRecord, key: string, fitted: FittedMethod, truthOf: (f: FittedMethod) => number): void {
  const d = fitted.diagnostics ?? {};
  const risk = d.labelFreeRisk as Readonly<Record<string, number>> | undefined;
  if (!risk || !fitted.scored) return;
  const truth: Record<string, number> = {};
  for (const [name, f] of fitted.scored) truth[name] = truthOf(f);
  const entry = record.labelFree.get(key) ?? { scorer: typeof d.scorer === 'string' ? d.scorer : 'unknown', draws: [] };
  entry.draws.push({ chosen: typeof d.chosen === 'string' ? d.chosen : '', risk, truth });
  record.labelFree.set(key, entry);
}
