import { vstack } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import { ParameterTransfer } from '@tlkit/transfer-param';
import { isClassification, newClassesReason, type Labels, type TransferMethod } from './method.js';
import { cachedOtherRows, headOutputs, labelsWithout, restoreHead, ridgeFitted, without, type RidgeHead } from './ridge-fit.js';
import type { ExperimentData } from '../experiment-data.js';
import { METHOD_LEGEND } from '../method-names.js';

/** A ridge head with alpha by the evidence, in the data's class order for a classifier. */
function evidenceHead(data: ExperimentData): RidgeHead {
  return isClassification(data) ? new RidgeClassifierCV({ cv: 'evidence', classes: data.classes }) : new RidgeCV({ cv: 'evidence' });
}

function fitHead(head: RidgeHead, X: Parameters<RidgeCV['fit']>[0], y: Labels): RidgeHead {
  return head instanceof RidgeClassifierCV ? head.fit(X, y as readonly ClassLabel[]) : head.fit(X, y as Float64Array);
}

/** Target-only ridge, alpha by evidence — tuned exactly as the transfer methods are, so it is a fair baseline. */
export const targetOnly: TransferMethod = {
  name: 'target-only',
  summary: METHOD_LEGEND['target-only'],
  needsLabels: true,
  needsSourceRows: false,
  neural: false,
  fit(context, draw) {
    const { data } = context;
    const head = fitHead(evidenceHead(data), draw.Xl, draw.yl);
    const refitWithout = (i: number) => fitHead(evidenceHead(data), without(draw.Xl, i), labelsWithout(draw.yl, i));
    return Promise.resolve(ridgeFitted({ data, draw, head, refitWithout, toJSON: () => head.toJSON() }));
  },
  restore: (saved, info) => Promise.resolve(restoreHead(saved, info)),
};

/** The source model applied to the target as it is. */
export const sourceOnly: TransferMethod = {
  name: 'source-only',
  summary: METHOD_LEGEND['source-only'],
  needsLabels: false,
  needsSourceRows: false,
  neural: false,
  unavailable: newClassesReason,
  fit(context, draw) {
    const model = context.sourceModel();
    const classes = context.data.classes;
    return Promise.resolve({
      predict: (X) => (model instanceof RidgeClassifierCV ? model.predict(X) : model.predictMatrix(X).data),
      outputs: (X) => headOutputs(model, X, classes),
      leaveOneOut: () => headOutputs(model, draw.Xl, classes),
      toJSON: () => model.toJSON(),
    });
  },
  restore: (saved, info) => Promise.resolve(restoreHead(saved, info)),
};

/** One ridge on the source and labelled target rows together, alpha by evidence. */
export const pooled: TransferMethod = {
  name: 'pooled',
  summary: METHOD_LEGEND['pooled'],
  needsLabels: true,
  needsSourceRows: true,
  neural: false,
  fit(context, draw) {
    const { data } = context;
    const y: Labels = isClassification(data)
      ? (data.ys as readonly ClassLabel[]).concat(draw.yl as readonly ClassLabel[])
      : Float64Array.from({ length: data.ys.length + draw.yl.length }, (_, i) =>
          i < data.ys.length ? (data.ys as Float64Array)[i] : (draw.yl as Float64Array)[i - data.ys.length],
        );
    const head = fitHead(evidenceHead(data), vstack([data.Xs, draw.Xl]), y);
    const otherRows = () => cachedOtherRows(context, 'source rows', () => data.Xs);
    return Promise.resolve(ridgeFitted({ data, draw, head, otherRows, toJSON: () => head.toJSON() }));
  },
  restore: (saved, info) => Promise.resolve(restoreHead(saved, info)),
};

/** Parameter transfer: biased ridge toward the source weights, λ by evidence (transfer-param). */
export const param: TransferMethod = {
  name: 'param',
  summary: METHOD_LEGEND['param'],
  needsLabels: true,
  needsSourceRows: false,
  neural: false,
  fit(context, draw) {
    const { data } = context;
    const make = () => new ParameterTransfer(context.sourceModel(), { scaler: 'none', ...(data.classes ? { classes: data.classes } : {}) });
    const transfer = make().fit(draw.Xl, draw.yl);
    return Promise.resolve(
      ridgeFitted({
        data,
        draw,
        head: transfer.model,
        refitWithout: (i) => make().fit(without(draw.Xl, i), labelsWithout(draw.yl, i)).model,
        toJSON: () => transfer.toJSON(),
        diagnostics: { lambda: transfer.alpha, logEvidenceRatio: transfer.logEvidenceRatio },
      }),
    );
  },
  restore(saved, info) {
    const transfer = ParameterTransfer.fromJSON(saved);
    return Promise.resolve({
      predict: (X) => transfer.predict(X) as Labels,
      outputs: (X) => headOutputs(transfer.model, X, info.classes),
      toJSON: () => transfer.toJSON(),
      diagnostics: { lambda: transfer.alpha, logEvidenceRatio: transfer.logEvidenceRatio },
    });
  },
};
