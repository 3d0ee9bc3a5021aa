import { gram, type DenseMatrix } from '@tlkit/tensor-core';
import { METHOD_LEGEND } from '../method-names.js';
import type { ClassLabel } from '@tlkit/ridge';
import { InstanceTransfer, TrAdaBoost, TwoStageTrAdaBoostR2, makeWeighting, type WeightingName } from '@tlkit/transfer-instance';
import { isClassification, type DrawData, type FittedMethod, type Labels, type TransferMethod } from './method.js';
import { alignColumns, headOutputs, ridgeFitted, targetMatrix, type RidgeHead } from './ridge-fit.js';
import { addMoments, leverages, looOutputs, momentsOf, type DesignMoments } from './ridge-loo.js';
import { seesEveryTargetRow, sharedWeighting } from './shared-weighting.js';
import type { ExperimentData } from '../experiment-data.js';

/** The moments Σ w x xᵀ, Σ w x, Σ w of the rows of X under per-row weights. */
function weightedMoments(X: DenseMatrix, w: Float64Array): DesignMoments {
  const { rows: n, cols: d, data } = X;
  const scaled = new Float64Array(n * d);
  const x = new Float64Array(d);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const r = Math.sqrt(w[i]);
    total += w[i];
    for (let j = 0; j < d; j++) {
      scaled[i * d + j] = r * data[i * d + j];
      x[j] += w[i] * data[i * d + j];
    }
  }
  return { xx: gram({ rows: n, cols: d, data: scaled }).data.slice(), x, w: total, d };
}

/**
 * Exact leave-one-out outputs of a weighted ridge head on the labelled target rows, the source weights and alpha held
 * fixed: the head saw the source rows under `sourceWeights` and the labelled rows under `targetWeight`, all rescaled to
 * mean 1 as the fit does. The weights come from rows without labels, so no left-out label shaped them.
 */
function weightedLeaveOneOut(data: ExperimentData, draw: DrawData, transfer: InstanceTransfer): DenseMatrix {
  const head = transfer.model as RidgeHead;
  const sw = transfer.sourceWeights;
  const m = draw.Xl.rows;
  let sum = m * transfer.targetWeight;
  let kept = 0;
  for (const v of sw) {
    if (v > 0) {
      sum += v;
      kept++;
    }
  }
  if (transfer.targetWeight > 0) kept += m;
  const s = kept / sum;
  const train = addMoments(
    weightedMoments(
      data.Xs,
      sw.map((v) => (v > 0 ? s * v : 0)),
    ),
    momentsOf(draw.Xl, s * transfer.targetWeight),
  );
  const h = leverages(train, head.alpha, draw.Xl, s * transfer.targetWeight);
  const classes = 'classes' in head ? head.classes : undefined;
  const raw = headOutputs(head, draw.Xl, classes);
  const loo = looOutputs(raw, targetMatrix(draw.yl, classes), h);
  return classes ? alignColumns(loo, classes, data.classes ?? classes) : loo;
}

interface WeightingSpec {
  readonly name: string;
  readonly weighting: WeightingName;
  readonly summary: string;
  readonly slow: boolean;
}

function weightingMethod(spec: WeightingSpec): TransferMethod {
  return {
    name: spec.name,
    summary: spec.summary,
    needsLabels: false,
    needsTargetRows: true,
    needsSourceRows: true,
    slow: spec.slow,
    // Where every draw sees every target row, the weights are fitted once per experiment and shared (shared-weighting.ts).
    cheapFor: seesEveryTargetRow,
    neural: false,
    fit(context, draw) {
      const { data } = context;
      const transfer = new InstanceTransfer({
        weighting: sharedWeighting(context, draw, spec.weighting) ?? makeWeighting(spec.weighting, draw.seed),
        head: data.task,
        cv: 'evidence',
        ...(data.classes ? { classes: data.classes } : {}),
      });
      const labelled = draw.Xl.rows > 0 ? { X: draw.Xl, y: draw.yl as Float64Array | ClassLabel[] } : undefined;
      transfer.fit({ X: data.Xs, y: data.ys }, labelled, draw.Xu && draw.Xu.rows > 0 ? { targetUnlabeled: draw.Xu } : {});
      const fitted = ridgeFitted({
        data,
        draw,
        head: transfer.model as RidgeHead,
        predict: (X) => transfer.predict(X),
        toJSON: () => transfer.toJSON(),
        diagnostics: { effectiveSourceRows: transfer.effectiveSourceRows },
      });
      return Promise.resolve({ ...fitted, leaveOneOut: () => weightedLeaveOneOut(data, draw, transfer) });
    },
    restore(saved, info) {
      const transfer = InstanceTransfer.fromJSON(saved);
      return Promise.resolve({
        predict: (X) => transfer.predict(X) as Labels,
        outputs: (X) => headOutputs(transfer.model as RidgeHead, X, info.classes),
        toJSON: () => transfer.toJSON(),
        diagnostics: { effectiveSourceRows: transfer.effectiveSourceRows },
      });
    },
  };
}

export const instanceIw = weightingMethod({
  name: 'instance:iw',
  weighting: 'domain-classifier',
  summary: METHOD_LEGEND['instance:iw'],
  slow: true,
});
export const instanceKmm = weightingMethod({
  name: 'instance:kmm',
  weighting: 'kmm',
  summary: METHOD_LEGEND['instance:kmm'],
  slow: true,
});
export const instanceKliep = weightingMethod({
  name: 'instance:kliep',
  weighting: 'kliep',
  summary: METHOD_LEGEND['instance:kliep'],
  slow: true,
});
export const instanceUlsif = weightingMethod({
  name: 'instance:ulsif',
  weighting: 'ulsif',
  summary: METHOD_LEGEND['instance:ulsif'],
  // About a second a fit here (its σ × λ grid): a candidate of auto where the weights are shared over the draws.
  slow: true,
});

type Boosted = TrAdaBoost | TwoStageTrAdaBoostR2;

function boostedFitted(model: Boosted): FittedMethod {
  return {
    predict: (X) => model.predict(X),
    toJSON: () => model.toJSON(),
  };
}

/** TrAdaBoost (Dai et al. 2007) for classification, two-stage TrAdaBoost.R2 (Pardoe & Stone 2010) for regression. */
export const instanceTradaboost: TransferMethod = {
  name: 'instance:tradaboost',
  summary: METHOD_LEGEND['instance:tradaboost'],
  needsLabels: true,
  needsSourceRows: true,
  slow: true,
  neural: false,
  fit(context, draw) {
    const { data } = context;
    const model: Boosted = isClassification(data)
      ? new TrAdaBoost({ ...(data.classes ? { classes: data.classes } : {}) }).fit({ X: data.Xs, y: data.ys }, { X: draw.Xl, y: draw.yl })
      : new TwoStageTrAdaBoostR2({ seed: draw.seed }).fit({ X: data.Xs, y: data.ys }, { X: draw.Xl, y: draw.yl });
    return Promise.resolve(boostedFitted(model));
  },
  restore(saved, info) {
    return Promise.resolve(
      boostedFitted(info.task === 'classification' ? TrAdaBoost.fromJSON(saved) : TwoStageTrAdaBoostR2.fromJSON(saved)),
    );
  },
};
