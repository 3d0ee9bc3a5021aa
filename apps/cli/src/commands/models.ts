import {
  calibrateRidgeClassifier,
  classOrder,
  fitMethod,
  guessTask,
  methodByName,
  type ExperimentData,
  type NamedSource,
  type SavedMethod,
} from '@tlkit/experiment';
import { BadDataError, Preprocessor, vstack, zeros, type Table } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import { UsageError } from '../errors.js';
import { readTableFile } from '../read-table.js';
import { readSourceTables } from '../read-sources.js';
import { labelOf, loadBundle, preprocessorOf, rowsFor, saveBundle, sourceModelOf } from '../model-bundle.js';
import { columnOptionsOf, type ColumnFlags } from '../column-flags.js';
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
  const labels = task === 'classification' ? [...(y as readonly string[])] : undefined;
  const model = labels
    ? new RidgeClassifierCV({ cv: 'evidence' }).fit(X, labels)
    : new RidgeCV({ cv: 'evidence' }).fit(X, y as Float64Array);
  const probabilities = model instanceof RidgeClassifierCV && labels ? calibrateRidgeClassifier(model, X, labels) : undefined;
  saveBundle(flags.out, {
    kind: 'source',
    method: 'ridge',
    task,
    preprocessor: preprocessor.toJSON(),
    model: model.toJSON(),
    details: { alpha: model.alpha, rows: X.rows, ...(probabilities ? { probabilities } : {}) },
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
  /** Repeatable: the source rows; two or more for the multi-source methods. */
  source?: string[];
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
  if (typeof d.leanedOn === 'string') parts.push(`leaned on ${d.leanedOn}`);
  return { details, line: parts.length > 0 ? ` (${parts.join('; ')})` : '' };
}

/** The --source files' rows in the bundle's schema, each named after its file (the same file twice is refused). */
async function sourceRowsFor(bundle: Parameters<typeof rowsFor>[0], paths: readonly string[]): Promise<NamedSource[]> {
  const tables = await readSourceTables(paths);
  return tables.map(({ name, table }) => {
    const rows = rowsFor(bundle, table, true);
    if (rows.y === undefined) throw new BadDataError(`${table.source ?? name}: the label column "${labelOf(bundle)}" is missing`);
    return { name, X: rows.X, y: rows.y };
  });
}

function stackLabels(parts: readonly (Float64Array | readonly ClassLabel[])[]): Float64Array | ClassLabel[] {
  if (parts.every((p) => p instanceof Float64Array)) {
    const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
  return parts.flatMap((p) => [...(p as readonly ClassLabel[])]);
}

/** `tlkit transfer`: a target model from a saved source model and labelled target rows, by any method compare runs. */
export async function transferCommand(flags: TransferFlags): Promise<void> {
  const method = checkMethod(flags.method);
  const seed = parseInteger('--seed', flags.seed, 0);
  const bundle = loadBundle(flags.model);
  if (bundle.kind !== 'source')
    throw new BadDataError(`${flags.model}: a transfer starts from a source model (tlkit fit); this is a ${bundle.kind} model`);
  const sourcePaths = flags.source ?? [];
  if (method.needsSourceRows && sourcePaths.length === 0) {
    throw new UsageError(
      `--method ${flags.method} needs the source rows: --source FILE${flags.method === 'auto' ? ' (or auto:target-only+source-only+param, which need only the model)' : ''}`,
    );
  }
  const sourceModel = sourceModelOf(bundle, flags.model);
  const target = rowsFor(bundle, await readTableFile(flags.target), true);
  if (target.y === undefined) throw new BadDataError(`${flags.target}: the label column "${labelOf(bundle)}" is missing`);
  const named = method.needsSourceRows ? await sourceRowsFor(bundle, sourcePaths) : [];
  const source = named.length === 0 ? undefined : { X: vstack(named.map((s) => s.X)), y: stackLabels(named.map((s) => s.y)) };
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
    ...(named.length >= 2 ? { sources: named } : {}),
  };
  const unlabeled = flags.unlabeled ? rowsFor(bundle, await readTableFile(flags.unlabeled), false).X : undefined;
  // With several sources the single-source methods see their rows stacked, as in compare (a ridge on them all); the
  // bundle gives the schema and scaler. With one, its model is the source model.
  const saved = await fitMethod(data, flags.method, {
    ...(named.length >= 2 ? {} : { sourceModel }),
    seed,
    ...(unlabeled ? { unlabeled } : {}),
  });
  const { details, line } = describeFit(saved);
  saveBundle(flags.out, {
    kind: 'transfer',
    method: flags.method,
    task: bundle.task,
    preprocessor: bundle.preprocessor,
    model: saved,
    details: {
      // Provenance: the bundle's own `created` is now; the source model's file and creation time are kept here.
      sourceModel: { file: flags.model, created: bundle.created },
      targetRows: target.X.rows,
      ...(source ? { sourceRows: source.X.rows } : {}),
      ...(named.length >= 2 ? { sources: named.map((s) => ({ name: s.name, rows: s.X.rows })) } : {}),
      ...(unlabeled ? { unlabeledRows: unlabeled.rows } : {}),
      ...details,
    },
  });
  process.stdout.write(`fitted ${flags.method} on ${target.X.rows} target rows${line}; saved ${flags.out}\n`);
}
