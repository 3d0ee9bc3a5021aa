import { kFold, takeRows } from '@tlkit/tensor-core';
import type { TransferMethod } from './method.js';
import { metricFor, pickLabels, score } from './scoring.js';

/**
 * `auto`: chooses among candidate methods by cross-validation on the k labelled target rows only (k-fold, at most 5
 * folds, leave-one-out below that) — the test rows are never looked at — then refits the winner on all k rows.
 */
export function autoMethod(candidates: readonly TransferMethod[]): TransferMethod {
  return {
    name: 'auto',
    needsLabels: true,
    neural: false,
    async fit(context, draw) {
      const { data } = context;
      const { lowerIsBetter } = metricFor(data.task);
      const n = draw.Xl.rows;
      const usable = candidates.filter((m) => !m.unavailable?.(data));
      let best: TransferMethod | undefined;
      let bestScore = lowerIsBetter ? Infinity : -Infinity;
      if (n >= 2) {
        const folds = kFold(n, Math.min(5, n), { seed: draw.seed });
        for (const method of usable) {
          let total = 0;
          let count = 0;
          for (const fold of folds) {
            const sub = { Xl: takeRows(draw.Xl, fold.train), yl: pickLabels(draw.yl, fold.train), Xu: draw.Xu, seed: draw.seed };
            try {
              const fitted = await method.fit(context, sub);
              const truth = pickLabels(draw.yl, fold.test);
              total += score(data.task, truth, fitted.predict(takeRows(draw.Xl, fold.test))) * fold.test.length;
              fitted.dispose?.();
            } catch {
              total = lowerIsBetter ? Infinity : -Infinity;
            }
            count += fold.test.length;
          }
          const mean = total / count;
          if (lowerIsBetter ? mean < bestScore : mean > bestScore) {
            bestScore = mean;
            best = method;
          }
        }
      }
      const chosen = best ?? usable[0];
      const fitted = await chosen.fit(context, draw);
      return { predict: (X) => fitted.predict(X), chosen: chosen.name, lambda: fitted.lambda, dispose: () => fitted.dispose?.() };
    },
  };
}
