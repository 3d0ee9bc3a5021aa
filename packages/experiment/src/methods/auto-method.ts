import { BadDataError, ShapeMismatchError, type DenseMatrix } from '@tlkit/tensor-core';
import type { ClassLabel } from '@tlkit/ridge';
import { chooseWeights, type AutoChoice } from './auto-weights.js';
import { chooseWithoutLabels, type LabelFreeChoice } from './label-free-choice.js';
import type { Diagnostic, DrawData, FittedMethod, MethodContext, TransferMethod } from './method.js';
import { METHOD_LEGEND, methodMeaning } from '../method-names.js';
import { labelsOf, targetMatrix } from './ridge-fit.js';
import { leanedOnOf, sourceSharesOf } from './multi-source-methods.js';

interface Candidate {
  readonly method: TransferMethod;
  readonly fitted: FittedMethod;
  readonly loo: DenseMatrix;
}

/** The project's errors for data a method cannot use: such a candidate is left out; any other error is a bug and propagates. */
function unusable(error: unknown): boolean {
  return error instanceof BadDataError || error instanceof ShapeMismatchError;
}

function combine(parts: readonly { weight: number; outputs: DenseMatrix }[]): DenseMatrix {
  const first = parts[0].outputs;
  const out = new Float64Array(first.data.length);
  for (const { weight, outputs } of parts) for (let i = 0; i < out.length; i++) out[i] += weight * outputs.data[i];
  return { rows: first.rows, cols: first.cols, data: out };
}

interface SavedAuto {
  readonly candidates: readonly { method: string; weight: number; model: unknown }[];
  readonly choice: AutoChoice;
  /** At size 0: the label-free scorer's risks behind the choice. */
  readonly labelFree?: LabelFreeChoice;
  /** With several sources: how much the combination leans on each (the candidates' shares, weighted; see sourceSharesOf). */
  readonly sourceShares?: Readonly<Record<string, number>>;
}

/**
 * `auto`: a choice made on the k labelled target rows only — the test rows are never looked at. Every candidate is a
 * ridge-headed method whose exact leave-one-out outputs on the labelled rows come in closed form (no refits); the
 * candidates' leave-one-out outputs are combined by non-negative weights summing to one (see auto-weights.ts), and the
 * combination of the candidates fitted on all k rows is the prediction.
 */
export function autoMethod(
  candidates: readonly TransferMethod[],
  name = 'auto',
  registry: readonly TransferMethod[] = candidates,
  /** The candidates at size 0, chosen among without labels (default: `candidates`). */
  unlabelledCandidates: readonly TransferMethod[] = candidates,
  /** Slow methods that join the candidates on draws where they are quick after all (their `cheapFor`). */
  whenCheap: readonly TransferMethod[] = [],
): TransferMethod {
  return {
    name,
    summary: methodMeaning(name) ?? METHOD_LEGEND.auto,
    needsLabels: false,
    needsTargetRows: true,
    needsSourceRows: candidates.some((m) => m.needsSourceRows),
    neural: false,
    fit: (context, draw) =>
      draw.Xl.rows === 0
        ? fitWithoutLabels(unlabelledCandidates, context, draw)
        : fitAuto([...candidates, ...whenCheap.filter((m) => m.cheapFor?.(context, draw))], context, draw),
    async restore(saved, info) {
      const s = saved as Partial<SavedAuto> | null;
      if (!s || !Array.isArray(s.candidates) || s.candidates.length === 0 || typeof s.choice !== 'object') {
        throw new TypeError('the saved auto has no candidates');
      }
      const candidates: readonly { method: unknown; weight: number; model: unknown }[] = s.candidates;
      const parts = await Promise.all(
        candidates.map(async (c) => {
          const method = registry.find((m) => m.name === c.method);
          if (!method) throw new TypeError(`the saved auto names an unknown method "${String(c.method)}"`);
          return { weight: c.weight, fitted: await method.restore(c.model, info) };
        }),
      );
      return combined(parts, info.classes, () => s as SavedAuto, (s as SavedAuto).choice, {
        labelFree: s.labelFree,
        sourceShares: s.sourceShares,
      });
    },
  };
}

