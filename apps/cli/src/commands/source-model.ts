import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BadDataError, type DenseMatrix, type Table, maxOf } from '@tlkit/tensor-core';
import { readImageFolder } from '@tlkit/tensor-core/node';
import { directoryHandler, loadPretrainedFromFile, saveNetworkToDirectory } from '@tlkit/nn/node';
import { GraphFeatures, cloneNetwork, loadGraphFeatures, networkFromJSON, type Network } from '@tlkit/nn';
import {
  classOrder,
  comparePretrained,
  fitMethod,
  fitPretrainedMethod,
  methodByName,
  METHOD_LABELS,
  PRETRAINED_METHODS,
  type Backbone,
  type ExperimentData,
  type PretrainedMethod,
} from '@tlkit/experiment';
import { UsageError } from '../errors.js';
import { readCsvFile, writeFileAtomic } from '../files.js';
import { progressBar } from '../progress.js';
import { parseInteger, parseIntegerList } from './options.js';
import { parseMethods, runComparison, type CompareFlags } from './compare.js';

function shapeText(shape: (number | null)[] | (number | null)[][]): string {
  const dims = (t: (number | null)[]) => `[${t.map((d) => (d === null ? '?' : d.toString())).join(', ')}]`;
  return shape.length > 0 && Array.isArray(shape[0])
    ? (shape as (number | null)[][]).map(dims).join(' | ')
    : dims(shape as (number | null)[]);
}

function modelJsonOf(path: string): string {
  return basename(path).toLowerCase() === 'model.json' ? path : join(path, 'model.json');
}

/** Whether PATH/model.json is a tfjs graph model (the converter's "format": "graph-model"). */
function isGraphModel(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(modelJsonOf(path), 'utf8')) as { format?: unknown } | null)?.format === 'graph-model';
  } catch {
    return false;
  }
}

/**
 * The backbone at PATH/model.json: a LayersModel as a Network, cut at `cutAt` when given (a new head on that layer,
 * so it becomes the feature layer), or a graph model as a frozen feature extractor read at node `cutAt`.
 */
async function loadBackbone(path: string, cutAt: string | undefined): Promise<Backbone> {
  if (isGraphModel(path))
    return loadGraphFeatures(directoryHandler(dirname(modelJsonOf(path))), cutAt === undefined ? {} : { node: cutAt });
  const network = await loadPretrainedFromFile(path);
  if (cutAt === undefined) return network;
  try {
    if (!network.layers.some((l) => l.name === cutAt)) {
      throw new UsageError(`--cut-at: ${path} has no layer "${cutAt}"; layers are ${network.layers.map((l) => l.name).join(', ')}`);
    }
    return await cloneNetwork(network, { cutAt, output: network.output });
  } finally {
    network.dispose();
  }
}

function inspectGraph(path: string, graph: GraphFeatures): void {
  const width = maxOf(
    graph.nodes.map((n) => n.name.length),
    4,
  );
  const lines = [
    `${path}: a TensorFlow.js graph model (a frozen feature extractor: no layers to fine-tune), input [${graph.inputShape.join(', ')}]`,
    `${'node'.padEnd(width)}  op`,
    ...graph.nodes.map((n) => `${n.name.padEnd(width)}  ${n.op}`),
    `${graph.nodes.length} nodes; features are read at "${graph.node}" by default (--cut-at NODE to choose another)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `tlkit inspect PATH/model.json`: the layers of a TensorFlow.js model (name, type, output shape, parameters). */
export async function inspectModelJson(path: string): Promise<void> {
  if (isGraphModel(path)) {
    const graph = await loadGraphFeatures(directoryHandler(dirname(modelJsonOf(path))));
    try {
      inspectGraph(path, graph);
    } finally {
      graph.dispose();
    }
    return;
  }
  const network = await loadPretrainedFromFile(path);
  try {
    const rows = network.describe();
    const width = rows.reduce((w, r) => Math.max(w, r.name.length), 5);
    const typeWidth = rows.reduce((w, r) => Math.max(w, r.type.length), 4);
    const lines = [
      `${path}: a TensorFlow.js ${network.model.getClassName() === 'Sequential' ? 'Sequential' : 'functional'} model, input [${network.inputShape.join(', ')}], output ${JSON.stringify(network.output)}`,
      `${'layer'.padEnd(width)}  ${'type'.padEnd(typeWidth)}  ${'output'.padEnd(16)}  ${'parameters'.padStart(10)}  trainable  inputs`,
      ...rows.map(
        (r) =>
          `${r.name.padEnd(width)}  ${r.type.padEnd(typeWidth)}  ${shapeText(r.outputShape).padEnd(16)}  ${String(r.parameters).padStart(10)}  ${(r.trainable ? 'yes' : 'no').padEnd(9)}  ${r.inputs.join(', ')}`,
      ),
      `${rows.reduce((s, r) => s + r.parameters, 0)} parameters; features are read at "${network.featureLayer.name}" by default (--cut-at LAYER to choose another)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    network.dispose();
  }
}

