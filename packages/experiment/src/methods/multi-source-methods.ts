import { ShapeMismatchError, checkSavedHeader, type DenseMatrix } from '@tlkit/tensor-core';
import type { ClassLabel } from '@tlkit/ridge';
import type { ExperimentData, NamedSource } from '../experiment-data.js';
import { fitMultiSourcePrior, fitSourceHead, type SourceHead } from '../multi-source.js';
import { METHOD_LEGEND } from '../method-names.js';
import type { DrawData, FittedMethod, Labels, MethodContext, RestoreInfo, TransferMethod } from './method.js';
import { labelsOf, labelsWithout, restoreHead, ridgeFitted, targetMatrix, without } from './ridge-fit.js';
import { choosePoolWeights, fitPool, poolStatistics, predictPool, type PoolStatistics, type PoolSolution } from './weighted-pool.js';
import { ALL_SOURCES, NO_SOURCE } from '../source-keys.js';

export { ALL_SOURCES, NO_SOURCE } from '../source-keys.js';

/** Why a multi-source method cannot run: fewer than two sources. */
function multiSourceReason(data: ExperimentData): string | undefined {
  return (data.sources?.length ?? 0) >= 2 ? undefined : 'needs two or more sources (several --source files, or sources in the library)';
}

function sourcesOf(data: ExperimentData): readonly NamedSource[] {
  return data.sources ?? [];
}

/** Each source's ridge model, fitted once per experiment. */
export function sourceHeads(context: MethodContext): readonly SourceHead[] {
  let heads = context.cache.get('multi-source heads') as SourceHead[] | undefined;
  if (!heads) {
    const { data } = context;
    heads = sourcesOf(data).map((s) => fitSourceHead(data.task, s));
    context.cache.set('multi-source heads', heads);
  }
  return heads;
}

/** The name with the largest share, or NO_SOURCE when "no source" has the largest. */
export function leanedOnOf(shares: Readonly<Record<string, number>>): string {
  let best = NO_SOURCE;
  let top = -Infinity;
  for (const [name, share] of Object.entries(shares)) {
    if (share > top) {
      top = share;
      best = name;
    }
  }
  return best;
}

/** Multi-source parameter transfer: ridge pulled toward the sources' weights averaged by their posterior (see multi-source.ts). */
export const multiParam: TransferMethod = {
  name: 'multi:param',
  summary: METHOD_LEGEND['multi:param'],
  needsLabels: true,
  needsSourceRows: true,
  neural: false,
  unavailable: multiSourceReason,
  fit(context, draw) {
    const { data } = context;
    const sources = sourcesOf(data);
    const options = { models: sourceHeads(context), ...(data.classes ? { classes: data.classes } : {}) };
    const fitOn = (X: DenseMatrix, y: Labels) => fitMultiSourcePrior(sources, X, y, options);
    const fit = fitOn(draw.Xl, draw.yl);
    const shares = { ...fit.shares, [NO_SOURCE]: fit.ranking.none };
    const saved = { model: fit.model.toJSON(), shares, ranking: fit.ranking };
    return Promise.resolve(
      ridgeFitted({
        data,
        draw,
        head: fit.model,
        refitWithout: (i) => fitOn(without(draw.Xl, i), labelsWithout(draw.yl, i)).model,
        toJSON: () => saved,
        diagnostics: { lambda: fit.model.alpha, leanedOn: leanedOnOf(shares), sourceShares: shares },
      }),
    );
  },
  restore(saved, info) {
    const s = saved as { model?: unknown; shares?: Record<string, number> } | null;
    if (!s?.model) throw new TypeError('the saved multi:param has no model');
    const head = restoreHead(s.model, info);
    const shares = s.shares ?? {};
    return Promise.resolve({ ...head, toJSON: () => saved, diagnostics: { leanedOn: leanedOnOf(shares), sourceShares: shares } });
  },
};

/** The sources' pooled statistics, targets in the data's output columns (±1 per class for classification). */
function poolSources(context: MethodContext): readonly PoolStatistics[] {
  let stats = context.cache.get('multi:pooled statistics') as PoolStatistics[] | undefined;
  if (!stats) {
    const { data } = context;
    stats = sourcesOf(data).map((s) => poolStatistics(s.X, targetMatrix(s.y, data.classes)));
    context.cache.set('multi:pooled statistics', stats);
  }
  return stats;
}

interface SavedPool {
  readonly kind: 'WeightedPool';
  readonly version: 1;
  readonly coef: number[];
  readonly intercept: number[];
  readonly features: number;
  readonly classes?: ClassLabel[];
  readonly alpha: number;
  readonly weights: Record<string, number>;
  readonly shares: Record<string, number>;
}

