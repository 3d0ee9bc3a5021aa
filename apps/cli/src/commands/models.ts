import { guessTask } from '@tlkit/experiment';
import {
  BadDataError,
  StandardScaler,
  accuracy,
  encodeTable,
  formatCsv,
  inferSchema,
  macroF1,
  meanAbsoluteError,
  r2Score,
  rootMeanSquaredError,
} from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import { ParameterTransfer } from '@tlkit/transfer-param';
import { CORAL, FeatureAugmentation, FeatureTransfer, PCA, SubspaceAlignment, type FeatureMap } from '@tlkit/transfer-feature';
import { UsageError } from '../errors.js';
import { readCsvFile, writeFileAtomic } from '../files.js';
import { loadBundle, predictorFor, rowsFor, saveBundle, type ModelBundle } from '../model-bundle.js';
import { printable } from '../printable.js';
import { columnOptionsOf, type ColumnFlags } from '../column-flags.js';
import { assertFiniteResult } from '../finite-result.js';

/** `--task` is one of auto, regression, classification (commander checks the choice). */
function taskOf(flag: string, table: ReturnType<typeof readCsvFile>, label: string): 'regression' | 'classification' {
  return flag === 'regression' || flag === 'classification' ? flag : guessTask(table, label);
}

/** `tlkit fit`: a ridge model (alpha by evidence) on the source table, saved with its schema and scaler. */
export function fitCommand(flags: { source: string; label: string; task: string; out: string } & ColumnFlags): void {
  const table = readCsvFile(flags.source);
  const task = taskOf(flags.task, table, flags.label);
  const schema = inferSchema(table, {
    ...columnOptionsOf(flags),
    label: flags.label,
    labelType: task === 'classification' ? 'categorical' : 'numeric',
  });
  const encoded = encodeTable(table, schema);
  const scaler = new StandardScaler().fit(encoded.X);
  const X = scaler.transform(encoded.X);
  const model =
    task === 'classification'
      ? new RidgeClassifierCV({ cv: 'evidence' }).fit(X, [...(encoded.y as readonly string[])])
      : new RidgeCV({ cv: 'evidence' }).fit(X, encoded.y as Float64Array);
  saveBundle(flags.out, {
    kind: 'source',
    method: 'ridge',
    task,
    label: flags.label,
    schema,
    scaler: scaler.toJSON(),
    model: model.toJSON(),
    details: { alpha: model.alpha, rows: X.rows },
  });
  process.stdout.write(
    `fitted ${task} ridge on ${X.rows} rows of ${flags.source} (alpha ${model.alpha.toPrecision(3)}); saved ${flags.out}\n`,
  );
}

const FEATURE_MAPS: Record<string, () => FeatureMap> = {
  'feature:pca': () => new PCA({ components: { varianceRatio: 0.95 }, useTarget: true }),
  'feature:coral': () => new CORAL(),
  'feature:sa': () => new SubspaceAlignment({ components: 4 }),
  'feature:fa': () => new FeatureAugmentation(),
};
const TRANSFER_METHODS = ['param', 'target-only', ...Object.keys(FEATURE_MAPS)];

