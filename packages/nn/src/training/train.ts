import * as tf from '@tensorflow/tfjs';
import { Random, sampleLabelled, throwIfAborted } from '@tlkit/tensor-core';
import { registerWasmTrainingKernels } from '../kernels/wasm-training-kernels.js';
import type { Network } from '../network.js';
import { inputTensor, targetTensor, type NetworkInput, type NetworkTargets } from '../network-input.js';
import { forward } from './forward.js';
import { HostRows } from './host-rows.js';
import { finishMetric, lossFor, metricName, metricSum, type MetricName } from './losses.js';
import { parameterGroups, type OptimizerName } from './optimizers.js';

export interface TrainData {
  readonly X: NetworkInput;
  readonly y: NetworkTargets;
}

export interface ProgressEvent {
  readonly epoch: number;
  readonly epochs: number;
  /** Set for per-batch events. */
  readonly batch?: number;
  readonly batches: number;
  readonly loss: number;
  readonly metric: number;
  readonly metricName: MetricName;
  readonly valLoss?: number;
  readonly valMetric?: number;
}

export interface EarlyStopping {
  /** Epochs without improvement of the monitored loss before stopping. */
  readonly patience: number;
  /** Put back the weights of the best epoch at the end (default true). */
  readonly restoreBest?: boolean;
  readonly minDelta?: number;
}

export interface TrainOptions {
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly optimizer?: OptimizerName;
  /** Held-out rows, or a fraction of the training rows to hold out (seeded, stratified for classes). */
  readonly validation?: TrainData | number;
  /** Monitors the validation loss when there is validation data, else the training loss. */
  readonly earlyStopping?: EarlyStopping;
  /** Seeds shuffling and dropout; default: the network's seed. */
  readonly seed?: number;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Progress per 'epoch' (default) or also per 'batch'. */
  readonly progressEvery?: 'epoch' | 'batch';
  /** Learning rates of particular layers (by name), for discriminative fine-tuning. */
  readonly learningRates?: Readonly<Record<string, number>>;
  /** An extra loss term added at every step (e.g. an L2-SP penalty), built inside the step's tidy scope. */
  readonly penalty?: () => tf.Scalar;
  /** Stops between batches when aborted; `train` then rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

export interface TrainHistory {
  metricName: MetricName;
  loss: number[];
  metric: number[];
  valLoss: number[];
  valMetric: number[];
  /** 1-based epoch whose weights the network holds at the end. */
  bestEpoch: number;
  epochsRun: number;
  stoppedEarly: boolean;
  samplesPerSecond: number;
}

function checkInt(name: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min) throw new RangeError(`train: ${name} must be an integer ≥ ${min}, got ${v}`);
  return v;
}

interface Prepared {
  x: tf.Tensor;
  y: tf.Tensor2D;
  n: number;
}

function prepare(network: Network, data: TrainData, fn: string): Prepared {
  const x = inputTensor(fn, data.X, network.inputShape);
  try {
    const y = targetTensor(fn, data.y, network.output, x.shape[0]);
    return { x, y, n: x.shape[0] };
  } catch (e) {
    x.dispose();
    throw e;
  }
}

function splitValidation(network: Network, data: Prepared, fraction: number, labels: NetworkTargets, rng: Random): [Prepared, Prepared] {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`train: validation fraction must be in (0, 1), got ${fraction}`);
  const nVal = Math.max(1, Math.round(data.n * fraction));
  if (nVal >= data.n) throw new RangeError(`train: validation ${fraction} leaves no training rows of ${data.n}`);
  const stratify = network.output.kind === 'classification' ? (labels as readonly unknown[]) : undefined;
  const { train, test } = sampleLabelled(data.n, data.n - nVal, { seed: rng.fork(), labels: stratify });
  const take = (idx: Int32Array): Prepared =>
    tf.tidy(() => {
      const i = tf.tensor1d(idx, 'int32');
      return { x: tf.gather(data.x, i), y: tf.gather(data.y, i), n: idx.length };
    });
  return [take(train), take(test)];
}

function evaluate(network: Network, data: Prepared, batchSize: number, name: MetricName): { loss: number; metric: number } {
  let lossSum = 0;
  let metric = 0;
  for (let start = 0; start < data.n; start += batchSize) {
    const size = Math.min(batchSize, data.n - start);
    const [l, m] = tf.tidy((): [tf.Tensor, tf.Tensor] => {
      const xb = data.x.slice(start, size);
      const yb = data.y.slice(start, size);
      const pred = forward(network.model, xb, false);
      return [tf.mul(lossFor(network.output, yb, pred), size), metricSum(network.output, yb, pred)];
    });
    lossSum += l.dataSync()[0];
    metric += m.dataSync()[0];
    l.dispose();
    m.dispose();
  }
  return { loss: lossSum / data.n, metric: finishMetric(name, metric, data.n) };
}

/**
 * Trains a network with its own loop (tf.variableGrads + optimizers, no model.compile/fit): seeded shuffling and
 * dropout, progress events, validation, early stopping with best-weight restore, per-layer learning rates, an
 * optional extra penalty, and cancellation. Layers with trainable = false are left bit-identical. Every tensor it
 * makes is disposed.
 */
