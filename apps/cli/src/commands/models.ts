import { classOrder, fitMethod, guessTask, methodByName, type ExperimentData, type SavedMethod } from '@tlkit/experiment';
import {
  BadDataError,
  Preprocessor,
  accuracy,
  formatCsv,
  macroF1,
  meanAbsoluteError,
  r2Score,
  rootMeanSquaredError,
  zeros,
  type Table,
} from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { readTableFile } from '../read-table.js';
import {
  labelOf,
  loadBundle,
  predictorFor,
  preprocessorOf,
  rowsFor,
  saveBundle,
  sourceModelOf,
  type ModelBundle,
} from '../model-bundle.js';
import { printable } from '../printable.js';
import { featureLines } from '../feature-lines.js';
import { columnOptionsOf, type ColumnFlags } from '../column-flags.js';
import { assertFiniteResult } from '../finite-result.js';
import { parseInteger } from './options.js';

/** `--task` is one of auto, regression, classification (commander checks the choice). */
function taskOf(flag: string, table: Table, label: string): 'regression' | 'classification' {
  return flag === 'regression' || flag === 'classification' ? flag : guessTask(table, label);
}

/** `tlkit fit`: a ridge model (alpha by evidence) on the source table, saved with its preprocessor. */
export async function fitCommand(flags: { source: string; label: string; task: string; out: string } & ColumnFlags): Promise<void> {
  const table = await readTableFile(flags.source);
  const task = taskOf(flags.task, table, flags.label);
  const preprocessor = new Preprocessor({
    ...columnOptionsOf(flags),
    label: flags.label,
    labelType: task === 'classification' ? 'categorical' : 'numeric',
  });
  const { X, y } = preprocessor.fitTransform(table);
  const model =
    task === 'classification'
      ? new RidgeClassifierCV({ cv: 'evidence' }).fit(X, [...(y as readonly string[])])
      : new RidgeCV({ cv: 'evidence' }).fit(X, y as Float64Array);
  saveBundle(flags.out, {
    kind: 'source',
    method: 'ridge',
    task,
    preprocessor: preprocessor.toJSON(),
    model: model.toJSON(),
    details: { alpha: model.alpha, rows: X.rows },
  });
  process.stdout.write(
    `fitted ${task} ridge on ${X.rows} rows of ${flags.source} (alpha ${model.alpha.toPrecision(3)}); saved ${flags.out}\n`,
  );
}

export interface TransferFlags {
  model: string;
  target: string;
  method: string;
  out: string;
  source?: string;
  unlabeled?: string;
  seed: string;
}

function checkMethod(name: string) {
  try {
    return methodByName(name);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`--method: ${error.message}`);
    throw error;
  }
}

/** The numbers a fit reported, for the bundle's details and the one-line summary. */
function describeFit(saved: SavedMethod): { details: Record<string, unknown>; line: string } {
  const d = saved.diagnostics;
  const details: Record<string, unknown> = { ...d };
  const parts: string[] = [];
  if (typeof d.lambda === 'number') parts.push(`λ ${d.lambda === Infinity ? '∞' : d.lambda.toPrecision(3)}`);
  if (typeof d.logEvidenceRatio === 'number') parts.push(`log evidence ratio ${d.logEvidenceRatio.toFixed(2)}`);
  if (typeof d.weights === 'object') {
    const weights = Object.entries(d.weights)
      .filter(([, w]) => w >= 0.005)
      .sort((a, b) => b[1] - a[1])
      .map(([m, w]) => `${m} ${w.toFixed(2)}`);
    parts.push(`auto chose ${weights.join(', ')}`);
  }
  return { details, line: parts.length > 0 ? ` (${parts.join('; ')})` : '' };
}

