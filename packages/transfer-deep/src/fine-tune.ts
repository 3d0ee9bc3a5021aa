import * as tf from '@tensorflow/tfjs';
import { Random, checkOneOf, isDenseMatrix, sampleLabelled, takeRows, toDenseMatrix } from '@tlkit/tensor-core';
import {
  cloneNetwork,
  ReferencePenalty,
  train,
  type ClassLabel,
  type Network,
  type NetworkTargets,
  type OutputSpec,
  type ProgressEvent,
  type TrainData,
  type TrainHistory,
  type TrainOptions,
} from '@tlkit/nn';
import { frozenLayers, setTrainable, unfreezeOrder, type FreezeSpec } from './freezing.js';

export interface FineTuneOptions extends Omit<TrainOptions, 'penalty' | 'learningRates' | 'validation' | 'onProgress'> {
  /** The target's output when it differs from the source's: the head is replaced by a fresh one. */
  readonly output?: OutputSpec;
  /** Cut the source at this layer (name or index) and put the new head there; default: the layer feeding the head. */
  readonly cutAt?: string | number;
  /** Layers that stay frozen throughout: a count of leading layers, `{ upTo }`, `{ names, prefixes }`, 'none' (default) or 'all-but-head'. */
  readonly freeze?: FreezeSpec;
  /** Epochs training the head alone before any transferred layer opens (default 0). */
  readonly headEpochs?: number;
  /** After the head: open the unfrozen layers at once ('all', default) or one by one from the top ('gradual'). */
  readonly unfreeze?: 'all' | 'gradual';
  /** Epochs per gradual-unfreezing stage (default: `epochs`). */
  readonly epochsPerStage?: number;
  /** Learning rate of transferred layers as a fraction of the head's (discriminative rates; default 0.1). */
  readonly transferredRateFactor?: number;
  /** Pull transferred weights toward the source's (L2-SP) with these strengths. */
  readonly l2sp?: { readonly alpha: number; readonly beta?: number };
  /** Fraction of the target rows held out for early stopping and monitoring (seeded, stratified); 0 = none. */
  readonly validation?: number;
  readonly onProgress?: (event: ProgressEvent & { readonly stage: string }) => void;
}

export interface FineTuneStage {
  readonly name: string;
  readonly trainableLayers: readonly string[];
  readonly history: TrainHistory;
}

export interface FineTuneResult {
  /** The fine-tuned copy; `info.extra.transfer` records how it was made. */
  readonly network: Network;
  readonly stages: readonly FineTuneStage[];
  /** Layer names in the order gradual unfreezing opened them (top first). */
  readonly unfreezeOrder: readonly string[];
}

function split(
  fn: string,
  data: TrainData,
  fraction: number,
  classification: boolean,
  seed: number,
): { train: TrainData; validation?: TrainData } {
  if (fraction === 0) return { train: data };
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`${fn}: validation must be a fraction in [0, 1), got ${fraction}`);
  if (data.X instanceof tf.Tensor) throw new TypeError(`${fn}: pass X as a matrix (not a tensor) to hold out validation rows`);
  const X = toDenseMatrix(data.X, { fn, arg: 'X' });
  const n = X.rows;
  const nVal = Math.max(1, Math.round(n * fraction));
  const labels = classification ? (data.y as readonly ClassLabel[]) : undefined;
  const { train: tr, test } = sampleLabelled(n, n - nVal, { seed, labels });
  const pick = (idx: Int32Array): TrainData => ({ X: takeRows(X, idx), y: pickRows(data.y, idx) });
  return { train: pick(tr), validation: pick(test) };
}

function pickRows(y: NetworkTargets, idx: Int32Array): NetworkTargets {
  if (isDenseMatrix(y)) return takeRows(y, idx);
  if (Array.isArray(y) && y.length > 0 && Array.isArray(y[0])) return Array.from(idx, (i) => (y as readonly (readonly number[])[])[i]);
  if (Array.isArray(y)) return Array.from(idx, (i) => (y as readonly ClassLabel[])[i]);
  return Float64Array.from(idx, (i) => (y as ArrayLike<number>)[i]);
}

