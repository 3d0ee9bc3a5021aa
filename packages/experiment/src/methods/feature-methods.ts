import { CORAL, FeatureAugmentation, FeatureTransfer, PCA, SubspaceAlignment, TCA, type FeatureMap } from '@tlkit/transfer-feature';
import type { ClassLabel } from '@tlkit/ridge';
import type { Labels, TransferMethod } from './method.js';

function featureMethod(
  name: string,
  make: (d: number) => FeatureMap,
  needsLabels: boolean,
  needsTargetRows: boolean,
  slow = false,
): TransferMethod {
  return {
    name,
    slow,
    needsLabels,
    needsTargetRows,
    neural: false,
    fit(context, draw) {
      const { data } = context;
      const d = data.Xs.cols;
      const transfer = new FeatureTransfer({ map: make(d), head: data.task, cv: 'evidence' });
      const labelled = draw.Xl.rows > 0 ? { X: draw.Xl, y: draw.yl as Float64Array | ClassLabel[] } : undefined;
      transfer.fit({ X: data.Xs, y: data.ys }, labelled, draw.Xu && draw.Xu.rows > 0 ? { targetUnlabeled: draw.Xu } : {});
      return Promise.resolve({ predict: (X) => transfer.predict(X) as Labels });
    },
  };
}

const components = (d: number): number => Math.max(1, Math.min(10, Math.ceil(d / 2)));

export const featurePca = featureMethod(
  'feature:pca',
  () => new PCA({ components: { varianceRatio: 0.95 }, useTarget: true }),
  false,
  false,
);
export const featureCoral = featureMethod('feature:coral', () => new CORAL(), false, true);
export const featureSa = featureMethod('feature:sa', (d) => new SubspaceAlignment({ components: components(d) }), false, true);
export const featureFa = featureMethod('feature:fa', () => new FeatureAugmentation(), true, false);
export const featureTca = featureMethod('feature:tca', (d) => new TCA({ components: components(d), maxSamples: 400 }), false, true, true);
