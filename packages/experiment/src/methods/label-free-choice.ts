import { BadDataError, kFold, takeRows, zeros, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import { ULSIF } from '@tlkit/transfer-instance';
import type { ExperimentData } from '../experiment-data.js';
import { importanceWeightedRisk } from '../label-free/iwcv.js';
import { sourceClasses } from '../source-network.js';
import type { DrawData, FittedMethod, Labels, MethodContext, TransferMethod } from './method.js';
import { pickLabels, rowValues } from './scoring.js';

/** The label-free scorer auto uses at size 0, named in its diagnostics and the report. */
export const LABEL_FREE_SCORER = 'iwcv';

/** Folds of importance-weighted cross-validation over the source rows (Sugiyama et al. 2007 use 5). */
const IWCV_FOLDS = 5;

export interface LabelFreeChoice {
  readonly chosen: string;
  readonly scorer: typeof LABEL_FREE_SCORER;
  /** Each candidate's importance-weighted CV risk (squared error, or 0–1 error for classes): lower ranks higher. */
  readonly risk: Readonly<Record<string, number>>;
}

/** Candidates auto can score without target labels: those that fit on source rows and unlabelled target rows alone. */
export function labelFreeCandidates(candidates: readonly TransferMethod[], data: ExperimentData): TransferMethod[] {
  return candidates.filter((m) => !m.needsLabels && !m.neural && !m.unavailable?.(data));
}

function emptyLabels(data: ExperimentData): Labels {
  return data.task === 'classification' ? [] : new Float64Array(0);
}

/** A context whose source rows are one fold's training rows (its own source model and cache). */
function foldContext(context: MethodContext, train: Int32Array): MethodContext {
  const { data } = context;
  const sub: ExperimentData = { ...data, Xs: takeRows(data.Xs, train), ys: pickLabels(data.ys, train) };
  let model: RidgeCV | RidgeClassifierCV | undefined;
  return {
    data: sub,
    sourceModel: () =>
      (model ??=
        sub.task === 'classification'
          ? new RidgeClassifierCV({ cv: 'evidence', classes: sourceClasses(sub) }).fit(sub.Xs, sub.ys as readonly ClassLabel[])
          : new RidgeCV({ cv: 'evidence' }).fit(sub.Xs, sub.ys as Float64Array)),
    sourceNetwork: context.sourceNetwork,
    ...(context.signal ? { signal: context.signal } : {}),
    cache: new Map(),
  };
}

/**
 * Each candidate's importance-weighted cross-validation risk (Sugiyama, Krauledat & Müller 2007): k-fold over the
 * labelled source rows, every held-out source row's loss weighted by uLSIF's estimate of p_target/p_source at it (fitted
 * on the source rows and the unlabelled target rows), self-normalised. No target label is read.
 */
export async function iwcvRisks(
  candidates: readonly TransferMethod[],
  context: MethodContext,
  Xu: DenseMatrix,
  seed: number,
): Promise<Record<string, number>> {
  const { data } = context;
  const weights = new ULSIF({ seed }).fit(data.Xs, Xu).weights;
  const n = data.Xs.rows;
  const folds = kFold(n, Math.min(IWCV_FOLDS, n), { seed });
  const risk: Record<string, number> = {};
  for (const method of candidates) {
    const losses = new Float64Array(n);
    for (const { train, test } of folds) {
      const ctx = foldContext(context, train);
      const fitted = await method.fit(ctx, { Xl: zeros(0, data.Xs.cols), yl: emptyLabels(data), Xu, seed });
      try {
        const v = rowValues(data.task, pickLabels(data.ys, test), fitted.predict(takeRows(data.Xs, test)));
        test.forEach((row, j) => (losses[row] = data.task === 'classification' ? 1 - v[j] : v[j]));
      } finally {
        fitted.dispose?.();
      }
    }
    risk[method.name] = importanceWeightedRisk(losses, weights, { selfNormalised: true });
  }
  return risk;
}

/**
 * auto at size 0: no labelled target row, so no leave-one-out. The candidates that need no labels are ranked by
 * importance-weighted CV on the source rows and the one with the least risk is fitted on the draw. `scored` keeps every
 * candidate's fit so the runner can set the scorer's ranking beside the truth on the test rows — which a user of a real
 * unsupervised task would not have; the choice never sees them.
 */
export async function chooseWithoutLabels(
  candidates: readonly TransferMethod[],
  context: MethodContext,
  draw: DrawData,
): Promise<{ choice: LabelFreeChoice; fits: Map<string, FittedMethod>; own: FittedMethod[] }> {
  const { data } = context;
  if (!draw.Xu || draw.Xu.rows === 0) throw new BadDataError('auto: at size 0 it chooses on unlabelled target rows, and none were given');
  if (data.Xs.rows < IWCV_FOLDS) throw new BadDataError(`auto: at size 0 it needs at least ${IWCV_FOLDS} source rows to cross-validate`);
  const usable = labelFreeCandidates(candidates, data);
  if (usable.length === 0) throw new BadDataError('auto: no candidate method can run without labelled target rows');
  const risk = await iwcvRisks(usable, context, draw.Xu, draw.seed);
  const chosen = usable.reduce((a, b) => (risk[b.name] < risk[a.name] ? b : a)).name;
  const fits = new Map<string, FittedMethod>();
  const own: FittedMethod[] = [];
  for (const method of usable) {
    let fitted = draw.shared?.get(method.name);
    if (!fitted) {
      fitted = await method.fit(context, draw);
      own.push(fitted);
    }
    fits.set(method.name, fitted);
  }
  return { choice: { chosen, scorer: LABEL_FREE_SCORER, risk }, fits, own };
}