/**
 * Fine-tunes a copy of a source network on target rows (Yosinski et al. 2014; Howard & Ruder 2018 for gradual
 * unfreezing and discriminative rates): the head is replaced when the output differs, the first layers can stay
 * frozen, the head can be trained alone first, the other layers then open at once or one by one from the top, with
 * a lower learning rate than the head and optionally an L2-SP pull toward the source weights. Frozen batch-norm
 * layers run in inference mode, and trainability changes take effect immediately (no recompiling). The source is
 * never modified.
 */
export async function fineTune(source: Network, target: TrainData, options: FineTuneOptions = {}): Promise<FineTuneResult> {
  const fn = 'fineTune';
  const {
    output,
    cutAt,
    freeze,
    headEpochs,
    unfreeze,
    epochsPerStage,
    transferredRateFactor,
    l2sp,
    validation: holdOut,
    onProgress,
    ...trainOptions
  } = options;
  const mode = checkOneOf(fn, 'unfreeze', unfreeze ?? 'all', ['all', 'gradual']);
  const seed = options.seed ?? source.info.seed;
  const network = await cloneNetwork(source, { output, seed, ...(cutAt !== undefined ? { cutAt } : {}) });
  const penalty = l2sp ? new ReferencePenalty(network, { reference: source, alpha: l2sp.alpha, beta: l2sp.beta }) : undefined;
  try {
    const layers = network.layers;
    const head = network.layerIndex(network.head.name);
    const frozen = frozenLayers(network, freeze ?? 'none');
    const factor = transferredRateFactor ?? 0.1;
    if (!(factor > 0)) throw new RangeError(`${fn}: transferredRateFactor must be > 0, got ${factor}`);
    const epochs = options.epochs ?? 10;
    const baseRate = options.learningRate ?? 1e-3;
    const learningRates = Object.fromEntries(layers.filter((_, i) => i !== head).map((l) => [l.name, baseRate * factor]));
    const { train: trainData, validation } = split(fn, target, holdOut ?? 0, network.output.kind === 'classification', seed);
    const rng = new Random(seed);
    const stages: FineTuneStage[] = [];
    const runStage = async (name: string, open: (i: number) => boolean, stageEpochs: number): Promise<void> => {
      const trainableLayers = setTrainable(network, open);
      const history = await train(network, trainData, {
        ...trainOptions,
        epochs: stageEpochs,
        seed: rng.nextSeed(),
        learningRates,
        ...(validation ? { validation } : {}),
        ...(penalty ? { penalty: penalty.value } : {}),
        ...(onProgress ? { onProgress: (e: ProgressEvent) => onProgress({ ...e, stage: name }) } : {}),
      });
      stages.push({ name, trainableLayers, history });
    };
    const order: string[] = [];
    if (headEpochs !== undefined && headEpochs > 0) await runStage('head', (i) => i === head, headEpochs);
    if (mode === 'gradual') {
      for (const index of unfreezeOrder(network, frozen)) {
        order.push(layers[index].name);
        await runStage(`unfreeze ${layers[index].name}`, (i) => i === head || (i >= index && !frozen.has(i)), epochsPerStage ?? epochs);
      }
      if (order.length === 0) await runStage('head', (i) => i === head, epochs);
    } else {
      const allFrozen = layers.every((l, i) => i === head || frozen.has(i) || l.getWeights().length === 0);
      await runStage(allFrozen ? 'head' : 'fine-tune', (i) => i === head || !frozen.has(i), epochs);
    }
    // The bundle records the transfer; layers are left trainable as after the last stage.
    const result = network.withInfo({
      extra: {
        ...network.info.extra,
        transfer: {
          family: 'deep',
          method: 'fine-tune',
          frozenLayers: [...frozen].sort((a, b) => a - b).map((i) => layers[i].name),
          headReplaced: output !== undefined,
          headEpochs: headEpochs ?? 0,
          unfreeze: mode,
          transferredRateFactor: factor,
          ...(l2sp ? { l2sp: { alpha: l2sp.alpha, beta: l2sp.beta ?? 0 } } : {}),
          stages: stages.map((s) => ({ name: s.name, epochs: s.history.epochsRun })),
        },
      },
    });
    return { network: result, stages, unfreezeOrder: order };
  } catch (error) {
    network.dispose();
    throw error;
  } finally {
    penalty?.dispose();
  }
}
