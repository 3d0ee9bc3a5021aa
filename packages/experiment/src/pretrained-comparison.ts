import { deriveSeed, sampleLabelled, takeRows, type DenseMatrix } from '@tlkit/tensor-core';
import { GraphFeatures, cloneNetwork, cnn, embed, mlp, train, type Network, type OutputSpec } from '@tlkit/nn';
import { fineTune } from '@tlkit/transfer-deep';
import { bootstrapReplicates, percentileInterval, type DrawRecord } from './bootstrap.js';
import type { Verdict } from './report.js';
import { summarise } from './statistics.js';

/** Labelled target rows in the pretrained network's input (for images: height × width × channels values). */
export interface LabelledRows {
  readonly X: DenseMatrix;
  readonly y: readonly string[];
  readonly inputShape: readonly number[];
}

export type PretrainedMethod = 'scratch' | 'frozen' | 'fine-tune';
export const PRETRAINED_METHODS: readonly PretrainedMethod[] = ['scratch', 'frozen', 'fine-tune'];
export const METHOD_LABELS: Readonly<Record<PretrainedMethod, string>> = {
  scratch: 'from scratch (a small network, random start)',
  frozen: 'frozen features + head',
  'fine-tune': 'fine-tuned backbone',
};

export interface ComparisonOptions {
  /** Examples per class to train on (default: 1, 2, 3, 5 up to one less than the smallest class). */
  readonly sizes?: readonly number[];
  readonly repeats?: number;
  readonly epochs?: number;
  readonly seed?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

export interface MethodCurve {
  readonly method: PretrainedMethod;
  readonly label: string;
  readonly mean: number[];
  readonly std: number[];
  /** 95% interval of each mean: the two-level bootstrap over draws and the user's examples, as the verdicts use. */
  readonly ci: (readonly [number, number])[];
}

export interface MethodVerdict {
  readonly size: number;
  readonly method: PretrainedMethod;
  readonly verdict: Verdict;
  /** Mean paired difference in accuracy against from-scratch, with its interval at `level`. */
  readonly difference: number;
  readonly ci: readonly [number, number];
  /** The interval's level: 95% split over the transfer methods compared (Bonferroni: 97.5% each for two, 95% for one). */
  readonly level: number;
}

export interface PretrainedComparison {
  readonly sizes: number[];
  readonly repeats: number;
  readonly curves: MethodCurve[];
  readonly verdicts: MethodVerdict[];
  /** One plain sentence per method at the largest size. */
  readonly sentences: string[];
  readonly best: PretrainedMethod;
}

/**
 * What few-shot transfer starts from: a LayersModel as a Network (every method), or a tfjs graph model as a frozen
 * feature extractor (from scratch and frozen features + head; a graph has no layers to fine-tune).
 */
export type Backbone = Network | GraphFeatures;

/** The methods a backbone allows: all three for a network, scratch and frozen features for a graph model. */
export function methodsFor(source: Backbone): PretrainedMethod[] {
  return source instanceof GraphFeatures ? ['scratch', 'frozen'] : [...PRETRAINED_METHODS];
}

/** A model trained on all the examples, for live predictions. */
export interface FittedPretrainedMethod {
  readonly method: PretrainedMethod;
  /**
   * The trained network (a copy: the source is untouched), e.g. to save; from a graph model, the head alone (it reads
   * the graph's features).
   */
  readonly network: Network;
  predict(X: DenseMatrix): { label: string; probability: number }[];
  dispose(): void;
}

function classesOf(y: readonly string[]): string[] {
  return [...new Set(y)].sort();
}

/** The default sizes: 1, 2, 3, 5, 8 examples per class, up to one less than the smallest class (one left to test). */
export function defaultSizes(y: readonly string[]): number[] {
  const counts = new Map<string, number>();
  for (const label of y) counts.set(label, (counts.get(label) ?? 0) + 1);
  const smallest = [...counts.values()].reduce((m, v) => Math.min(m, v), Infinity);
  if (counts.size < 2) throw new RangeError('Draw or drop examples of at least 2 classes.');
  if (smallest < 2) throw new RangeError('Every class needs at least 2 examples: one to learn from, one to test on.');
  return [1, 2, 3, 5, 8].filter((k) => k < smallest);
}

/**
 * From scratch: for images, the shipped backbone's small CNN (conv 5×5×16 → pool → conv 5×5×32 → pool → dense 64;
 * 3×3 kernels below 20 pixels, one block where two do not fit) with random weights; otherwise an MLP with one hidden
 * layer of 64.
 */
function scratchNetwork(shape: readonly number[], output: OutputSpec, seed: number): Network {
  if (shape.length === 3) {
    const [height, width, channels] = shape;
    const kernelSize = Math.min(height, width) >= 20 ? 5 : 3;
    const after = (side: number) => Math.floor((side - kernelSize + 1) / 2);
    const blocks = Math.min(after(after(height)), after(after(width))) >= 1 ? 2 : Math.min(after(height), after(width)) >= 1 ? 1 : 0;
    if (blocks > 0) return cnn({ height, width, channels, kernelSize, filters: [16, 32].slice(0, blocks), dropout: 0.25, output, seed });
  }
  return mlp({ inputDim: shape.reduce((a, b) => a * b, 1), hidden: [64], dropout: 0.25, output, seed });
}

function oneHotBest(network: Network, X: DenseMatrix, classes: readonly string[]): { label: string; probability: number }[] {
  const P = network.predict(X);
  return Array.from({ length: P.rows }, (_, i) => {
    let best = 0;
    for (let c = 1; c < P.cols; c++) if (P.data[i * P.cols + c] > P.data[i * P.cols + best]) best = c;
    return { label: classes[best], probability: P.data[i * P.cols + best] };
  });
}

/**
 * Frozen features + a new head: the rows are embedded once at the backbone's feature layer and a softmax head
 * learns on them (a linear model, so 10× the epochs cost little), then goes on a copy of the backbone cut there.
 */
async function frozenWithHead(
  source: Network,
  data: { X: DenseMatrix; y: readonly string[] },
  output: OutputSpec,
  options: { epochs: number; seed: number; signal?: AbortSignal },
): Promise<Network> {
  const Z = embed(source, data.X);
  const head = mlp({ inputDim: Z.cols, hidden: [], output, seed: options.seed });
  try {
    await train(
      head,
      { X: Z, y: [...data.y] },
      { epochs: 10 * options.epochs, batchSize: Math.min(16, Z.rows), learningRate: 1e-2, seed: options.seed, signal: options.signal },
    );
    const network = await cloneNetwork(source, { output, seed: options.seed });
    network.layers.forEach((l) => (l.trainable = false));
    network.head.trainable = true;
    network.head.setWeights(head.head.getWeights());
    return network.withInfo({
      extra: {
        ...network.info.extra,
        transfer: { family: 'deep', method: 'frozen-features-head', featureLayer: source.featureLayer.name },
      },
    });
  } finally {
    head.dispose();
  }
}

/** Frozen graph features + a softmax head: the graph embeds, the head is all that trains. */
async function graphWithHead(
  source: GraphFeatures,
  data: { X: DenseMatrix; y: readonly string[] },
  classes: readonly string[],
  options: { epochs: number; seed: number; signal?: AbortSignal },
): Promise<FittedPretrainedMethod> {
  const Z = source.embed(data.X);
  const head = mlp({ inputDim: Z.cols, hidden: [], output: { kind: 'classification', classes }, seed: options.seed });
  try {
    await train(
      head,
      { X: Z, y: [...data.y] },
      { epochs: 10 * options.epochs, batchSize: Math.min(16, Z.rows), learningRate: 1e-2, seed: options.seed, signal: options.signal },
    );
  } catch (error) {
    head.dispose();
    throw error;
  }
  return { method: 'frozen', network: head, predict: (X) => oneHotBest(head, source.embed(X), classes), dispose: () => head.dispose() };
}

/** Trains one method on the given examples; the source network is never modified. */
export async function fitPretrainedMethod(
  method: PretrainedMethod,
  source: Backbone,
  data: { X: DenseMatrix; y: readonly string[] },
  inputShape: readonly number[],
  options: { epochs: number; seed: number; signal?: AbortSignal },
): Promise<FittedPretrainedMethod> {
  const classes = classesOf(data.y);
  const output: OutputSpec = { kind: 'classification', classes };
  const batchSize = Math.min(16, data.X.rows);
  if (source instanceof GraphFeatures && method !== 'scratch') {
    if (method === 'fine-tune') throw new RangeError('a graph model is a frozen feature extractor: it has no layers to fine-tune');
    return graphWithHead(source, data, classes, options);
  }
  let network: Network;
  if (method === 'scratch') {
    network = scratchNetwork(inputShape, output, options.seed);
    try {
      await train(
        network,
        { X: data.X, y: [...data.y] },
        { epochs: options.epochs, batchSize, learningRate: 3e-3, seed: options.seed, signal: options.signal },
      );
    } catch (error) {
      network.dispose();
      throw error;
    }
  } else if (method === 'frozen') {
    network = await frozenWithHead(source as Network, data, output, options);
  } else {
    // Fine-tuned: the head first, then every layer at a tenth of the head's rate (discriminative rates).
    ({ network } = await fineTune(
      source as Network,
      { X: data.X, y: [...data.y] },
      {
        output,
        headEpochs: Math.round(options.epochs / 2),
        epochs: options.epochs,
        batchSize,
        learningRate: 3e-3,
        transferredRateFactor: 0.1,
        seed: options.seed,
        signal: options.signal,
      },
    ));
  }
  const fitted = network;
  return { method, network: fitted, predict: (X) => oneHotBest(fitted, X, classes), dispose: () => fitted.dispose() };
}

/**
 * Few-shot transfer from a pretrained network (a shipped backbone, a loaded model.json) to the user's own
 * classes — images drawn or dropped in the demo, rows given to the CLI. A learning curve: for each number of examples per class and each seeded draw, the
 * same examples train every method and the rest test them; accuracy per method, and a paired verdict of frozen
 * features and fine-tuning against training from scratch (a two-level bootstrap interval, Bonferroni over the two).
 */
export async function comparePretrained(
  source: Backbone,
  data: LabelledRows,
  options: ComparisonOptions = {},
): Promise<PretrainedComparison> {
  const sizes = [...(options.sizes ?? defaultSizes(data.y))];
  const repeats = options.repeats ?? 3;
  const epochs = options.epochs ?? 40;
  const seed = options.seed ?? 1;
  const methods = methodsFor(source);
  const scores = new Map<PretrainedMethod, number[][]>(methods.map((m) => [m, sizes.map(() => [])]));
  const records: DrawRecord[][] = sizes.map(() => []);
  const total = sizes.length * repeats * methods.length;
  let done = 0;
  for (const [s, k] of sizes.entries()) {
    for (let r = 0; r < repeats; r++) {
      const drawSeed = deriveSeed(seed, k, r);
      const { train: tr, test } = sampleLabelled(data.X.rows, k, { labels: data.y, perClass: true, seed: drawSeed });
      const trainData = { X: takeRows(data.X, tr), y: Array.from(tr, (i) => data.y[i]) };
      const Xtest = takeRows(data.X, test);
      const values = new Map<string, Float64Array>();
      for (const method of methods) {
        options.onProgress?.(done, total, `${k} per class, draw ${r + 1}: ${METHOD_LABELS[method]}`);
        const fitted = await fitPretrainedMethod(method, source, trainData, data.inputShape, {
          epochs,
          seed: drawSeed,
          signal: options.signal,
        });
        try {
          const predicted = fitted.predict(Xtest);
          const right = Float64Array.from(test, (row, i) => (predicted[i].label === data.y[row] ? 1 : 0));
          values.set(method, right);
          scores.get(method)?.[s].push(right.reduce((a, b) => a + b, 0) / Math.max(1, right.length));
        } finally {
          fitted.dispose();
        }
        done++;
      }
      records[s].push({ test: Int32Array.from(test), values });
    }
  }
  options.onProgress?.(done, total, 'learning curve complete');
  const curves = methods.map((method) => {
    const per = scores.get(method) ?? [];
    return { method, label: METHOD_LABELS[method], mean: per.map((v) => summarise(v).mean), std: per.map((v) => summarise(v).std) };
  });
  const replicates = sizes.map((size, s) =>
    bootstrapReplicates(records[s], data.X.rows, methods, 'accuracy', { replicates: 2000, seed: deriveSeed(seed, size) }),
  );
  const withCi: MethodCurve[] = curves.map((c) => ({
    ...c,
    ci: sizes.map((_, s) => percentileInterval(replicates[s].get(c.method) as Float64Array, 0.95)),
  }));
  const verdicts = pairedVerdicts(sizes, replicates, withCi);
  const last = sizes.length - 1;
  const best = curves.reduce((a, b) => (b.mean[last] > a.mean[last] ? b : a)).method;
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const sentences = verdicts
    .filter((v) => v.size === sizes[last])
    .map((v) => {
      const what = METHOD_LABELS[v.method];
      const ci = `${(100 * v.ci[0]).toFixed(1)} to ${(100 * v.ci[1]).toFixed(1)} points, ${(100 * v.level).toFixed(1)}% interval`;
      const base = `With ${v.size} examples per class, ${what}: ${pct(curves.find((c) => c.method === v.method)?.mean[last] ?? NaN)} against ${pct(curves[0].mean[last])} from scratch`;
      if (v.verdict === 'helped') return `${base} — transfer helped (gain ${ci}).`;
      if (v.verdict === 'hurt') return `${base} — transfer hurt (${ci}).`;
      return `${base} — no clear difference over ${repeats} draws (${ci}).`;
    });
  return { sizes, repeats, curves: withCi, verdicts, sentences, best };
}

/**
 * Frozen features and fine-tuning against from-scratch, per size: the paired two-level bootstrap the experiment uses
 * (draws resampled, the user's examples reweighted), so the interval covers which examples were drawn for training and
 * which the user happened to give; Bonferroni over the two methods.
 */
function pairedVerdicts(
  sizes: readonly number[],
  replicates: readonly Map<string, Float64Array>[],
  curves: readonly MethodCurve[],
): MethodVerdict[] {
  const out: MethodVerdict[] = [];
  const transfer = curves.map((c) => c.method).filter((m) => m !== 'scratch');
  // 95% over the comparisons with from-scratch (Bonferroni: 97.5% each for two).
  const level = 1 - 0.05 / transfer.length;
  sizes.forEach((size, s) => {
    const scratch = replicates[s].get('scratch') as Float64Array;
    const mean = (m: PretrainedMethod) => curves.find((c) => c.method === m)?.mean[s] ?? NaN;
    for (const method of transfer) {
      const mine = replicates[s].get(method) as Float64Array;
      const ci = percentileInterval(
        mine.map((v, b) => v - scratch[b]),
        level,
      );
      const verdict: Verdict = ci[0] > 0 ? 'helped' : ci[1] < 0 ? 'hurt' : 'no clear difference';
      out.push({ size, method, verdict, difference: mean(method) - mean('scratch'), ci, level });
    }
  });
  return out;
}
