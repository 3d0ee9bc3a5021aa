import { vstack, type DenseMatrix } from '@tlkit/tensor-core';
import { cloneNetwork, type Network } from '@tlkit/nn';
import { adaptDomains, type Alignment, type DomainAdaptationOptions } from '@tlkit/transfer-deep';
import type { ExperimentData } from '../experiment-data.js';
import { sourceClasses } from '../source-network.js';
import { METHOD_LEGEND } from '../method-names.js';
import { newClassesReason, type MethodContext, type DrawData, type FittedMethod, type TransferMethod } from './method.js';
import { networkFitted, restoreNetwork, targetOutput } from './neural-methods.js';

/**
 * The settings every deep alignment runs with in compare and transfer, fixed before any run and never tuned on target
 * rows: 10 epochs of Adam 1e-3, batches of 32 source and 32 target rows, λ on Ganin's ramp 2/(1 + exp(−10p)) − 1 to
 * DANN 0.3 (domain classifier 128-128), CORAL 10, MMD 1 — the values of transfer-deep's shifted-digit measurements.
 * DANN at λ 1 with Adam oscillated there (the domain loss climbing to 5 as the features overpowered the classifier).
 */
const ADAPTATION_SETTINGS: Readonly<Record<Alignment, DomainAdaptationOptions>> = {
  dann: { alignment: 'dann', lambdaMax: 0.3 },
  coral: { alignment: 'coral', lambdaMax: 10 },
  mmd: { alignment: 'mmd', lambdaMax: 1 },
};

function sameHead(network: Network, data: ExperimentData): boolean {
  const out = network.output;
  if (data.task === 'regression') return out.kind === 'regression' && out.units === 1;
  const classes = sourceClasses(data);
  return out.kind === 'classification' && out.classes.length === classes.length && out.classes.every((c, i) => c === classes[i]);
}

/**
 * The source network with a head for the source rows' labels: itself when it already predicts them (the network
 * compare trains), else a copy with a new head on its feature layer (a pretrained model whose classes are other).
 */
async function withSourceHead(source: Network, data: ExperimentData, seed: number): Promise<{ network: Network; owned: boolean }> {
  if (sameHead(source, data)) return { network: source, owned: false };
  const output = data.task === 'classification' ? ({ kind: 'classification', classes: sourceClasses(data) } as const) : targetOutput(data);
  return { network: await cloneNetwork(source, { output, seed }), owned: true };
}

async function fitAlignment(alignment: Alignment, context: MethodContext, draw: DrawData): Promise<FittedMethod> {
  const { data } = context;
  const { network: start, owned } = await withSourceHead(await context.sourceNetwork(), data, draw.seed);
  try {
    // The target rows the alignment sees: the unlabelled ones and the labelled ones (their labels are not used).
    const rows = [draw.Xu, draw.Xl].filter((m): m is DenseMatrix => m !== undefined && m.rows > 0);
    const { network } = await adaptDomains(start, { X: data.Xs, y: data.ys }, vstack(rows), {
      ...ADAPTATION_SETTINGS[alignment],
      epochs: 10,
      batchSize: 32,
      seed: draw.seed,
      ...(context.signal ? { signal: context.signal } : {}),
    });
    return networkFitted(network, data.task);
  } finally {
    if (owned) start.dispose();
  }
}

function alignmentMethod(name: string, alignment: Alignment, summary: string): TransferMethod {
  return {
    name,
    summary,
    needsLabels: false,
    needsTargetRows: true,
    needsSourceRows: true,
    neural: true,
    restore: restoreNetwork,
    unavailable: newClassesReason,
    fit: (context, draw) => fitAlignment(alignment, context, draw),
  };
}

/** DANN from the source network, trained on the source rows and the target rows (labelled and not). */
export const dannMethod = alignmentMethod('dann', 'dann', METHOD_LEGEND.dann);

/** Deep CORAL: the source network trained on while its features' covariances on both domains are pulled together. */
export const deepCoral = alignmentMethod('deep:coral', 'coral', METHOD_LEGEND['deep:coral']);

/** Deep MMD (DAN-style): the network trained while a multi-kernel MMD between the domains' features is minimised. */
export const deepMmd = alignmentMethod('deep:mmd', 'mmd', METHOD_LEGEND['deep:mmd']);