/** `tlkit transfer`: a target model from a saved source model and labelled target rows. */
export function transferCommand(flags: { model: string; target: string; method: string; out: string; source?: string }): void {
  if (!TRANSFER_METHODS.includes(flags.method))
    throw new UsageError(`--method must be one of ${TRANSFER_METHODS.join(', ')}, got "${flags.method}"`);
  const bundle = loadBundle(flags.model);
  if (bundle.kind !== 'source')
    throw new BadDataError(`${flags.model}: a transfer starts from a source model (tlkit fit); this is a ${bundle.kind} model`);
  const { X, y } = rowsFor(bundle, readCsvFile(flags.target), true);
  if (y === undefined) throw new BadDataError(`${flags.target}: the label column "${bundle.label}" is missing`);
  const classification = bundle.task === 'classification';
  let model: { toJSON(): { kind: string } };
  const details: Record<string, unknown> = { targetRows: X.rows };
  if (flags.method === 'param') {
    const source = classification ? RidgeClassifierCV.fromJSON(bundle.model) : RidgeCV.fromJSON(bundle.model);
    const transfer = new ParameterTransfer(source, { scaler: 'none' }).fit(X, y);
    details.lambda = transfer.alpha;
    details.logEvidenceRatio = transfer.logEvidenceRatio;
    model = transfer;
  } else if (flags.method === 'target-only') {
    model = classification
      ? new RidgeClassifierCV({ cv: 'evidence' }).fit(X, y as ClassLabel[])
      : new RidgeCV({ cv: 'evidence' }).fit(X, y as Float64Array);
  } else {
    if (!flags.source) throw new UsageError(`--method ${flags.method} needs the source rows: --source FILE`);
    const src = rowsFor(bundle, readCsvFile(flags.source), true);
    model = new FeatureTransfer({ map: FEATURE_MAPS[flags.method](), head: bundle.task, cv: 'evidence' }).fit(
      { X: src.X, y: src.y as Float64Array | ClassLabel[] },
      { X, y: y as Float64Array | ClassLabel[] },
    );
  }
  saveBundle(flags.out, { ...bundle, kind: 'transfer', method: flags.method, model: model.toJSON(), details });
  const extra =
    details.lambda === undefined
      ? ''
      : ` (λ ${Number(details.lambda).toPrecision(3)}, log evidence ratio ${Number(details.logEvidenceRatio).toFixed(2)})`;
  process.stdout.write(`fitted ${flags.method} on ${X.rows} target rows${extra}; saved ${flags.out}\n`);
}

/** `tlkit predict`: the input rows with a predicted_<label> column, as CSV on stdout or in --out. */
export async function predictCommand(flags: { model: string; input: string; out?: string }): Promise<void> {
  const bundle = loadBundle(flags.model);
  const table = readCsvFile(flags.input);
  const { X, rowIndex } = rowsFor(bundle, table, false);
  const predictions = (await predictorFor(bundle, flags.model))(X);
  const rows = Array.from(rowIndex, (i, k) => [...table.rows[i], String(predictions[k])]);
  const csv = formatCsv([...table.columns, `predicted_${bundle.label}`], rows);
  if (flags.out) writeFileAtomic(flags.out, csv);
  else process.stdout.write(process.stdout.isTTY ? printable(csv) : csv);
}

/** `tlkit evaluate`: metrics of a saved model on labelled rows. */
export async function evaluateCommand(flags: { model: string; input: string; json?: boolean }): Promise<void> {
  const bundle = loadBundle(flags.model);
  const { X, y } = rowsFor(bundle, readCsvFile(flags.input), true);
  if (y === undefined) throw new BadDataError(`${flags.input}: the label column "${bundle.label}" is missing`);
  const p = (await predictorFor(bundle, flags.model))(X);
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

/** `tlkit inspect`: what a model bundle holds. */
export function inspectCommand(path: string): void {
  const b: ModelBundle = loadBundle(path);
  const lines = [
    `${path}: tlkit model (format ${b.formatVersion}), ${b.kind} model, method ${b.method}, created ${b.created}`,
    `task ${b.task}; label "${b.label}"; estimator ${b.model.kind}`,
    `features (${b.schema.features.length}): ${b.schema.features.map((f) => (f.type === 'numeric' ? f.name : `${f.name} [${(f.categories ?? []).join('|')}]`)).join(', ')}`,
    ...Object.entries(b.details ?? {}).map(
      ([k, v]) => `${k}: ${typeof v === 'number' ? (Number.isInteger(v) ? v : v.toPrecision(4)) : JSON.stringify(v)}`,
    ),
  ];
  process.stdout.write(printable(`${lines.join('\n')}\n`));
}
