import { vstack, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import { embed, networkFromJSON, networkToJSON, type Network, type OutputSpec } from '@tlkit/nn';
import { dann, fineTune } from '@tlkit/transfer-deep';
import type { ExperimentData } from '../experiment-data.js';
import { isClassification, newClassesReason, type FittedMethod, type Labels, type RestoreInfo, type TransferMethod } from './method.js';
import { restoreHead } from './ridge-fit.js';

function targetOutput(data: ExperimentData): OutputSpec {
  return isClassification(data) ? { kind: 'classification', classes: data.classes ?? [] } : { kind: 'regression', units: 1 };
}

function predictor(network: Network, task: ExperimentData['task']): (X: DenseMatrix) => Labels {
  return (X) => (task === 'classification' ? network.predictLabels(X) : network.predict(X).data);
}

/** A trained network as a fitted method; its saved form is the whole network (nn's networkToJSON). */
function networkFitted(network: Network, task: ExperimentData['task']): FittedMethod {
  return { predict: predictor(network, task), toJSON: () => ({ network: networkToJSON(network) }), dispose: () => network.dispose() };
}

async function restoreNetwork(saved: unknown, info: RestoreInfo): Promise<FittedMethod> {
  const json = (saved as { network?: unknown } | null)?.network;
  if (json === undefined) throw new TypeError('the saved network method has no "network"');
  return networkFitted(await networkFromJSON(json), info.task);
}

/** Fine-tuning settings for few target rows: the head first, then all layers at a tenth of the head's rate. */
function fineTuneOptions(draw: { Xl: DenseMatrix; seed: number }) {
  return { headEpochs: 30, epochs: 60, batchSize: Math.min(16, Math.max(1, draw.Xl.rows)), learningRate: 3e-3, seed: draw.seed };
}

export const deep: TransferMethod = {
  name: 'deep',
  summary: "fine-tuning the source network: a new head first, then every layer at a tenth of the head's rate",
  needsLabels: true,
  needsSourceRows: true,
  neural: true,
  restore: restoreNetwork,
  async fit(context, draw) {
    const source = await context.sourceNetwork();
    const { network } = await fineTune(
      source,
      { X: draw.Xl, y: draw.yl },
      { output: targetOutput(context.data), ...fineTuneOptions(draw), signal: context.signal },
    );
    return networkFitted(network, context.data.task);
  },
};

export const deepL2sp: TransferMethod = {
  name: 'deep:l2sp',
  summary: 'fine-tuning with an L2-SP penalty pulling the weights toward the source network',
  needsLabels: true,
  needsSourceRows: true,
  neural: true,
  restore: restoreNetwork,
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
    return networkFitted(network, context.data.task);
  },
};

/** DANN from the source network's structure, trained on the source rows and the unlabelled (and labelled) target rows. */
export const dannMethod: TransferMethod = {
  name: 'dann',
  summary: 'domain-adversarial training: features the domain classifier cannot tell apart',
  needsLabels: false,
  needsTargetRows: true,
  needsSourceRows: true,
  neural: true,
  restore: restoreNetwork,
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
    return networkFitted(network, context.data.task);
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
  summary: "the source network's last hidden layer as features, a ridge head on the source and target rows",
  needsLabels: false,
  needsSourceRows: true,
  neural: true,
  async restore(saved, info) {
    const s = saved as { network?: unknown; head?: unknown } | null;
    if (s?.network === undefined || s.head === undefined) throw new TypeError('the saved feature:embed has no "network" or "head"');
    const network = await networkFromJSON(s.network);
    try {
      const head = restoreHead(s.head, info);
      return { predict: (X) => head.predict(embed(network, X)), toJSON: () => saved, dispose: () => network.dispose() };
    } catch (error) {
      network.dispose();
      throw error;
    }
  },
  async fit(context, draw) {
    const source = await context.sourceNetwork();
    const { data } = context;
    const Zs = embeddedSource(source, data);
    const Z = draw.Xl.rows > 0 ? vstack([Zs, embed(source, draw.Xl)]) : Zs;
    const head = isClassification(data)
      ? new RidgeClassifierCV({ cv: 'evidence', classes: data.classes }).fit(
          Z,
          (data.ys as readonly ClassLabel[]).concat(draw.yl as readonly ClassLabel[]),
        )
      : new RidgeCV({ cv: 'evidence' }).fit(Z, Float64Array.from([...(data.ys as Float64Array), ...(draw.yl as Float64Array)]));
    return {
      predict: (X) => (head instanceof RidgeClassifierCV ? head.predict(embed(source, X)) : head.predictMatrix(embed(source, X)).data),
      toJSON: () => ({ network: networkToJSON(source), head: head.toJSON() }),
    };
  },
};
