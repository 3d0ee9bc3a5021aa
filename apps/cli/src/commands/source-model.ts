import { existsSync, statSync } from 'node:fs';
import { BadDataError, type DenseMatrix, type Table } from '@tlkit/tensor-core';
import { readImageFolder } from '@tlkit/tensor-core/node';
import type { Network } from '@tlkit/nn';
import { loadPretrainedFromFile, saveNetworkToDirectory } from '@tlkit/nn/node';
import { comparePretrained, fitPretrainedMethod, METHOD_LABELS, PRETRAINED_METHODS, type PretrainedMethod } from '@tlkit/experiment';
import { UsageError } from '../errors.js';
import { readCsvFile, writeFileAtomic } from '../files.js';
import { progressBar } from '../progress.js';
import { parseInteger, parseIntegerList } from './options.js';

function shapeText(shape: (number | null)[] | (number | null)[][]): string {
  const dims = (t: (number | null)[]) => `[${t.map((d) => (d === null ? '?' : d.toString())).join(', ')}]`;
  return shape.length > 0 && Array.isArray(shape[0])
    ? (shape as (number | null)[][]).map(dims).join(' | ')
    : dims(shape as (number | null)[]);
}

/** `tlkit inspect PATH/model.json`: the layers of a TensorFlow.js model (name, type, output shape, parameters). */
export async function inspectModelJson(path: string): Promise<void> {
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
      `${rows.reduce((s, r) => s + r.parameters, 0)} parameters; features are read at "${network.featureLayer.name}" by default (--cut-at to choose another layer)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    network.dispose();
  }
}

export interface SourceModelFlags {
  sourceModel: string;
  source?: string;
  target?: string;
  label?: string;
  sizes?: string;
  repeats: string;
  seed: string;
  epochs?: string;
  json?: string;
  quiet?: boolean;
}

/** Target rows for a pretrained model: a folder of images (one sub-folder per class) or a CSV of pixel/feature columns. */
async function targetRows(network: Network, target: string, label: string | undefined): Promise<{ X: DenseMatrix; y: string[] }> {
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

/** `tlkit compare --source-model PATH/model.json --target …`: scratch vs frozen features + head vs fine-tuning. */
export async function compareWithSourceModel(flags: SourceModelFlags): Promise<void> {
  if (flags.target === undefined) throw new UsageError('compare --source-model needs --target (a CSV with --label, or a folder of images)');
  const repeats = parseInteger('--repeats', flags.repeats, 2);
  const seed = parseInteger('--seed', flags.seed, 0);
  const epochs = parseInteger('--epochs', flags.epochs ?? '40', 1);
  const network = await loadPretrainedFromFile(flags.sourceModel);
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
      'Methods that need source rows (param, source-only, pooling, feature maps fitted on the source, dann) are not run: the source is a pretrained model' +
      (flags.source ? ` (--source ${flags.source} is not read in this mode).` : '.');
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

/** `tlkit transfer --source-model PATH/model.json --target … --out FOLDER`: a fine-tuned (or frozen + head) bundle. */
export async function transferFromSourceModel(flags: {
  sourceModel: string;
  target: string;
  label?: string;
  out: string;
  method: string;
  epochs?: string;
  seed?: string;
}): Promise<void> {
  const method = (flags.method === 'param' ? 'fine-tune' : flags.method) as PretrainedMethod;
  if (!PRETRAINED_METHODS.includes(method) || method === 'scratch') {
    throw new UsageError(`--method with --source-model is "fine-tune" or "frozen", got "${flags.method}"`);
  }
  const epochs = parseInteger('--epochs', flags.epochs ?? '40', 1);
  const seed = parseInteger('--seed', flags.seed ?? '0', 0);
  const network = await loadPretrainedFromFile(flags.sourceModel);
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