export async function train(network: Network, data: TrainData, options: TrainOptions = {}): Promise<TrainHistory> {
  const fn = 'train';
  const epochs = checkInt('epochs', options.epochs ?? 10, 1);
  const batchSize = checkInt('batchSize', options.batchSize ?? 32, 1);
  const patience = options.earlyStopping ? checkInt('earlyStopping.patience', options.earlyStopping.patience, 0) : Infinity;
  const restoreBest = options.earlyStopping?.restoreBest ?? true;
  const minDelta = options.earlyStopping?.minDelta ?? 0;
  const rng = new Random(options.seed ?? network.info.seed);
  const name = metricName(network.output);
  registerWasmTrainingKernels();

  const owned: tf.Tensor[] = [];
  const optimizers: tf.Optimizer[] = [];
  let best: tf.Tensor[] | undefined;
  try {
    const all = prepare(network, data, fn);
    owned.push(all.x, all.y);
    let trainSet = all;
    let valSet: Prepared | undefined;
    if (typeof options.validation === 'number') {
      [trainSet, valSet] = splitValidation(network, all, options.validation, data.y, rng);
      owned.push(trainSet.x, trainSet.y, valSet.x, valSet.y);
    } else if (options.validation) {
      valSet = prepare(network, options.validation, `${fn} (validation)`);
      owned.push(valSet.x, valSet.y);
    }
    const groups = parameterGroups(network.model, options.optimizer ?? 'adam', options.learningRate ?? 1e-3, options.learningRates);
    for (const g of groups) optimizers.push(g.optimizer);
    const allVars = groups.flatMap((g) => g.variables);
    const dropouts = network.model.layers.filter((l) => l.getClassName() === 'Dropout') as unknown as { seed?: number }[];
    const batches = Math.ceil(trainSet.n / batchSize);
    const trainRows = trainSet.n;
    const hostX = HostRows.fromTensor(trainSet.x);
    const hostY = HostRows.fromTensor(trainSet.y);
    // Batches come from the host rows from here on; the tensors' memory is not needed during training.
    trainSet.x.dispose();
    trainSet.y.dispose();
    const history: TrainHistory = {
      metricName: name,
      loss: [],
      metric: [],
      valLoss: [],
      valMetric: [],
      bestEpoch: 0,
      epochsRun: 0,
      stoppedEarly: false,
      samplesPerSecond: 0,
    };
    let bestLoss = Infinity;
    let bestSeen = 0;
    let sinceBest = 0;
    let seen = 0;
    const started = performance.now();
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = rng.permutation(trainRows);
      let lossSum = 0;
      let metricTotal = 0;
      for (let b = 0; b < batches; b++) {
        throwIfAborted(options.signal, 'train');
        const idx = order.subarray(b * batchSize, Math.min((b + 1) * batchSize, trainRows));
        // tfjs' Dropout uses one fixed mask for a fixed seed, so each step gets a fresh seed from our generator.
        for (const d of dropouts) d.seed = rng.nextSeed();
        let batchMetric: tf.Scalar | undefined;
        const batchLoss = tf.tidy(() => {
          const xb = hostX.take(idx);
          const yb = hostY.take(idx);
          const { value, grads } = tf.variableGrads(() => {
            const pred = forward(network.model, xb, true);
            // The gradient scope disposes everything but the loss; the metric is kept and freed below.
            batchMetric = tf.keep(metricSum(network.output, yb, pred));
            const loss = lossFor(network.output, yb, pred);
            return options.penalty ? tf.add(loss, options.penalty()) : loss;
          }, allVars);
          for (const g of groups) {
            const mine: tf.NamedTensorMap = {};
            for (const v of g.variables) mine[v.name] = grads[v.name];
            g.optimizer.applyGradients(mine);
          }
          return value;
        });
        const lv = batchLoss.dataSync()[0] * idx.length;
        const mv = batchMetric ? batchMetric.dataSync()[0] : 0;
        batchLoss.dispose();
        batchMetric?.dispose();
        lossSum += lv;
        metricTotal += mv;
        seen += idx.length;
        if (options.progressEvery === 'batch' && options.onProgress) {
          options.onProgress({
            epoch,
            epochs,
            batch: b + 1,
            batches,
            loss: lv / idx.length,
            metric: finishMetric(name, mv, idx.length),
            metricName: name,
          });
        }
      }
      const loss = lossSum / trainRows;
      history.loss.push(loss);
      history.metric.push(finishMetric(name, metricTotal, trainRows));
      let monitored = loss;
      if (valSet) {
        const v = evaluate(network, valSet, Math.max(batchSize, 256), name);
        history.valLoss.push(v.loss);
        history.valMetric.push(v.metric);
        monitored = v.loss;
      }
      history.epochsRun = epoch;
      options.onProgress?.({
        epoch,
        epochs,
        batches,
        loss,
        metric: history.metric[epoch - 1],
        metricName: name,
        ...(valSet ? { valLoss: history.valLoss[epoch - 1], valMetric: history.valMetric[epoch - 1] } : {}),
      });
      if (monitored < bestLoss - minDelta) {
        bestLoss = monitored;
        sinceBest = 0;
        bestSeen = epoch;
        if (options.earlyStopping && restoreBest) {
          best?.forEach((t) => t.dispose());
          best = network.model.getWeights().map((w) => w.clone());
        }
      } else if (++sinceBest > patience) {
        history.stoppedEarly = true;
        break;
      }
      await tf.nextFrame();
    }
    if (best) network.model.setWeights(best);
    history.bestEpoch = best ? bestSeen : history.epochsRun;
    history.samplesPerSecond = seen / ((performance.now() - started) / 1000);
    return history;
  } finally {
    best?.forEach((t) => t.dispose());
    owned.forEach((t) => t.dispose());
    optimizers.forEach((o) => o.dispose());
  }
}
