import * as tf from '@tensorflow/tfjs';
import { throwIfAborted, type Random } from '@tlkit/tensor-core';
import type { Network } from '../network.js';
import type { HostRows } from './host-rows.js';
import { finishMetric, lossFor, metricName, metricSum, type MetricName } from './losses.js';
import type { StepContext, TrainingObjective } from './objective.js';
import type { ParameterGroup } from './optimizers.js';
import type { PreparedRows } from './prepared-rows.js';

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
  /** The objective's other reported values (e.g. a domain classifier's loss and accuracy). */
  readonly extras?: Readonly<Record<string, number>>;
}

export interface EarlyStopping {
  /** Epochs without improvement of the monitored loss before stopping. */
  readonly patience: number;
  /** Put back the weights of the best epoch at the end (default true). */
  readonly restoreBest?: boolean;
  readonly minDelta?: number;
}

export interface TrainHistory {
  metricName: MetricName;
  loss: number[];
  metric: number[];
  valLoss: number[];
  valMetric: number[];
  /** Per-epoch means of the objective's extra values, by name. */
  extras: Record<string, number[]>;
  /** 1-based epoch whose weights the network holds at the end. */
  bestEpoch: number;
  epochsRun: number;
  stoppedEarly: boolean;
  samplesPerSecond: number;
}

export interface LoopSettings {
  readonly network: Network;
  readonly train: PreparedRows;
  readonly validation: PreparedRows | undefined;
  readonly unlabeled: HostRows | undefined;
  readonly groups: readonly ParameterGroup[];
  readonly objective: TrainingObjective;
  readonly epochs: number;
  readonly batchSize: number;
  readonly rng: Random;
  readonly earlyStopping: EarlyStopping | undefined;
  readonly schedule: ((progress: number) => number) | undefined;
  readonly penalty: (() => tf.Scalar) | undefined;
  readonly onProgress: ((event: ProgressEvent) => void) | undefined;
  readonly perBatch: boolean;
  readonly signal: AbortSignal | undefined;
}

/** Layers whose randomness tfjs seeds once per layer (one fixed mask for a fixed seed), nested models included. */
function seededLayers(layers: readonly tf.layers.Layer[]): { seed?: number }[] {
  return layers.flatMap((l) =>
    l instanceof tf.LayersModel ? seededLayers(l.layers) : 'seed' in l && /Dropout/.test(l.getClassName()) ? [l as { seed?: number }] : [],
  );
}

/** Row indices that cycle through seeded permutations: equal-sized draws from a second set of rows. */
class CyclingRows {
  private order: Int32Array;
  private at = 0;
  constructor(
    private readonly n: number,
    private readonly rng: Random,
  ) {
    this.order = rng.permutation(n);
  }
  next(count: number): Int32Array {
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      if (this.at === this.n) {
        this.order = this.rng.permutation(this.n);
        this.at = 0;
      }
      out[i] = this.order[this.at++];
    }
    return out;
  }
}

function evaluate(network: Network, data: PreparedRows, batchSize: number, name: MetricName): { loss: number; metric: number } {
  let lossSum = 0;
  let metric = 0;
  const all = Int32Array.from({ length: data.n }, (_, i) => i);
  for (let start = 0; start < data.n; start += batchSize) {
    const idx = all.subarray(start, Math.min(start + batchSize, data.n));
    const [l, m] = tf.tidy((): [tf.Tensor, tf.Tensor] => {
      const yb = data.y.take(idx);
      const pred = network.forward(data.x.take(idx))[0];
      return [tf.mul(lossFor(network.output, yb, pred), idx.length), metricSum(network.output, yb, pred)];
    });
    lossSum += l.dataSync()[0];
    metric += m.dataSync()[0];
    l.dispose();
    m.dispose();
  }
  return { loss: lossSum / data.n, metric: finishMetric(name, metric, data.n) };
}

/** One optimisation step; returns the host values of the loss, the metric sum and the extras. */
function runStep(s: LoopSettings, idx: Int32Array, unlabeledIdx: Int32Array | undefined, context: StepContext) {
  const { network, objective, groups, penalty } = s;
  const vars = groups.flatMap((g) => g.variables);
  let kept: tf.Tensor[] = [];
  let extraNames: string[] = [];
  const value = tf.tidy(() => {
    const x = s.train.x.take(idx);
    const y = s.train.y.take(idx);
    const unlabeled = unlabeledIdx && s.unlabeled ? s.unlabeled.take(unlabeledIdx) : undefined;
    const { value: loss, grads } = tf.variableGrads(() => {
      const out = objective.step({ x, y, ...(unlabeled ? { unlabeled } : {}) }, context);
      // The gradient scope disposes everything but the loss; what is reported is kept and freed by the caller.
      const extras = out.extras ?? {};
      extraNames = Object.keys(extras);
      kept = [tf.keep(metricSum(network.output, y, out.prediction)), ...extraNames.map((k) => tf.keep(extras[k].clone()))];
      return penalty ? tf.add(out.loss, penalty()) : out.loss;
    }, vars);
    for (const g of groups) {
      const mine: tf.NamedTensorMap = {};
      for (const v of g.variables) {
        const grad = grads[v.name] as tf.Tensor | undefined;
        if (grad) mine[v.name] = grad;
      }
      g.optimizer.applyGradients(mine);
    }
    return loss;
  });
  const loss = value.dataSync()[0];
  const [metric, ...extras] = kept.map((t) => t.dataSync()[0]);
  value.dispose();
  kept.forEach((t) => t.dispose());
  return { loss, metric, extras: Object.fromEntries(extraNames.map((k, i) => [k, extras[i]])) as Record<string, number> };
}

