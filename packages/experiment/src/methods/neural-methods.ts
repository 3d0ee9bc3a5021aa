import { vstack, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import { embed, networkFromJSON, networkToJSON, type Network, type OutputSpec } from '@tlkit/nn';
import { fineTune } from '@tlkit/transfer-deep';
import type { ExperimentData } from '../experiment-data.js';
import { isClassification, type FittedMethod, type Labels, type MethodContext, type RestoreInfo, type TransferMethod } from './method.js';
import { headOutputs, otherRowsOf, restoreHead, ridgeFitted } from './ridge-fit.js';
import { METHOD_LEGEND } from '../method-names.js';

export function targetOutput(data: ExperimentData): OutputSpec {
  return isClassification(data) ? { kind: 'classification', classes: data.classes ?? [] } : { kind: 'regression', units: 1 };
}

function predictor(network: Network, task: ExperimentData['task']): (X: DenseMatrix) => Labels {
  return (X) => (task === 'classification' ? network.predictLabels(X) : network.predict(X).data);
}

/** A trained network as a fitted method; its saved form is the whole network (nn's networkToJSON). */
export function networkFitted(network: Network, task: ExperimentData['task']): FittedMethod {
  return {
    predict: predictor(network, task),
    ...(task === 'classification' ? { probabilities: (X: DenseMatrix) => network.predict(X) } : {}),
    toJSON: () => ({ network: networkToJSON(network) }),
    dispose: () => network.dispose(),
  };
}

export async function restoreNetwork(saved: unknown, info: RestoreInfo): Promise<FittedMethod> {
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
  summary: METHOD_LEGEND['deep'],
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
  summary: METHOD_LEGEND['deep:l2sp'],
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

/** The source rows through the source network: the same for every draw, so computed once per experiment and network. */
function embeddedSource(context: MethodContext, source: Network): DenseMatrix {
  const key = 'feature:embed source rows';
  const hit = context.cache.get(key) as { network: Network; Z: DenseMatrix } | undefined;
  if (hit?.network === source) return hit.Z;
  const Z = embed(source, context.data.Xs);
  context.cache.set(key, { network: source, Z });
  return Z;
}

/** Features of the source network's last hidden layer, with a ridge head on the source and labelled target rows. */
export const featureEmbed: TransferMethod = {
  name: 'feature:embed',
  summary: METHOD_LEGEND['feature:embed'],
  needsLabels: false,
  needsSourceRows: true,
  neural: true,
  async restore(saved, info) {
    const s = saved as { network?: unknown; head?: unknown } | null;
    if (s?.network === undefined || s.head === undefined) throw new TypeError('the saved feature:embed has no "network" or "head"');
    const network = await networkFromJSON(s.network);
    try {
      const head = restoreHead(s.head, info);
      return {
        predict: (X) => head.predict(embed(network, X)),
        outputs: head.outputs ? (X) => (head.outputs as (Z: DenseMatrix) => DenseMatrix)(embed(network, X)) : undefined,
        toJSON: () => saved,
        dispose: () => network.dispose(),
      };
    } catch (error) {
      network.dispose();
      throw error;
    }
  },
  async fit(context, draw) {
    const source = await context.sourceNetwork();
    const { data } = context;
    const Zs = embeddedSource(context, source);
    const Zl = draw.Xl.rows > 0 ? embed(source, draw.Xl) : undefined;
    const Z = Zl ? vstack([Zs, Zl]) : Zs;
    const head = isClassification(data)
      ? new RidgeClassifierCV({ cv: 'evidence', classes: data.classes }).fit(
          Z,
          (data.ys as readonly ClassLabel[]).concat(draw.yl as readonly ClassLabel[]),
        )
      : new RidgeCV({ cv: 'evidence' }).fit(Z, Float64Array.from([...(data.ys as Float64Array), ...(draw.yl as Float64Array)]));
    // The head's exact leave-one-out outputs on the labelled rows (the network stays fixed): what calibrates its probabilities.
    const loo = Zl
      ? ridgeFitted({ data, draw: { ...draw, Xl: Zl }, head, otherRows: () => otherRowsOf(Zs), toJSON: () => undefined })
      : undefined;
    return {
      predict: (X) => (head instanceof RidgeClassifierCV ? head.predict(embed(source, X)) : head.predictMatrix(embed(source, X)).data),
      outputs: (X) => headOutputs(head, embed(source, X), data.classes),
      ...(loo ? { leaveOneOut: () => loo.leaveOneOut?.() as DenseMatrix } : {}),
      toJSON: () => ({ network: networkToJSON(source), head: head.toJSON() }),
    };
  },
};
