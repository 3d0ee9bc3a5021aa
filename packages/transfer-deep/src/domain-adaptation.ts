import * as tf from '@tensorflow/tfjs';
import { Random, checkOneOf } from '@tlkit/tensor-core';
import {
  cloneNetwork,
  train,
  type Network,
  type NetworkInput,
  type OptimizerName,
  type ProgressEvent,
  type TrainData,
  type StepOutput,
  type TrainingObjective,
} from '@tlkit/nn';
import { coralLoss, mmdLoss } from './alignment-losses.js';
import { ganinLambda, gradientReversal } from './gradient-reversal.js';

/** How the features of the two domains are brought together. */
export type Alignment = 'dann' | 'coral' | 'mmd';
const ALIGNMENTS: readonly Alignment[] = ['dann', 'coral', 'mmd'];

export interface DomainAdaptationOptions {
  /** 'dann' (a domain classifier through gradient reversal), 'coral' (Deep CORAL) or 'mmd' (multi-kernel MMD). */
  readonly alignment?: Alignment;
  /** The last layer of the feature extractor, by name or index; default the layer feeding the head. */
  readonly featureLayer?: string | number;
  /** Hidden units of DANN's domain classifier (default [128, 128]). */
  readonly domainHidden?: readonly number[];
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly optimizer?: OptimizerName;
  /** Ganin's learning-rate annealing μ_p = μ₀/(1 + 10p)^0.75 (default false). */
  readonly annealLearningRate?: boolean;
  /** The weight λ of the alignment term, reached by Ganin's ramp 2/(1 + exp(−10p)) − 1 (default 1 for DANN and CORAL, 1 for MMD). */
  readonly lambdaMax?: number;
  /** 'ramp' (default): λ grows along Ganin's schedule; 'constant': λ = lambdaMax from the first step. */
  readonly schedule?: 'ramp' | 'constant';
  /** Fraction of the source rows held out to pick the best epoch by source validation loss (0 = none, default). */
  readonly validation?: number;
  readonly seed?: number;
  readonly onProgress?: (event: AdaptationProgress) => void;
  readonly signal?: AbortSignal;
}

export interface AdaptationProgress {
  readonly epoch: number;
  readonly epochs: number;
  /** The source label loss. */
  readonly labelLoss: number;
  /** DANN: the domain classifier's loss; CORAL/MMD: the alignment loss (before λ). */
  readonly domainLoss: number;
  /** DANN: the domain classifier's accuracy, near 0.5 when the features no longer tell the domains apart. */
  readonly domainAccuracy?: number;
  readonly lambda: number;
  readonly sourceAccuracy?: number;
}

export interface AdaptationResult {
  /** The trained copy (feature extractor and label head); `info.extra.transfer` records the settings. */
  readonly network: Network;
  readonly history: readonly AdaptationProgress[];
}

