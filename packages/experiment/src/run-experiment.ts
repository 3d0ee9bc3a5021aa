import * as tf from '@tensorflow/tfjs';
import { Random, sampleLabelled, takeRows, throwIfAborted, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import { cnn, embed, mlp, train, type Network } from '@tlkit/nn';
import type { ExperimentData } from './experiment-data.js';
import { logME, oneHot } from './logme.js';
import { DEFAULT_METHODS } from './method-names.js';
import { resolveMethods } from './methods/registry.js';
import { metricFor, pickLabels, score } from './methods/scoring.js';
import type { FittedMethod, MethodContext, TransferMethod } from './methods/method.js';
import type { ExperimentReport, MethodResult, SizeSummary, Transferability, VerdictEntry } from './report.js';
import { summarise, verdictOf } from './statistics.js';

export interface ExperimentOptions {
  /** Target sizes k: labelled target rows in total, or per class with `perClass` (0: unsupervised adaptation). */
  readonly sizes?: readonly number[];
  readonly perClass?: boolean;
  readonly repeats?: number;
  readonly methods?: readonly string[];
  readonly seed?: number;
  /** Let alignment methods use the unlabelled target (test) rows — the transductive protocol (default true). */
  readonly useUnlabeled?: boolean;
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

function sourceClasses(data: ExperimentData): ClassLabel[] {
  return [...new Set(data.ys as readonly ClassLabel[])];
}

async function trainSourceNetwork(data: ExperimentData, seed: number, signal?: AbortSignal): Promise<Network> {
  const output =
    data.task === 'classification'
      ? ({ kind: 'classification', classes: sourceClasses(data) } as const)
      : ({ kind: 'regression', units: 1 } as const);
  const shape = data.inputShape;
  const network = shape
    ? cnn({ height: shape[0], width: shape[1], channels: shape[2] ?? 1, kernelSize: 3, filters: [8, 16], dense: [32], output, seed })
    : mlp({ inputDim: data.Xs.cols, hidden: [64, 32], output, seed });
  const n = data.Xs.rows;
  await train(
    network,
    { X: data.Xs, y: data.ys },
    {
      epochs: Math.max(5, Math.min(200, Math.round(20000 / n))),
      batchSize: 32,
      learningRate: 3e-3,
      validation: 0.1,
      earlyStopping: { patience: 10 },
      seed,
      signal,
    },
  );
  return network;
}

/**
 * Runs a learning-curve comparison: for each target size and each seeded repeat, one draw of labelled target rows
 * (stratified by class for classification) with the rest as test rows, and every method on that same draw. Reports
 * per method and size the mean, standard deviation and 95% CI of the metric (RMSE or accuracy), paired verdicts
 * against target-only (and source-only at size 0), LogME of the source representation and parameter transfer's λ.
 */
export async function runExperiment(data: ExperimentData, options: ExperimentOptions = {}): Promise<ExperimentReport> {
  const started = performance.now();
  const sizes = options.sizes ?? [5, 10, 20];
  const repeats = options.repeats ?? 10;
  const seed = options.seed ?? 0;
  const perClass = options.perClass ?? false;
  const useUnlabeled = options.useUnlabeled ?? true;
  const methodNames = options.methods ?? DEFAULT_METHODS;
  const methods = resolveMethods(methodNames);
  if (!Number.isInteger(repeats) || repeats < 2) throw new RangeError(`runExperiment: repeats must be an integer ≥ 2, got ${repeats}`);
  const classification = data.task === 'classification';
  const nt = data.Xt.rows;
  for (const k of sizes) {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`runExperiment: sizes must be integers ≥ 0, got ${k}`);
    const needed = perClass ? k * (data.classes?.length ?? 1) : k;
    if (needed >= nt)
      throw new RangeError(
        `runExperiment: size ${k}${perClass ? ' per class' : ''} needs ${needed} labelled target rows and leaves none to test; the target has ${nt}`,
      );
  }
  const { metric, lowerIsBetter } = metricFor(data.task);
  let sourceModel: RidgeCV | RidgeClassifierCV | undefined;
  let network: Promise<Network> | undefined;
  const context: MethodContext = {
    data,
    sourceModel: () =>
      (sourceModel ??= classification
        ? new RidgeClassifierCV({ cv: 'evidence', classes: sourceClasses(data) }).fit(data.Xs, data.ys as readonly ClassLabel[])
        : new RidgeCV({ cv: 'evidence' }).fit(data.Xs, data.ys as Float64Array)),
    sourceNetwork: () => (network ??= trainSourceNetwork(data, seed, options.signal)),
    signal: options.signal,
  };
  const useNetwork = methods.some((m) => m.neural);
  const scores = new Map<string, number[]>();
  const skipped = new Map<string, string>();
  const transferability: Transferability[] = [];
  const total = sizes.length * repeats * methods.length;
  let done = 0;
  try {
    for (const k of sizes) {
      const lambdas: number[] = [];
      const logmes: number[] = [];
      const autoChoices: Record<string, number> = {};
      for (let r = 0; r < repeats; r++) {
        const drawSeed = new Random(seed * 7919 + k * 104729 + r).nextSeed();
        const split = sampleLabelled(nt, k, {
          seed: drawSeed,
          ...(classification ? { labels: data.yt as readonly ClassLabel[], perClass } : {}),
        });
        const Xl = takeRows(data.Xt, split.train);
        const yl = pickLabels(data.yt, split.train);
        const Xtest = takeRows(data.Xt, split.test);
        const ytest = pickLabels(data.yt, split.test);
        const Xu: DenseMatrix | undefined = useUnlabeled ? Xtest : undefined;
        const draw = { Xl, yl, Xu, seed: drawSeed };
        if (k > 0) logmes.push(await transferabilityScore(context, useNetwork, Xl, yl));
        for (const method of methods) {
          throwIfAborted(options.signal, 'runExperiment');
          const key = `${method.name}@${k}`;
          const reason = skipReason(method, data, k, Xu);
          if (reason) {
            skipped.set(key, reason);
          } else {
            const fitted: FittedMethod = await method.fit(context, draw);
            try {
              const s = score(data.task, ytest, fitted.predict(Xtest));
              scores.set(key, [...(scores.get(key) ?? []), s]);
              if (method.name === 'param' && fitted.lambda !== undefined) lambdas.push(fitted.lambda);
              if (fitted.chosen) autoChoices[fitted.chosen] = (autoChoices[fitted.chosen] ?? 0) + 1;
            } finally {
              fitted.dispose?.();
            }
          }
          options.onProgress?.({ done: ++done, total, size: k, repeat: r, method: method.name });
        }
        await tf.nextFrame();
      }
      transferability.push({
        size: k,
        logme: logmes.some(Number.isFinite) ? summarise(logmes.filter(Number.isFinite)).mean : null,
        lambdaMedian: lambdas.length > 0 ? median(lambdas) : null,
        autoChoices,
      });
    }
  } finally {
    if (network) (await network).dispose();
  }
  const results: MethodResult[] = [];
  for (const k of sizes) {
    for (const method of methods) {
      const key = `${method.name}@${k}`;
      const values = scores.get(key) ?? [];
      const s = summarise(values);
      results.push({
        method: method.name,
        size: k,
        mean: s.mean,
        std: s.std,
        ci: s.ci,
        repeats: values.length,
        scores: values,
        ...(skipped.has(key) ? { skipped: skipped.get(key) } : {}),
      });
    }
  }
  const verdicts = computeVerdicts(results, sizes, lowerIsBetter);
  return {
    task: data.task,
    metric,
    lowerIsBetter,
    sizes: [...sizes],
    perClass,
    repeats,
    seed,
    useUnlabeled,
    methods: methods.map((m) => m.name),
    sourceRows: data.Xs.rows,
    targetRows: nt,
    results,
    verdicts,
    summary: summariseSizes(results, verdicts, sizes, lowerIsBetter, metric, perClass),
    transferability,
    seconds: (performance.now() - started) / 1000,
    protocol:
      `For each size k and each of ${repeats} seeded repeats: draw k labelled target rows${perClass ? ' per class' : ''}` +
      `${classification ? ' (stratified)' : ''}, test on all other target rows, run every method on that same draw. ` +
      (useUnlabeled ? 'Alignment methods may use the unlabelled test rows (transductive). ' : 'No unlabelled target rows are used. ') +
      'Baselines are tuned like the transfer methods (ridge alpha by evidence). Verdicts: paired 95% t-interval of the per-draw difference.',
  };
}

function skipReason(method: TransferMethod, data: ExperimentData, k: number, Xu: DenseMatrix | undefined): string | undefined {
  const reason = method.unavailable?.(data);
  if (reason) return reason;
  if (k === 0 && method.needsLabels) return 'needs labelled target rows (size 0 is unsupervised adaptation)';
  if (k === 0 && method.needsTargetRows && (!Xu || Xu.rows === 0)) return 'needs target rows; unlabelled rows are switched off';
  return undefined;
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
  const targets = data.task === 'classification' ? oneHot(yl as readonly ClassLabel[], data.classes ?? []) : (yl as Float64Array);
  return logME(features, targets).logme;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function computeVerdicts(results: readonly MethodResult[], sizes: readonly number[], lowerIsBetter: boolean): VerdictEntry[] {
  const out: VerdictEntry[] = [];
  for (const k of sizes) {
    const baselineName = k === 0 ? 'source-only' : 'target-only';
    const baseline = results.find((r) => r.size === k && r.method === baselineName && !r.skipped && r.scores.length > 0);
    if (!baseline) continue;
    for (const r of results) {
      if (r.size !== k || r.method === baselineName || r.skipped || r.scores.length !== baseline.scores.length) continue;
      if (k > 0 && r.method === 'source-only') continue;
      const diffs = r.scores.map((v, i) => v - baseline.scores[i]);
      const { verdict, difference } = verdictOf(diffs, lowerIsBetter);
      out.push({ size: k, method: r.method, baseline: baselineName, verdict, difference: difference.mean, ci: difference.ci });
    }
  }
  return out;
}

function summariseSizes(
  results: readonly MethodResult[],
  verdicts: readonly VerdictEntry[],
  sizes: readonly number[],
  lowerIsBetter: boolean,
  metric: string,
  perClass: boolean,
): SizeSummary[] {
  return sizes.map((k) => {
    const rows = `${k} target row${k === 1 ? '' : 's'}${perClass ? ' per class' : ''}`;
    const candidates = verdicts.filter((v) => v.size === k);
    if (candidates.length === 0)
      return { size: k, bestMethod: undefined, verdict: undefined, sentence: `${rows}: no comparison possible.` };
    const mean = (m: string) => results.find((r) => r.size === k && r.method === m)?.mean ?? NaN;
    const best = candidates.reduce((a, b) => ((lowerIsBetter ? mean(b.method) < mean(a.method) : mean(b.method) > mean(a.method)) ? b : a));
    const amount = `${Math.abs(best.difference).toFixed(metric === 'accuracy' ? 3 : 2)} ${metric}`;
    const sentence =
      best.verdict === 'helped'
        ? `${rows}: transfer helped — ${best.method} beats ${best.baseline} by ${amount} (95% CI excludes no difference).`
        : best.verdict === 'hurt'
          ? `${rows}: transfer hurt (negative transfer) — even the best method, ${best.method}, is worse than ${best.baseline} by ${amount}.`
          : `${rows}: no clear difference — the best method, ${best.method}, is within noise of ${best.baseline} (${best.difference >= 0 === lowerIsBetter ? 'worse' : 'better'} by ${amount} on average).`;
    const sourceOnly = k > 0 ? mean('source-only') : NaN;
    const sourceBest = Number.isFinite(sourceOnly) && (lowerIsBetter ? sourceOnly < mean(best.method) : sourceOnly > mean(best.method));
    const note = sourceBest
      ? ` The source model alone does better still (${sourceOnly.toFixed(metric === 'accuracy' ? 3 : 2)} ${metric}).`
      : '';
    return { size: k, bestMethod: best.method, verdict: best.verdict, sentence: sentence + note };
  });
}
