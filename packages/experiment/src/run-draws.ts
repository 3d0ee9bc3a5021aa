import * as tf from '@tensorflow/tfjs';
import { AbortError, deriveSeed, sampleLabelled, takeRows, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import { embed, type Network } from '@tlkit/nn';
import type { ExperimentData } from './experiment-data.js';
import type { LabelFreeDraw } from './label-free-ranking.js';
import { logME, oneHot } from './logme.js';
import { rankSources, type SourceRanking } from './multi-source.js';
import { sourceHeads } from './methods/multi-source-methods.js';
import { constantReference } from './methods/constant.js';
import { resolveMethods } from './methods/registry.js';
import { metricFor, metricOf, pickLabels, rowValues } from './methods/scoring.js';
import type { Diagnostic, DrawData, FittedMethod, MethodContext, TransferMethod } from './methods/method.js';
import { sourceClasses, trainSourceNetwork } from './source-network.js';

/** What every draw of an experiment shares: plain values, so that a worker thread can be handed them. */
export interface DrawSettings {
  readonly methods: readonly string[];
  readonly seed: number;
  readonly perClass: boolean;
  readonly useUnlabeled: boolean;
}

/** One draw: the labelled target rows of size `size`, repeat `repeat` (its seed is derived from both). */
export interface DrawJob {
  readonly size: number;
  readonly repeat: number;
}

/** One method on one draw: its metric and per-test-row values, or why it was skipped. */
export interface MethodOutcome {
  readonly name: string;
  readonly score?: number;
  readonly values?: Float64Array;
  readonly diagnostics?: Readonly<Record<string, Diagnostic>>;
  /** A label-free choice (auto at size 0): the scorer's risks beside the candidates' metrics on the test rows. */
  readonly labelFree?: LabelFreeDraw & { readonly scorer: string };
  readonly skipped?: string;
}

/** Everything one draw contributes to the report (structured-cloneable). */
export interface DrawOutcome extends DrawJob {
  readonly test: Int32Array;
  /** LogME of the labelled rows (sizes above 0). */
  readonly logme?: number;
  /** With several sources: their ranking on this draw's labelled rows (where the evidence can rank them). */
  readonly sourceRank?: SourceRanking;
  /** The constant reference first, then the methods in the order asked. */
  readonly methods: readonly MethodOutcome[];
}

export interface DrawHooks {
  /** Called after each method (the constant reference included) on each draw. */
  readonly onMethod?: (job: DrawJob, method: string) => void;
  /** Called with each draw's outcome as it completes. */
  readonly onDraw?: (outcome: DrawOutcome) => void;
  readonly signal?: AbortSignal;
}

/**
 * Runs draws somewhere else (a worker pool) and resolves with one outcome per job, in any order. It rejects with an
 * error named AbortError once `hooks.signal` aborts, and settles only when nothing it started still runs.
 */
export type DrawExecutor = (request: {
  readonly data: ExperimentData;
  readonly settings: DrawSettings;
  readonly jobs: readonly DrawJob[];
  readonly hooks: DrawHooks;
}) => Promise<DrawOutcome[]>;

/** The one error of a cancelled comparison, wherever the abort landed (a network's training loop has its own). */
export function comparisonCancelled(): AbortError {
  return new AbortError('runExperiment', { message: 'the comparison was cancelled' });
}

function skipReason(method: TransferMethod, data: ExperimentData, k: number, Xu: DenseMatrix | undefined): string | undefined {
  const reason = method.unavailable?.(data);
  if (reason) return reason;
  if (k === 0 && method.needsLabels) return 'needs labelled target rows (size 0 is unsupervised adaptation)';
  if (k === 0 && method.needsTargetRows && (!Xu || Xu.rows === 0)) return 'needs target rows; unlabelled rows are switched off';
  return undefined;
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

/** Runs draws one at a time, sharing what they can: the source model, the source network, the methods' caches. */
export interface DrawRunner {
  run(job: DrawJob, hooks?: DrawHooks): Promise<DrawOutcome>;
  /** Frees the source network, if one was trained here (a given one stays the caller's). */
  close(): Promise<void>;
}

export interface DrawRunnerOptions {
  readonly signal?: AbortSignal;
  /** The network the neural methods start from instead of one trained on the source rows (this thread only). */
  readonly sourceNetwork?: Network;
}

/**
 * A runner of the experiment's draws in this thread. What draws share depends on nothing but the data and the
 * seed, so any split of the draws over runners (worker threads) gives the same outcomes.
 */
export function drawRunner(data: ExperimentData, settings: DrawSettings, options: DrawRunnerOptions = {}): DrawRunner {
  const { signal, sourceNetwork: given } = options;
  const methods = resolveMethods(settings.methods);
  const classification = data.task === 'classification';
  const { metric } = metricFor(data.task);
  let sourceModel: RidgeCV | RidgeClassifierCV | undefined;
  let network: Promise<Network> | undefined;
  const context: MethodContext = {
    data,
    sourceModel: () =>
      (sourceModel ??= classification
        ? new RidgeClassifierCV({ cv: 'evidence', classes: sourceClasses(data) }).fit(data.Xs, data.ys as readonly ClassLabel[])
        : new RidgeCV({ cv: 'evidence' }).fit(data.Xs, data.ys as Float64Array)),
    sourceNetwork: () => (given ? Promise.resolve(given) : (network ??= trainSourceNetwork(data, settings.seed, signal))),
    signal,
    cache: new Map(),
  };
  const useNetwork = methods.some((m) => m.neural);
  const all = [constantReference, ...methods];
  const run = async (job: DrawJob, hooks: DrawHooks = {}): Promise<DrawOutcome> => {
    const k = job.size;
    const drawSeed = deriveSeed(settings.seed, k, job.repeat);
    const split = sampleLabelled(data.Xt.rows, k, {
      seed: drawSeed,
      ...(classification ? { labels: data.yt as readonly ClassLabel[], perClass: settings.perClass } : {}),
    });
    const Xl = takeRows(data.Xt, split.train);
    const yl = pickLabels(data.yt, split.train);
    const Xtest = takeRows(data.Xt, split.test);
    const ytest = pickLabels(data.yt, split.test);
    const Xu: DenseMatrix | undefined = settings.useUnlabeled ? Xtest : undefined;
    const fits = new Map<string, FittedMethod>();
    const draw: DrawData = { Xl, yl, Xu, seed: drawSeed, shared: fits };
    const truthOf = (f: FittedMethod): number => metricOf(metric, rowValues(data.task, ytest, f.predict(Xtest)));
    const results: MethodOutcome[] = [];
    let logme: number | undefined;
    let sourceRank: SourceRanking | undefined;
    try {
      if (k > 0) logme = await transferabilityScore(context, useNetwork, Xl, yl);
      sourceRank = rankOnDraw(context, Xl, yl);
      for (const method of all) {
        if (signal?.aborted) throw comparisonCancelled();
        const reason = skipReason(method, data, k, Xu);
        if (reason) results.push({ name: method.name, skipped: reason });
        else {
          const fitted = await method.fit(context, draw);
          fits.set(method.name, fitted);
          const values = rowValues(data.task, ytest, fitted.predict(Xtest));
          const labelFree = labelFreeDraw(fitted, truthOf);
          results.push({
            name: method.name,
            score: metricOf(metric, values),
            values,
            ...(fitted.diagnostics ? { diagnostics: fitted.diagnostics } : {}),
            ...(labelFree ? { labelFree } : {}),
          });
        }
        hooks.onMethod?.(job, method.name);
      }
    } catch (error) {
      // One message for a cancelled run, wherever the abort landed (a network's training loop has its own).
      if ((error as Error | null)?.name === 'AbortError') throw comparisonCancelled();
      throw error;
    } finally {
      for (const f of fits.values()) f.dispose?.();
    }
    const outcome: DrawOutcome = {
      size: k,
      repeat: job.repeat,
      test: split.test,
      ...(k > 0 ? { logme } : {}),
      ...(sourceRank ? { sourceRank } : {}),
      methods: results,
    };
    hooks.onDraw?.(outcome);
    await tf.nextFrame();
    return outcome;
  };
  const close = async (): Promise<void> => {
    if (network) (await network.catch(() => undefined))?.dispose();
  };
  return { run, close };
}

/** Runs the given draws one after the other in this thread and returns their outcomes in job order. */
export async function runDraws(
  data: ExperimentData,
  settings: DrawSettings,
  jobs: readonly DrawJob[],
  hooks: DrawHooks = {},
  sourceNetwork?: Network,
): Promise<DrawOutcome[]> {
  const runner = drawRunner(data, settings, { signal: hooks.signal, ...(sourceNetwork ? { sourceNetwork } : {}) });
  const outcomes: DrawOutcome[] = [];
  try {
    for (const job of jobs) outcomes.push(await runner.run(job, hooks));
  } finally {
    await runner.close();
  }
  return outcomes;
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
function labelFreeDraw(fitted: FittedMethod, truthOf: (f: FittedMethod) => number): MethodOutcome['labelFree'] {
  const d = fitted.diagnostics ?? {};
  const risk = d.labelFreeRisk as Readonly<Record<string, number>> | undefined;
  if (!risk || !fitted.scored) return undefined;
  const truth: Record<string, number> = {};
  for (const [name, f] of fitted.scored) truth[name] = truthOf(f);
  return {
    scorer: typeof d.scorer === 'string' ? d.scorer : 'unknown',
    chosen: typeof d.chosen === 'string' ? d.chosen : '',
    risk,
    truth,
  };
}