export interface SourceModelFlags extends Partial<Omit<CompareFlags, 'repeats' | 'seed' | 'sizes' | 'source'>> {
  sourceModel: string;
  source?: string;
  target?: string;
  label?: string;
  sizes?: string;
  repeats: string;
  seed: string;
  epochs?: string;
  cutAt?: string;
  json?: string;
  quiet?: boolean;
}

/** Target rows for a pretrained model: a folder of images (one sub-folder per class) or a CSV of pixel/feature columns. */
async function targetRows(
  network: { readonly inputShape: readonly number[] },
  target: string,
  label: string | undefined,
): Promise<{ X: DenseMatrix; y: string[] }> {
  const shape = network.inputShape;
  if (existsSync(target) && statSync(target).isDirectory()) {
    if (shape.length !== 3 && !(shape.length === 1 && Number.isInteger(Math.sqrt(shape[0])))) {
      throw new UsageError(`--target ${target} is a folder of images, but the model takes input [${shape.join(', ')}]`);
    }
    const [height, width, channels] = shape.length === 3 ? shape : [Math.sqrt(shape[0]), Math.sqrt(shape[0]), 1];
    const folder = await readImageFolder(target, { height, width, channels: channels === 3 ? 3 : 1 });
    return { X: folder.X, y: folder.y };
  }
  if (label === undefined)
    throw new UsageError('--label COLUMN is needed with a CSV target (or give a folder of images, one sub-folder per class)');
  const table = readCsvFile(target);
  return csvRows(
    table,
    label,
    shape.reduce((a, b) => a * b, 1),
    target,
  );
}

/** The label column and the other columns as numbers, in order (pixel columns, or the model's features). */
function csvRows(table: Table, label: string, width: number, source: string): { X: DenseMatrix; y: string[] } {
  const j = table.columns.indexOf(label);
  if (j < 0) throw new BadDataError(`${source}: no column "${label}"; columns are ${table.columns.slice(0, 8).join(', ')}…`, { source });
  if (table.columns.length - 1 !== width) {
    throw new BadDataError(`${source}: ${table.columns.length - 1} feature columns, the model takes ${width} values a row`, { source });
  }
  const data = new Float64Array(table.rows.length * width);
  const y: string[] = [];
  table.rows.forEach((row, i) => {
    let k = 0;
    row.forEach((cell, c) => {
      if (c === j) return;
      const v = Number(cell);
      if (cell === null || cell.trim() === '' || !Number.isFinite(v)) {
        throw new BadDataError(`${source} line ${i + 2}: column "${table.columns[c]}" is ${JSON.stringify(cell)}, not a number`, {
          source,
          line: i + 2,
        });
      }
      data[i * width + k++] = v;
    });
    const cell = row[j];
    if (cell === null || cell === '') throw new BadDataError(`${source} line ${i + 2}: the label is missing`, { source, line: i + 2 });
    y.push(cell);
  });
  return { X: { rows: table.rows.length, cols: width, data }, y };
}