function combined(
  parts: readonly { weight: number; fitted: FittedMethod }[],
  classes: readonly ClassLabel[] | undefined,
  saved: () => SavedAuto,
  choice: AutoChoice,
  extra: {
    readonly loo?: readonly DenseMatrix[];
    readonly labelFree?: LabelFreeChoice;
    readonly scored?: ReadonlyMap<string, FittedMethod>;
    readonly own?: readonly FittedMethod[];
    readonly sourceShares?: Readonly<Record<string, number>>;
  } = {},
): FittedMethod {
  const { loo, labelFree, scored, own = [], sourceShares } = extra;
  const reliance: Record<string, Diagnostic> = sourceShares ? { leanedOn: leanedOnOf(sourceShares), sourceShares } : {};
  const outputs = (X: DenseMatrix) =>
    parts.length === 1 && parts[0].fitted.outputs === undefined
      ? undefined
      : combine(parts.map((p) => ({ weight: p.weight, outputs: (p.fitted.outputs as (X: DenseMatrix) => DenseMatrix)(X) })));
  return {
    predict: (X) => {
      if (parts.length === 1) return parts[0].fitted.predict(X);
      return labelsOf(outputs(X) as DenseMatrix, classes);
    },
    outputs: (X) => outputs(X) as DenseMatrix,
    // The candidates' leave-one-out outputs, weighted: the weights were chosen on them, so slightly optimistic.
    ...(loo ? { leaveOneOut: () => combine(parts.map((p, i) => ({ weight: p.weight, outputs: loo[i] }))) } : {}),
    toJSON: saved,
    diagnostics: labelFree
      ? { chosen: labelFree.chosen, scorer: labelFree.scorer, labelFreeRisk: labelFree.risk, ...reliance }
      : { chosen: choice.chosen, weights: choice.weights, looMse: choice.looMse, ...reliance },
    ...(scored ? { scored } : {}),
    dispose: () => {
      for (const p of parts) p.fitted.dispose?.();
      for (const f of own) if (!parts.some((p) => p.fitted === f)) f.dispose?.();
    },
  };
}

async function fitAuto(candidates: readonly TransferMethod[], context: MethodContext, draw: DrawData): Promise<FittedMethod> {
  const { data } = context;
  const usable: Candidate[] = [];
  const own: FittedMethod[] = [];
  for (const method of candidates) {
    if (method.unavailable?.(data)) continue;
    let fitted = draw.shared?.get(method.name);
    if (!fitted) {
      try {
        fitted = await method.fit(context, draw);
      } catch (error) {
        if (unusable(error)) continue;
        throw error;
      }
      own.push(fitted);
    }
    const loo = fitted.leaveOneOut?.();
    if (loo) usable.push({ method, fitted, loo });
  }
  if (usable.length === 0) throw new BadDataError('auto: no candidate method can run on these rows');
  const Y = targetMatrix(draw.yl, data.classes);
  // With too few rows for any leave-one-out, the source model if it can serve, else the first candidate.
  const fallback = (usable.find((c) => c.method.name === 'source-only') ?? usable[0]).method.name;
  const choice = chooseWeights(
    usable.map((c) => ({ name: c.method.name, loo: c.loo })),
    Y,
    data.task,
    fallback,
  );
  const kept = usable.filter((c) => (choice.weights[c.method.name] ?? 0) > 0);
  for (const f of own) if (!kept.some((c) => c.fitted === f)) f.dispose?.();
  const sourceShares = combinedShares(
    data,
    kept.map((c) => ({ name: c.method.name, weight: choice.weights[c.method.name], fitted: c.fitted })),
  );
  const saved = (): SavedAuto => ({
    candidates: kept.map((c) => ({ method: c.method.name, weight: choice.weights[c.method.name], model: c.fitted.toJSON() })),
    choice,
    ...(sourceShares ? { sourceShares } : {}),
  });
  return combined(
    kept.map((c) => ({ weight: choice.weights[c.method.name], fitted: c.fitted })),
    data.classes,
    saved,
    choice,
    { loo: kept.map((c) => c.loo), sourceShares },
  );
}

/** With several sources: the weighted sum of the kept candidates' source shares (undefined with one source). */
function combinedShares(
  data: MethodContext['data'],
  parts: readonly { name: string; weight: number; fitted: FittedMethod }[],
): Record<string, number> | undefined {
  if ((data.sources?.length ?? 0) < 2) return undefined;
  const out: Record<string, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(sourceSharesOf(p.name, p.fitted))) out[k] = (out[k] ?? 0) + p.weight * v;
  return out;
}

async function fitWithoutLabels(candidates: readonly TransferMethod[], context: MethodContext, draw: DrawData): Promise<FittedMethod> {
  const { choice, fits, own } = await chooseWithoutLabels(candidates, context, draw);
  const fitted = fits.get(choice.chosen) as FittedMethod;
  const autoChoice: AutoChoice = { chosen: choice.chosen, weights: { [choice.chosen]: 1 }, looMse: {} };
  const sourceShares = combinedShares(context.data, [{ name: choice.chosen, weight: 1, fitted }]);
  const saved = (): SavedAuto => ({
    candidates: [{ method: choice.chosen, weight: 1, model: fitted.toJSON() }],
    choice: autoChoice,
    labelFree: choice,
    ...(sourceShares ? { sourceShares } : {}),
  });
  return combined([{ weight: 1, fitted }], context.data.classes, saved, autoChoice, {
    labelFree: choice,
    scored: fits,
    own,
    sourceShares,
  });
}