/** `tlkit transfer`: a target model from a saved source model and labelled target rows, by any method compare runs. */
export async function transferCommand(flags: TransferFlags): Promise<void> {
  const method = checkMethod(flags.method);
  const seed = parseInteger('--seed', flags.seed, 0);
  const bundle = loadBundle(flags.model);
  if (bundle.kind !== 'source')
    throw new BadDataError(`${flags.model}: a transfer starts from a source model (tlkit fit); this is a ${bundle.kind} model`);
  if (method.needsSourceRows && !flags.source) {
    throw new UsageError(
      `--method ${flags.method} needs the source rows: --source FILE${flags.method === 'auto' ? ' (or auto:target-only+source-only+param, which need only the model)' : ''}`,
    );
  }
  const sourceModel = sourceModelOf(bundle, flags.model);
  const target = rowsFor(bundle, await readTableFile(flags.target), true);
  if (target.y === undefined) throw new BadDataError(`${flags.target}: the label column "${labelOf(bundle)}" is missing`);
  const source = method.needsSourceRows && flags.source ? rowsFor(bundle, await readTableFile(flags.source), true) : undefined;
  const classification = bundle.task === 'classification';
  const sourceLabels = source?.y ?? (classification ? (sourceModel as RidgeClassifierCV).classes : new Float64Array(0));
  const data: ExperimentData = {
    task: bundle.task,
    Xs: source?.X ?? zeros(0, target.X.cols),
    ys: source?.y ?? (classification ? [] : new Float64Array(0)),
    Xt: target.X,
    yt: target.y,
    classes: classification ? classOrder(sourceLabels as readonly ClassLabel[], target.y as readonly ClassLabel[]) : undefined,
    ...(classification && !source ? { sourceClasses: (sourceModel as RidgeClassifierCV).classes } : {}),
    featureNames: preprocessorOf(bundle).featureNames,
    preprocessor: preprocessorOf(bundle),
  };
  const unlabeled = flags.unlabeled ? rowsFor(bundle, await readTableFile(flags.unlabeled), false).X : undefined;
  const saved = await fitMethod(data, flags.method, { sourceModel, seed, ...(unlabeled ? { unlabeled } : {}) });
  const { details, line } = describeFit(saved);
  saveBundle(flags.out, {
    kind: 'transfer',
    method: flags.method,
    task: bundle.task,
    preprocessor: bundle.preprocessor,
    model: saved,
    details: {
      targetRows: target.X.rows,
      ...(source ? { sourceRows: source.X.rows } : {}),
      ...(unlabeled ? { unlabeledRows: unlabeled.rows } : {}),
      ...details,
    },
  });
  process.stdout.write(`fitted ${flags.method} on ${target.X.rows} target rows${line}; saved ${flags.out}\n`);
}

/** `tlkit predict`: the input rows with a predicted_<label> column, as CSV on stdout or in --out. */
export async function predictCommand(flags: { model: string; input: string; out?: string }): Promise<void> {
  const bundle = loadBundle(flags.model);
  const table = await readTableFile(flags.input);
  const { X, rowIndex } = rowsFor(bundle, table, false);
  const predictor = await predictorFor(bundle, flags.model);
  let predictions;
  try {
    predictions = predictor.predict(X);
  } finally {
    predictor.dispose();
  }
  const rows = Array.from(rowIndex, (i, k) => [...table.rows[i], String(predictions[k])]);
  const csv = formatCsv([...table.columns, `predicted_${labelOf(bundle)}`], rows);
  if (flags.out) writeFileAtomic(flags.out, csv);
  else process.stdout.write(process.stdout.isTTY ? printable(csv) : csv);
}

/** `tlkit evaluate`: metrics of a saved model on labelled rows. */
export async function evaluateCommand(flags: { model: string; input: string; json?: boolean }): Promise<void> {
  const bundle = loadBundle(flags.model);
  const { X, y } = rowsFor(bundle, await readTableFile(flags.input), true);
  if (y === undefined) throw new BadDataError(`${flags.input}: the label column "${labelOf(bundle)}" is missing`);
  const predictor = await predictorFor(bundle, flags.model);
  let p;
  try {
    p = predictor.predict(X);
  } finally {
    predictor.dispose();
  }
  const metrics: Record<string, number> =
    bundle.task === 'classification'
      ? { rows: X.rows, accuracy: accuracy(y, p), macroF1: macroF1(y, p) }
      : {
          rows: X.rows,
          rmse: rootMeanSquaredError(y as Float64Array, p as Float64Array),
          mae: meanAbsoluteError(y as Float64Array, p as Float64Array),
          r2: r2Score(y as Float64Array, p as Float64Array),
        };
  assertFiniteResult(metrics, `${flags.input}: the metrics`);
  process.stdout.write(
    flags.json
      ? `${JSON.stringify(metrics)}\n`
      : `${Object.entries(metrics)
          .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`)
          .join('\n')}\n`,
  );
}

function detailText(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(4);
  if (v === 'Infinity') return '∞';
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k} ${detailText(x)}`)
      .join(', ');
  }
  return JSON.stringify(v);
}

/** `tlkit inspect`: what a model bundle holds. */
export function inspectCommand(path: string): void {
  const b: ModelBundle = loadBundle(path);
  const features = b.preprocessor.schema.features;
  const estimator =
    b.model.kind === 'FittedMethod' ? `${(b.model as unknown as SavedMethod).method} (saved by @tlkit/experiment)` : b.model.kind;
  const lines = [
    `${path}: tlkit model (format ${b.formatVersion}), ${b.kind} model, method ${b.method}, created ${b.created}`,
    `task ${b.task}; label "${labelOf(b)}"; estimator ${estimator}`,
    ...featureLines(features, Math.max(60, process.stdout.columns || 100)),
    ...Object.entries(b.details ?? {}).map(([k, v]) => `${k}: ${detailText(v)}`),
  ];
  process.stdout.write(printable(`${lines.join('\n')}\n`));
}