/** Methods compare runs from a pretrained model with source rows, unless --methods says otherwise. */
export const SOURCE_MODEL_METHODS: readonly string[] = [
  'target-only',
  'source-only',
  'feature:embed',
  'deep',
  'dann',
  'deep:coral',
  'deep:mmd',
];

/** Source and target rows (CSV pixel/feature columns or image folders) in the model's input, as an experiment's data. */
async function pretrainedData(network: Network, source: string, target: string, label: string | undefined): Promise<ExperimentData> {
  const s = await targetRows(network, source, label);
  const t = await targetRows(network, target, label);
  if (s.X.cols !== t.X.cols) throw new BadDataError(`${target}: ${t.X.cols} values a row, ${source} has ${s.X.cols}`, { source: target });
  return {
    task: 'classification',
    Xs: s.X,
    ys: s.y,
    Xt: t.X,
    yt: t.y,
    classes: classOrder(s.y, t.y),
    featureNames: Array.from({ length: s.X.cols }, (_, j) => `x${j}`),
    ...(network.inputShape.length === 3 ? { inputShape: network.inputShape } : {}),
  };
}

/**
 * `tlkit compare --source-model PATH/model.json --target …`: scratch vs frozen features + head vs fine-tuning; with
 * --source as well, every compare method (DANN, Deep CORAL, MMD, fine-tuning, embeddings…) starting from the model.
 */