/** The epochs of the one training loop; the caller owns the optimizers. */
export async function runEpochs(s: LoopSettings): Promise<TrainHistory> {
  const { network, epochs, batchSize, rng } = s;
  const name = metricName(network.output);
  const patience = s.earlyStopping?.patience ?? Infinity;
  const restoreBest = s.earlyStopping?.restoreBest ?? true;
  const minDelta = s.earlyStopping?.minDelta ?? 0;
  const n = s.train.n;
  const batches = Math.ceil(n / batchSize);
  const steps = epochs * batches;
  const dropouts = seededLayers(network.layers);
  const cycling = s.unlabeled ? new CyclingRows(s.unlabeled.rows, rng.fork()) : undefined;
  const history: TrainHistory = {
    metricName: name,
    loss: [],
    metric: [],
    valLoss: [],
    valMetric: [],
    extras: {},
    bestEpoch: 0,
    epochsRun: 0,
    stoppedEarly: false,
    samplesPerSecond: 0,
  };
  let best: tf.Tensor[] | undefined;
  try {
    let bestLoss = Infinity;
    let bestSeen = 0;
    let sinceBest = 0;
    let seen = 0;
    let step = 0;
    const started = performance.now();
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = rng.permutation(n);
      let lossSum = 0;
      let metricTotal = 0;
      const extraSums: Record<string, number> = {};
      for (let b = 0; b < batches; b++) {
        throwIfAborted(s.signal, s.objective.name ?? 'train');
        const idx = order.subarray(b * batchSize, Math.min((b + 1) * batchSize, n));
        const context: StepContext = { epoch, step, steps, progress: step / steps };
        step++;
        if (s.schedule) {
          const factor = s.schedule(context.progress);
          for (const g of s.groups) g.optimizer.setLearningRate(g.rate * factor);
        }
        s.objective.beforeStep?.(context);
        // tfjs' Dropout uses one fixed mask for a fixed seed, so each step gets a fresh seed from our generator.
        for (const d of dropouts) d.seed = rng.nextSeed();
        const out = runStep(s, idx, cycling?.next(idx.length), context);
        lossSum += out.loss * idx.length;
        metricTotal += out.metric;
        for (const [k, v] of Object.entries(out.extras)) extraSums[k] = (extraSums[k] ?? 0) + v * idx.length;
        seen += idx.length;
        if (s.perBatch && s.onProgress) {
          s.onProgress({
            epoch,
            epochs,
            batch: b + 1,
            batches,
            loss: out.loss,
            metric: finishMetric(name, out.metric, idx.length),
            metricName: name,
            ...(Object.keys(out.extras).length > 0 ? { extras: out.extras } : {}),
          });
        }
      }
      const loss = lossSum / n;
      history.loss.push(loss);
      history.metric.push(finishMetric(name, metricTotal, n));
      const extras = Object.fromEntries(Object.entries(extraSums).map(([k, v]) => [k, v / n]));
      for (const [k, v] of Object.entries(extras)) (history.extras[k] ??= []).push(v);
      let monitored = loss;
      if (s.validation) {
        const v = evaluate(network, s.validation, Math.max(batchSize, 256), name);
        history.valLoss.push(v.loss);
        history.valMetric.push(v.metric);
        monitored = v.loss;
      }
      history.epochsRun = epoch;
      s.onProgress?.({
        epoch,
        epochs,
        batches,
        loss,
        metric: history.metric[epoch - 1],
        metricName: name,
        ...(s.validation ? { valLoss: history.valLoss[epoch - 1], valMetric: history.valMetric[epoch - 1] } : {}),
        ...(Object.keys(extras).length > 0 ? { extras } : {}),
      });
      if (monitored < bestLoss - minDelta) {
        bestLoss = monitored;
        sinceBest = 0;
        bestSeen = epoch;
        if (s.earlyStopping && restoreBest) {
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
  }
}
