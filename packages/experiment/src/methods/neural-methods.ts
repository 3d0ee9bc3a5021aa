import { vstack, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import { embed, type Network, type OutputSpec } from '@tlkit/nn';
import { dann, fineTune } from '@tlkit/transfer-deep';
import type { ExperimentData } from '../experiment-data.js';
import { isClassification, newClassesReason, type Labels, type TransferMethod } from './method.js';

function targetOutput(data: ExperimentData): OutputSpec {
  return isClassification(data) ? { kind: 'classification', classes: data.classes ?? [] } : { kind: 'regression', units: 1 };
}

function predictor(network: Network, data: ExperimentData): (X: DenseMatrix) => Labels {
  return (X) => (isClassification(data) ? network.predictLabels(X) : network.predict(X).data);
}

/** Fine-tuning settings for few target rows: the head first, then all layers at a tenth of the head's rate. */
function fineTuneOptions(draw: { Xl: DenseMatrix; seed: number }) {
  return { headEpochs: 30, epochs: 60, batchSize: Math.min(16, Math.max(1, draw.Xl.rows)), learningRate: 3e-3, seed: draw.seed };
}

export const deep: TransferMethod = {
  name: 'deep',
  needsLabels: true,
  neural: true,
  async fit(context, draw) {
    const source = await context.sourceNetwork();
    const { network } = await fineTune(
      source,
      { X: draw.Xl, y: draw.yl },
      { output: targetOutput(context.data), ...fineTuneOptions(draw), signal: context.signal },
    );
    return { predict: predictor(network, context.data), dispose: () => network.dispose() };
  },
};

export const deepL2sp: TransferMethod = {
  name: 'deep:l2sp',
  needsLabels: true,
  neural: true,
  async fit(context, draw) {
    const source = await context.sourceNetwork();
    const { network } = await fineTune(
      source,
      { X: draw.Xl, y: draw.yl },
      {
        output: targetOutput(context.data),
        ...fineTuneOptions(draw),
        transferredRateFactor: 1,
        l2sp: { alpha: 0.1, beta: 0.01 },
        signal: context.signal,
      },
    );
    return { predict: predictor(network, context.data), dispose: () => network.dispose() };
  },
};

/** DANN from the source network's structure, trained on the source rows and the unlabelled (and labelled) target rows. */
export const dannMethod: TransferMethod = {
  name: 'dann',
  needsLabels: false,
  needsTargetRows: true,
  neural: true,
  unavailable: newClassesReason,
  async fit(context, draw) {
    const source = await context.sourceNetwork();
    const rows = [draw.Xu, draw.Xl].filter((m): m is DenseMatrix => m !== undefined && m.rows > 0);
    const { network } = await dann(source, { X: context.data.Xs, y: context.data.ys }, vstack(rows), {
      epochs: 10,
      batchSize: 32,
      lambdaMax: 0.1,
      seed: draw.seed,
      signal: context.signal,
    });
    return { predict: predictor(network, context.data), dispose: () => network.dispose() };
  },
};

const sourceEmbeddings = new WeakMap<Network, DenseMatrix>();

/** The source rows through the source network: the same for every draw, so computed once per network. */
function embeddedSource(source: Network, data: ExperimentData): DenseMatrix {
  let Z = sourceEmbeddings.get(source);
  if (!Z) {
    Z = embed(source, data.Xs);
    sourceEmbeddings.set(source, Z);
  }
  return Z;
}

/** Features of the source network's last hidden layer, with a ridge head on the source and labelled target rows. */
export const featureEmbed: TransferMethod = {
  name: 'feature:embed',
  needsLabels: false,
  neural: true,
  async fit(context, draw) {
    const source = await context.sourceNetwork();
    const { data } = context;
    const Zs = embeddedSource(source, data);
    const Z = draw.Xl.rows > 0 ? vstack([Zs, embed(source, draw.Xl)]) : Zs;
    if (isClassification(data)) {
      const y = [...(data.ys as readonly ClassLabel[]), ...(draw.yl as readonly ClassLabel[])];
      const head = new RidgeClassifierCV({ cv: 'evidence', classes: data.classes }).fit(Z, y);
      return { predict: (X) => head.predict(embed(source, X)) };
    }
    const head = new RidgeCV({ cv: 'evidence' }).fit(Z, Float64Array.from([...(data.ys as Float64Array), ...(draw.yl as Float64Array)]));
    return { predict: (X) => head.predict(embed(source, X)) as Float64Array };
  },
};