export async function compareWithSourceModel(flags: SourceModelFlags): Promise<void> {
  if (flags.target === undefined) throw new UsageError('compare --source-model needs --target (a CSV with --label, or a folder of images)');
  if (flags.source !== undefined) return compareWithSourceRows({ ...flags, target: flags.target, source: flags.source });
  const repeats = parseInteger('--repeats', flags.repeats, 2);
  const seed = parseInteger('--seed', flags.seed, 0);
  const epochs = parseInteger('--epochs', flags.epochs ?? '40', 1);
  const network = await loadBackbone(flags.sourceModel, flags.cutAt);
  try {
    const { X, y } = await targetRows(network, flags.target, flags.label);
    const sizes = flags.sizes === undefined ? undefined : parseIntegerList('--sizes', flags.sizes);
    const bar = progressBar(flags.quiet ?? false);
    const report = await comparePretrained(
      network,
      { X, y, inputShape: network.inputShape },
      {
        ...(sizes ? { sizes } : {}),
        repeats,
        epochs,
        seed,
        onProgress: (done, total, label) => bar.update(done, total, label),
      },
    ).finally(() => bar.stop());
    const skipped =
      'Methods that need source rows (param, source-only, pooling, feature maps fitted on the source, dann, deep:coral, deep:mmd) are not run: the source is a pretrained model' +
      (network instanceof GraphFeatures
        ? '; nor is fine-tuning: a graph model has no layers to train.'
        : ' (give --source to run them from it).');
    const header = `${'method'.padEnd(46)}${report.sizes.map((k) => `${k}/class`.padStart(16)).join('')}`;
    const lines = [
      `${flags.sourceModel} → ${flags.target}: accuracy on the held-out target rows, ${repeats} seeded draws per size`,
      header,
      ...report.curves.map(
        (c) =>
          `${c.label.padEnd(46)}${c.mean.map((m, i) => `${(100 * m).toFixed(1)}% ± ${(100 * c.std[i]).toFixed(1)}`.padStart(16)).join('')}`,
      ),
      '',
      ...report.sentences,
      skipped,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (flags.json)
      writeFileAtomic(flags.json, JSON.stringify({ sourceModel: flags.sourceModel, target: flags.target, skipped, ...report }, null, 1));
  } finally {
    network.dispose();
  }
}

/** A backbone the source-row methods can train: a LayersModel, not a graph. */
async function trainableBackbone(path: string, cutAt: string | undefined, what: string): Promise<Network> {
  const backbone = await loadBackbone(path, cutAt);
  if (backbone instanceof GraphFeatures) {
    backbone.dispose();
    throw new UsageError(`${path} is a graph model, a frozen feature extractor: ${what} needs a layers model`);
  }
  return backbone;
}

async function compareWithSourceRows(flags: SourceModelFlags & { source: string; target: string }): Promise<void> {
  const methods = parseMethods(flags.methods, SOURCE_MODEL_METHODS);
  const network = await trainableBackbone(
    flags.sourceModel,
    flags.cutAt,
    'compare with --source (methods that train it on source rows; leave out --source for scratch vs frozen features)',
  );
  try {
    const data = await pretrainedData(network, flags.source, flags.target, flags.label);
    const title = `${flags.sourceModel}: ${flags.source} → ${flags.target}`;
    const compareFlags: CompareFlags = {
      ...flags,
      source: [flags.source],
      task: 'classification',
      sizes: flags.sizes ?? '5,10,20',
      unlabeled: flags.unlabeled ?? true,
    };
    await runComparison(data, title, compareFlags, methods, network);
  } finally {
    network.dispose();
  }
}

/** Registry methods whose fit is a whole network, saved as a model folder like fine-tuning's. */
const NETWORK_METHODS: readonly string[] = ['deep', 'deep:l2sp', 'dann', 'deep:coral', 'deep:mmd'];

/** `transfer --source-model … --source … --method dann|deep:coral|…`: the compare method fitted from the model, saved as a folder. */
async function transferWithSourceRows(flags: {
  sourceModel: string;
  source: string;
  target: string;
  label?: string;
  out: string;
  method: string;
  seed: number;
  cutAt?: string;
}) {
  methodByName(flags.method);
  const network = await trainableBackbone(flags.sourceModel, flags.cutAt, `--method ${flags.method}`);
  try {
    const data = await pretrainedData(network, flags.source, flags.target, flags.label);
    const saved = await fitMethod(data, flags.method, { seed: flags.seed, sourceNetwork: network, unlabeled: data.Xt });
    const fitted = await networkFromJSON((saved.model as { network: unknown }).network);
    try {
      await saveNetworkToDirectory(fitted, flags.out);
    } finally {
      fitted.dispose();
    }
    process.stdout.write(
      `${flags.method} from ${flags.sourceModel} on ${data.Xs.rows} source and ${data.Xt.rows} target rows: saved to ${flags.out}\n`,
    );
  } finally {
    network.dispose();
  }
}

/** `tlkit transfer --source-model PATH/model.json --target … --out FOLDER`: a fine-tuned (or frozen + head) bundle. */
export async function transferFromSourceModel(flags: {
  sourceModel: string;
  target: string;
  label?: string;
  out: string;
  method: string;
  epochs?: string;
  seed?: string;
  source?: string;
  cutAt?: string;
}): Promise<void> {
  const seed = parseInteger('--seed', flags.seed ?? '0', 0);
  if (NETWORK_METHODS.includes(flags.method)) {
    if (flags.source === undefined)
      throw new UsageError(`--method ${flags.method} with --source-model needs the source rows: --source FILE or FOLDER`);
    return transferWithSourceRows({ ...flags, source: flags.source, seed });
  }
  const method = (flags.method === 'param' ? 'fine-tune' : flags.method) as PretrainedMethod;
  if (!PRETRAINED_METHODS.includes(method) || method === 'scratch') {
    throw new UsageError(
      `--method with --source-model is "fine-tune", "frozen" or, with --source, one of ${NETWORK_METHODS.join(', ')}; got "${flags.method}"`,
    );
  }
  const epochs = parseInteger('--epochs', flags.epochs ?? '40', 1);
  const network = await trainableBackbone(flags.sourceModel, flags.cutAt, 'transfer (a saved bundle holds the whole network)');
  try {
    const { X, y } = await targetRows(network, flags.target, flags.label);
    const fitted = await fitPretrainedMethod(method, network, { X, y }, network.inputShape, { epochs, seed });
    try {
      await saveNetworkToDirectory(fitted.network, flags.out);
    } finally {
      fitted.dispose();
    }
    process.stdout.write(`${METHOD_LABELS[method]} on ${X.rows} target rows from ${flags.sourceModel}: saved to ${flags.out}\n`);
  } finally {
    network.dispose();
  }
}
