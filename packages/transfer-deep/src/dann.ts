import * as tf from '@tensorflow/tfjs';
import { Random, throwIfAborted } from '@tlkit/tensor-core';
import {
  cloneNetwork,
  forward,
  HostRows,
  inputTensor,
  kernelInitializer,
  lossFor,
  makeOptimizer,
  registerWasmTrainingKernels,
  targetTensor,
  type Network,
  type NetworkInput,
  type OptimizerName,
  type TrainData,
} from '@tlkit/nn';
import { ganinLambda, gradientReversal } from './gradient-reversal.js';

export interface DannOptions {
  /** The last layer of the feature extractor, by name or index; default the layer before the head. */
  readonly featureLayer?: string | number;
  /** Hidden units of the domain classifier (default [64]). */
  readonly domainHidden?: readonly number[];
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly optimizer?: OptimizerName;
  /** Ganin's learning-rate annealing μ_p = μ₀/(1 + 10p)^0.75 (for 'sgd' and 'momentum'; default false). */
  readonly annealLearningRate?: boolean;
  /** Multiplies Ganin's λ schedule 2/(1 + exp(−10p)) − 1 (default 1). */
  readonly lambdaMax?: number;
  readonly seed?: number;
  readonly onProgress?: (event: DannProgress) => void;
  readonly signal?: AbortSignal;
}

export interface DannProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly labelLoss: number;
  readonly domainLoss: number;
  /** Accuracy of the domain classifier: near 0.5 when the features no longer tell the domains apart. */
  readonly domainAccuracy: number;
  readonly lambda: number;
}

export interface DannResult {
  /** The trained copy (feature extractor and label head); `info.extra.transfer` records the settings. */
  readonly network: Network;
  readonly history: readonly DannProgress[];
}

/**
 * Domain-adversarial training (DANN; Ganin & Lempitsky 2015, Ganin et al. 2016). A copy of `network` is split at
 * `featureLayer` into a feature extractor and a label predictor; a domain classifier reads the features through a
 * gradient reversal layer. Each step adds the label loss on a source batch to the domain loss on that batch and an
 * equal batch of unlabelled target rows; λ follows 2/(1 + exp(−10p)) − 1 over training progress p.
 */