function checkInt(fn: string, name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${fn}: ${name} must be an integer ≥ 1, got ${v}`);
  return v;
}

/** DANN's domain classifier on flattened features: relu layers, then one logit (source 0, target 1). */
function domainClassifier(featureDim: number, hidden: readonly number[], rng: Random): tf.Sequential {
  const head = tf.sequential({ name: 'domain_classifier' });
  [...hidden, 1].forEach((units, i) => {
    const last = i === hidden.length;
    head.add(
      tf.layers.dense({
        units,
        activation: last ? 'linear' : 'relu',
        name: last ? 'domain_logit' : `domain_${i + 1}`,
        kernelInitializer: last
          ? tf.initializers.glorotUniform({ seed: rng.nextSeed() })
          : tf.initializers.heNormal({ seed: rng.nextSeed() }),
        ...(i === 0 ? { inputShape: [featureDim] } : {}),
      }),
    );
  });
  return head;
}

/**
 * Unsupervised deep domain adaptation through tlkit's one training loop: a copy of `network` is trained on the
 * labelled source rows while the features at `featureLayer` of source and unlabelled target batches (equal sizes,
 * every step) are pulled together — adversarially (DANN; Ganin et al. 2016), by their covariances (Deep CORAL; Sun
 * & Saenko 2016) or by a multi-kernel MMD (Long et al. 2015). The source network is never modified.
 */
export async function adaptDomains(
  network: Network,
  source: TrainData,
  targetUnlabeled: NetworkInput,
  options: DomainAdaptationOptions = {},
): Promise<AdaptationResult> {
  const alignment = checkOneOf('adaptDomains', 'alignment', options.alignment ?? 'dann', ALIGNMENTS);
  const fn = alignment === 'dann' ? 'dann' : 'adaptDomains';
  const epochs = checkInt(fn, 'epochs', options.epochs ?? 10);
  const batchSize = checkInt(fn, 'batchSize', options.batchSize ?? 64);
  const lambdaMax = options.lambdaMax ?? 1;
  if (!(lambdaMax >= 0) || !Number.isFinite(lambdaMax))
    throw new RangeError(`${fn}: lambdaMax must be a finite number ≥ 0, got ${lambdaMax}`);
  const schedule = checkOneOf(fn, 'schedule', options.schedule ?? 'ramp', ['ramp', 'constant']);
  const seed = options.seed ?? network.info.seed;
  const rng = new Random(seed);
  const featureLayer = network.layer(options.featureLayer ?? network.featureLayer.name).name;
  if (featureLayer === network.head.name) throw new RangeError(`${fn}: the feature layer must come before the head`);
  const copy = await cloneNetwork(network, { seed });
  let domainHead: tf.Sequential | undefined;
  try {
    const featureShape = copy.layerOutput(featureLayer).shape;
    const featureDim = featureShape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
    const hidden = options.domainHidden ?? [128, 128];
    domainHead = alignment === 'dann' ? domainClassifier(featureDim, hidden, rng) : undefined;
    const classifier = domainHead;
    let lambda = 0;
    const objective: TrainingObjective = {
      name: fn,
      unlabeled: targetUnlabeled,
      variables: classifier ? (classifier.trainableWeights.map((w) => w.read()) as unknown as tf.Variable[]) : [],
      beforeStep: ({ progress }) => {
        lambda = lambdaMax * (schedule === 'ramp' ? ganinLambda(progress) : 1);
      },
      step: ({ x, y, unlabeled }): StepOutput => {
        if (!unlabeled) throw new Error(`${fn}: the loop gave no target rows`);
        const [fs, prediction] = copy.forward(x, { training: true, outputs: [featureLayer, copy.head.name] });
        const [ft] = copy.forward(unlabeled, { training: true, outputs: [featureLayer] });
        const labelLoss = copy.loss(y, prediction);
        if (!classifier) {
          const align = alignment === 'coral' ? coralLoss(fs, ft) : mmdLoss(fs, ft);
          return {
            loss: tf.add<tf.Scalar>(labelLoss, tf.mul(lambda, align)),
            prediction,
            extras: { labelLoss, domainLoss: align, lambda: tf.scalar(lambda) },
          };
        }
        const features = tf.reshape(tf.concat([fs, ft]), [-1, featureDim]);
        const domains = tf.concat([tf.zeros([fs.shape[0], 1]), tf.ones([ft.shape[0], 1])]);
        const logits = classifier.apply(gradientReversal(features, lambda), { training: true }) as tf.Tensor;
        const domainLoss: tf.Scalar = tf.losses.sigmoidCrossEntropy(domains, logits);
        // Domain accuracy over both halves, reported per labelled row (the loop weights extras by batch rows).
        const hits = tf.mean<tf.Scalar>(tf.cast(tf.equal(tf.greater(logits, 0), tf.cast(domains, 'bool')), 'float32'));
        return {
          loss: tf.add<tf.Scalar>(labelLoss, domainLoss),
          prediction,
          extras: { labelLoss, domainLoss, domainAccuracy: hits, lambda: tf.scalar(lambda) },
        };
      },
    };
    const history: AdaptationProgress[] = [];
    await train(copy, source, {
      epochs,
      batchSize,
      learningRate: options.learningRate ?? 1e-3,
      optimizer: options.optimizer ?? 'adam',
      seed: rng.nextSeed(),
      objective,
      ...(options.annealLearningRate ? { learningRateSchedule: (p: number) => 1 / (1 + 10 * p) ** 0.75 } : {}),
      ...(options.validation ? { validation: options.validation, earlyStopping: { patience: epochs } } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (e: ProgressEvent) => {
        const extras = e.extras ?? {};
        const event: AdaptationProgress = {
          epoch: e.epoch,
          epochs: e.epochs,
          labelLoss: extras.labelLoss,
          domainLoss: extras.domainLoss,
          ...('domainAccuracy' in extras ? { domainAccuracy: extras.domainAccuracy } : {}),
          lambda,
          ...(e.metricName === 'accuracy' ? { sourceAccuracy: e.metric } : {}),
        };
        history.push(event);
        options.onProgress?.(event);
      },
    });
    const result = copy.withInfo({
      extra: {
        ...copy.info.extra,
        transfer: {
          family: 'deep',
          method: alignment,
          featureLayer,
          ...(alignment === 'dann' ? { domainHidden: [...hidden] } : {}),
          lambdaMax,
          schedule,
          epochs,
        },
      },
    });
    return { network: result, history };
  } catch (error) {
    copy.dispose();
    throw error;
  } finally {
    domainHead?.dispose();
  }
}
