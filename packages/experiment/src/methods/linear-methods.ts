import { vstack } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import { ParameterTransfer } from '@tlkit/transfer-param';
import { isClassification, newClassesReason, type Labels, type TransferMethod } from './method.js';

/** Target-only ridge, alpha by evidence — tuned exactly as the transfer methods are, so it is a fair baseline. */
export const targetOnly: TransferMethod = {
  name: 'target-only',
  needsLabels: true,
  neural: false,
  fit(context, draw) {
    const { data } = context;
    if (isClassification(data)) {
      const model = new RidgeClassifierCV({ cv: 'evidence', classes: data.classes }).fit(draw.Xl, draw.yl as readonly ClassLabel[]);
      return Promise.resolve({ predict: (X) => model.predict(X) });
    }
    const model = new RidgeCV({ cv: 'evidence' }).fit(draw.Xl, draw.yl as Float64Array);
    return Promise.resolve({ predict: (X) => model.predict(X) as Float64Array });
  },
};

/** The source model applied to the target as it is. */
export const sourceOnly: TransferMethod = {
  name: 'source-only',
  needsLabels: false,
  neural: false,
  unavailable: newClassesReason,
  fit(context) {
    const model = context.sourceModel();
    return Promise.resolve({
      predict: (X) => (model instanceof RidgeClassifierCV ? model.predict(X) : (model.predict(X) as Float64Array)),
    });
  },
};

/** One ridge on the source and labelled target rows together, alpha by evidence. */
export const pooled: TransferMethod = {
  name: 'pooled',
  needsLabels: true,
  neural: false,
  fit(context, draw) {
    const { data } = context;
    const X = vstack([data.Xs, draw.Xl]);
    if (isClassification(data)) {
      const y = [...(data.ys as readonly ClassLabel[]), ...(draw.yl as readonly ClassLabel[])];
      const model = new RidgeClassifierCV({ cv: 'evidence', classes: data.classes }).fit(X, y);
      return Promise.resolve({ predict: (Z) => model.predict(Z) });
    }
    const y = Float64Array.from([...(data.ys as Float64Array), ...(draw.yl as Float64Array)]);
    const model = new RidgeCV({ cv: 'evidence' }).fit(X, y);
    return Promise.resolve({ predict: (Z) => model.predict(Z) as Float64Array });
  },
};

/** Parameter transfer: biased ridge toward the source weights, λ by evidence (transfer-param). */
export const param: TransferMethod = {
  name: 'param',
  needsLabels: true,
  neural: false,
  fit(context, draw) {
    const { data } = context;
    const transfer = new ParameterTransfer(context.sourceModel(), {
      scaler: 'none',
      ...(data.classes ? { classes: data.classes } : {}),
    }).fit(draw.Xl, draw.yl);
    return Promise.resolve({ predict: (X) => transfer.predict(X) as Labels, lambda: transfer.alpha });
  },
};