export async function dann(
  network: Network,
  source: TrainData,
  targetUnlabeled: NetworkInput,
  options: DannOptions = {},
): Promise<DannResult> {
  const fn = 'dann';
  const epochs = options.epochs ?? 10;
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`${fn}: epochs must be an integer ≥ 1, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`${fn}: batchSize must be an integer ≥ 1, got ${batchSize}`);
  const lambdaMax = options.lambdaMax ?? 1;
  const seed = options.seed ?? network.info.seed;
  const rng = new Random(seed);
  const split = network.layerIndex(options.featureLayer ?? -2);
  if (split >= network.model.layers.length - 1) throw new RangeError(`${fn}: the feature layer must come before the head`);
  const copy = await cloneNetwork(network, { seed });
  const owned: tf.Tensor[] = [];
  let domainHead: tf.Sequential | undefined;
  let optimizer: tf.Optimizer | undefined;
  try {
    const xs = inputTensor(fn, source.X, copy.inputShape);
    owned.push(xs);
    const ys = targetTensor(fn, source.y, copy.output, xs.shape[0]);
    owned.push(ys);
    const xt = inputTensor(`${fn} (target)`, targetUnlabeled, copy.inputShape);
    owned.push(xt);
    if (xt.shape[0] === 0) throw new RangeError(`${fn}: no unlabelled target rows`);
    const featureShape = copy.model.layers[split].outputShape as (number | null)[];
    const featureDim = featureShape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
    domainHead = tf.sequential({ name: 'domain_classifier' });
    const hidden = options.domainHidden ?? [64];
    hidden.forEach((units, i) => {
      domainHead?.add(
        tf.layers.dense({
          units,
          activation: 'relu',
          name: `domain_${i + 1}`,
          kernelInitializer: kernelInitializer('relu', rng),
          ...(i === 0 ? { inputShape: [featureDim] } : {}),
        }),
      );
    });
    domainHead.add(
      tf.layers.dense({
        units: 1,
        activation: 'linear',
        name: 'domain_logit',
        kernelInitializer: kernelInitializer('linear', rng),
        ...(hidden.length === 0 ? { inputShape: [featureDim] } : {}),
      }),
    );
    const baseRate = options.learningRate ?? 1e-3;
    optimizer = makeOptimizer(options.optimizer ?? 'adam', baseRate);
    // tfjs' optimizers all pass `instanceof SGDOptimizer` (a duck-typed hasInstance), so the name decides.
    const sgdLike = options.optimizer === 'sgd' || options.optimizer === 'momentum';
    if (options.annealLearningRate && !sgdLike) throw new RangeError(`${fn}: annealLearningRate needs optimizer 'sgd' or 'momentum'`);
    const anneal = options.annealLearningRate ? (optimizer as unknown as { setLearningRate(rate: number): void }) : undefined;
    registerWasmTrainingKernels();
    const vars = [...copy.model.trainableWeights, ...domainHead.trainableWeights].map((w) => w.read()) as unknown as tf.Variable[];
    const dropouts = copy.model.layers.filter((l) => l.getClassName() === 'Dropout') as unknown as { seed?: number }[];
    const ns = xs.shape[0];
    const nt = xt.shape[0];
    const hostXs = HostRows.fromTensor(xs);
    const hostYs = HostRows.fromTensor(ys);
    const hostXt = HostRows.fromTensor(xt);
    // Batches come from the host rows from here on.
    for (const t of [xs, ys, xt]) t.dispose();
    const batches = Math.ceil(ns / batchSize);
    const total = epochs * batches;
    const history: DannProgress[] = [];
    let step = 0;
    let lambda = 0;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = rng.permutation(ns);
      let labelSum = 0;
      let domainSum = 0;
      let domainHits = 0;
      let domainRows = 0;
      for (let b = 0; b < batches; b++) {
        throwIfAborted(options.signal, fn);
        lambda = lambdaMax * ganinLambda(step / total);
        if (anneal) anneal.setLearningRate(baseRate / (1 + (10 * step) / total) ** 0.75);
        step++;
        const sIdx = order.subarray(b * batchSize, Math.min((b + 1) * batchSize, ns));
        const tIdx = Int32Array.from({ length: sIdx.length }, () => rng.int(nt));
        for (const d of dropouts) d.seed = rng.nextSeed();
        const head = domainHead;
        let extras: tf.Tensor[] = [];
        const value = tf.tidy(() => {
          const xb = hostXs.take(sIdx);
          const yb = hostYs.take(sIdx);
          const tb = hostXt.take(tIdx);
          const domains = tf.concat([tf.zeros([sIdx.length, 1]), tf.ones([tIdx.length, 1])]);
          const { value: loss, grads } = tf.variableGrads(() => {
            const fs = forward(copy.model, xb, true, split);
            const ft = forward(copy.model, tb, true, split);
            const labelLoss = lossFor(copy.output, yb, forward(copy.model, fs, true, copy.model.layers.length - 1, split + 1));
            const features = tf.reshape(tf.concat([fs, ft]), [-1, featureDim]);
            const logits = head.apply(gradientReversal(features, lambda), { training: true }) as tf.Tensor;
            const domainLoss = tf.losses.sigmoidCrossEntropy(domains, logits);
            const hits = tf.sum(tf.cast(tf.equal(tf.greater(logits, 0), tf.cast(domains, 'bool')), 'float32'));
            extras = [tf.keep(labelLoss.clone()), tf.keep(domainLoss.clone()), tf.keep(hits)];
            return tf.add<tf.Scalar>(labelLoss, domainLoss);
          }, vars);
          optimizer?.applyGradients(grads);
          return loss;
        });
        const [labelLoss, domainLoss, hits] = extras.map((t) => t.dataSync()[0]);
        extras.forEach((t) => t.dispose());
        value.dispose();
        labelSum += labelLoss * sIdx.length;
        domainSum += domainLoss * sIdx.length;
        domainHits += hits;
        domainRows += 2 * sIdx.length;
      }
      const event: DannProgress = {
        epoch,
        epochs,
        labelLoss: labelSum / ns,
        domainLoss: domainSum / ns,
        domainAccuracy: domainHits / domainRows,
        lambda,
      };
      history.push(event);
      options.onProgress?.(event);
      await tf.nextFrame();
    }
    const result = copy.withInfo({
      extra: {
        ...copy.info.extra,
        transfer: {
          family: 'deep',
          method: 'dann',
          featureLayer: copy.model.layers[split].name,
          domainHidden: [...hidden],
          lambdaMax,
          epochs,
        },
      },
    });
    return { network: result, history };
  } catch (error) {
    copy.dispose();
    throw error;
  } finally {
    owned.forEach((t) => t.dispose());
    domainHead?.dispose();
    optimizer?.dispose();
  }
}
