import { CORAL, FeatureAugmentation, FeatureTransfer, PCA, SubspaceAlignment, TCA, type FeatureMap } from '@tlkit/transfer-feature';
import type { ClassLabel } from '@tlkit/ridge';
import type { DenseMatrix } from '@tlkit/tensor-core';
import type { Labels, MethodContext, TransferMethod } from './method.js';
import { cachedOtherRows, headOutputs, otherRowsOf, ridgeFitted } from './ridge-fit.js';
import { METHOD_LEGEND } from '../method-names.js';

interface FeatureMethodSpec {
  readonly name: string;
  readonly summary: string;
  readonly make: (d: number) => FeatureMap;
  readonly needsLabels: boolean;
  readonly needsTargetRows: boolean;
  /** The mapped source rows are the same in every draw (the map learns nothing from target rows). */
  readonly sourceFixed: boolean;
  readonly slow?: boolean;
}

/** The store of a feature map's source-side work, one per method and experiment (the source rows never change). */
function sourceCacheOf(context: MethodContext, name: string): Map<string, unknown> {
  const key = `${name} map source cache`;
  let cache = context.cache.get(key) as Map<string, unknown> | undefined;
  if (!cache) {
    cache = new Map();
    context.cache.set(key, cache);
  }
  return cache;
}

function featureMethod(spec: FeatureMethodSpec): TransferMethod {
  return {
    name: spec.name,
    summary: spec.summary,
    slow: spec.slow ?? false,
    needsLabels: spec.needsLabels,
    needsTargetRows: spec.needsTargetRows,
    needsSourceRows: true,
    neural: false,
    fit(context, draw) {
      const { data } = context;
      const transfer = new FeatureTransfer({
        map: spec.make(data.Xs.cols),
        head: data.task,
        cv: 'evidence',
        ...(data.classes ? { classes: data.classes } : {}),
      });
      const labelled = draw.Xl.rows > 0 ? { X: draw.Xl, y: draw.yl as Float64Array | ClassLabel[] } : undefined;
      // The map's work on the source rows alone (CORAL's whitening, SA's source axes) is done once per experiment.
      const sourceCache = sourceCacheOf(context, spec.name);
      transfer.fit(
        { X: data.Xs, y: data.ys },
        labelled,
        draw.Xu && draw.Xu.rows > 0 ? { targetUnlabeled: draw.Xu, sourceCache } : { sourceCache },
      );
      const mappedSource = () => transfer.map.transform(data.Xs, { domain: 'source' });
      return Promise.resolve(
        ridgeFitted({
          data,
          draw,
          head: transfer.model,
          map: (X: DenseMatrix) => transfer.map.transform(X, { domain: 'target' }),
          otherRows: () =>
            spec.sourceFixed ? cachedOtherRows(context, `${spec.name} source rows`, mappedSource) : otherRowsOf(mappedSource()),
          predict: (X) => transfer.predict(X) as Labels,
          toJSON: () => transfer.toJSON(),
        }),
      );
    },
    async restore(saved, info) {
      const transfer = await FeatureTransfer.fromJSON(saved);
      return {
        predict: (X) => transfer.predict(X),
        outputs: (X) => headOutputs(transfer.model, transfer.map.transform(X, { domain: 'target' }), info.classes),
        toJSON: () => transfer.toJSON(),
        dispose: () => transfer.dispose(),
      };
    },
  };
}

const components = (d: number): number => Math.max(1, Math.min(10, Math.ceil(d / 2)));

export const featurePca = featureMethod({
  name: 'feature:pca',
  summary: METHOD_LEGEND['feature:pca'],
  make: () => new PCA({ components: { varianceRatio: 0.95 }, useTarget: true }),
  needsLabels: false,
  needsTargetRows: false,
  sourceFixed: false,
});
export const featureCoral = featureMethod({
  name: 'feature:coral',
  summary: METHOD_LEGEND['feature:coral'],
  make: () => new CORAL(),
  needsLabels: false,
  needsTargetRows: true,
  sourceFixed: false,
});
export const featureSa = featureMethod({
  name: 'feature:sa',
  summary: METHOD_LEGEND['feature:sa'],
  make: (d) => new SubspaceAlignment({ components: components(d) }),
  needsLabels: false,
  needsTargetRows: true,
  sourceFixed: false,
});
export const featureFa = featureMethod({
  name: 'feature:fa',
  summary: METHOD_LEGEND['feature:fa'],
  make: () => new FeatureAugmentation(),
  needsLabels: true,
  needsTargetRows: false,
  sourceFixed: true,
});
export const featureTca = featureMethod({
  name: 'feature:tca',
  summary: METHOD_LEGEND['feature:tca'],
  make: (d) => new TCA({ components: components(d), maxSamples: 400 }),
  needsLabels: false,
  needsTargetRows: true,
  sourceFixed: false,
  slow: true,
});