function pooledFitted(
  solution: PoolSolution,
  classes: readonly ClassLabel[] | undefined,
  saved: SavedPool,
  extra: Partial<FittedMethod>,
): FittedMethod {
  const outputs = (X: DenseMatrix) => {
    if (X.rows > 0 && X.cols !== saved.features)
      throw new ShapeMismatchError(`multi:pooled: X has ${X.cols} columns, the model ${saved.features}`);
    return predictPool(solution, X);
  };
  return {
    predict: (X) => labelsOf(outputs(X), classes),
    outputs,
    toJSON: () => saved,
    diagnostics: {
      alpha: saved.alpha,
      leanedOn: leanedOnOf(saved.shares),
      sourceWeights: saved.weights,
      sourceShares: saved.shares,
    },
    ...extra,
  };
}

/** Each source's share of the pooled fit's total row weight, and the labelled rows' share as NO_SOURCE. */
function poolShares(sources: readonly NamedSource[], weights: readonly number[], labelled: number): Record<string, number> {
  const total = sources.reduce((t, s, j) => t + weights[j] * s.X.rows, labelled);
  return { ...Object.fromEntries(sources.map((s, j) => [s.name, (weights[j] * s.X.rows) / total])), [NO_SOURCE]: labelled / total };
}

/** Leave-one-out on the labelled rows with the whole choice (weights and alpha) made again without each row. */
function nestedLeaveOneOut(stats: readonly PoolStatistics[], draw: DrawData, classes: readonly ClassLabel[] | undefined): DenseMatrix {
  const n = draw.Xl.rows;
  const cols = classes?.length ?? 1;
  const out = new Float64Array(n * cols).fill(NaN);
  if (n < 3) return { rows: n, cols, data: out };
  const d = draw.Xl.cols;
  for (let i = 0; i < n; i++) {
    const X = without(draw.Xl, i);
    const Y = targetMatrix(labelsWithout(draw.yl, i), classes);
    const solution = fitPool(stats, X, Y, choosePoolWeights(stats, X, Y));
    out.set(predictPool(solution, { rows: 1, cols: d, data: draw.Xl.data.subarray(i * d, (i + 1) * d) }).data, i * cols);
  }
  return { rows: n, cols, data: out };
}

/** Pooling with per-source weights, chosen by exact leave-one-out on the labelled target rows (weighted-pool.ts). */
export const multiPooled: TransferMethod = {
  name: 'multi:pooled',
  summary: METHOD_LEGEND['multi:pooled'],
  needsLabels: true,
  needsSourceRows: true,
  neural: false,
  unavailable: multiSourceReason,
  fit(context, draw) {
    const { data } = context;
    const sources = sourcesOf(data);
    const stats = poolSources(context);
    const Yl = targetMatrix(draw.yl, data.classes);
    const choice = choosePoolWeights(stats, draw.Xl, Yl);
    const solution = fitPool(stats, draw.Xl, Yl, choice);
    const saved: SavedPool = {
      kind: 'WeightedPool',
      version: 1,
      coef: Array.from(solution.coef),
      intercept: Array.from(solution.intercept),
      features: draw.Xl.cols,
      ...(data.classes ? { classes: [...data.classes] } : {}),
      alpha: choice.alpha,
      weights: Object.fromEntries(sources.map((s, j) => [s.name, choice.weights[j]])),
      shares: poolShares(sources, choice.weights, draw.Xl.rows),
    };
    return Promise.resolve(
      pooledFitted(solution, data.classes, saved, { leaveOneOut: () => nestedLeaveOneOut(stats, draw, data.classes) }),
    );
  },
  restore(saved, info: RestoreInfo) {
    const s = checkSavedHeader('multi:pooled', saved, { kind: 'WeightedPool', version: 1 }) as Partial<SavedPool>;
    const outputs = info.classes?.length ?? 1;
    if (!Array.isArray(s.coef) || !Array.isArray(s.intercept) || typeof s.features !== 'number' || s.intercept.length !== outputs) {
      throw new TypeError('the saved multi:pooled has no coefficients in the task’s output columns');
    }
    if (s.coef.length !== s.features * outputs || !s.coef.every(Number.isFinite) || !s.intercept.every(Number.isFinite)) {
      throw new TypeError(`the saved multi:pooled has ${s.coef.length} coefficients, expected ${s.features * outputs}`);
    }
    const solution = { coef: Float64Array.from(s.coef), intercept: Float64Array.from(s.intercept) };
    return Promise.resolve(pooledFitted(solution, info.classes, s as SavedPool, {}));
  },
};

/**
 * How a fit on a multi-source run leans on the sources: a multi-source method's own shares; target-only none
 * (NO_SOURCE); every other method uses the sources stacked as one (ALL_SOURCES).
 */
export function sourceSharesOf(method: string, fitted: FittedMethod): Readonly<Record<string, number>> {
  const own = fitted.diagnostics?.sourceShares;
  if (typeof own === 'object') return own;
  return method === 'target-only' ? { [NO_SOURCE]: 1 } : { [ALL_SOURCES]: 1 };
}
