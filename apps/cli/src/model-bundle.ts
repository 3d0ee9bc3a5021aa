import {
  BadDataError,
  Preprocessor,
  StandardScaler,
  checkSavedHeader,
  type PreprocessorJSON,
  type StandardScalerJSON,
  type Table,
  type TableSchema,
} from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import { readJsonFile, writeFileAtomic } from './files.js';
import { assertFiniteResult } from './finite-result.js';

const MODEL_FORMAT = 'tlkit-model';
const MODEL_VERSION = 2;

/**
 * A saved tlkit model as the CLI writes it: the estimator and the preprocessor (schema and scaler) its rows need.
 * A source bundle (`tlkit fit`) is transfer-param's source-model format, `{ model, preprocessor }`, with more fields:
 * `new ParameterTransfer(bundle)` reads it. A transfer bundle's model is a saved method of @tlkit/experiment
 * (`kind: 'FittedMethod'`), whichever method compare ran.
 */
export interface ModelBundle {
  readonly format: typeof MODEL_FORMAT;
  readonly formatVersion: number;
  readonly kind: 'source' | 'transfer';
  readonly method: string;
  readonly task: 'regression' | 'classification';
  readonly preprocessor: PreprocessorJSON;
  readonly model: { readonly kind: string };
  readonly created: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Predictions = Float64Array | readonly ClassLabel[];

/** What a command saves: the preprocessor, or the schema and scaler it is made of. */
export type BundleInput = Omit<ModelBundle, 'format' | 'formatVersion' | 'created' | 'preprocessor'> &
  (
    | { readonly preprocessor: PreprocessorJSON }
    | { readonly label: string; readonly schema: TableSchema; readonly scaler: StandardScalerJSON }
  );

/** JSON with ±Infinity kept (as the strings "Infinity" and "-Infinity"; JSON itself has no infinities) and NaN as null. */
function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v), 1);
}

export function saveBundle(path: string, input: BundleInput): void {
  const { kind, method, task, model, details } = input;
  const preprocessor =
    'preprocessor' in input ? input.preprocessor : Preprocessor.fromParts(input.schema, StandardScaler.fromJSON(input.scaler)).toJSON();
  const bundle: ModelBundle = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_VERSION,
    kind,
    method,
    task,
    created: new Date().toISOString(),
    preprocessor,
    model,
    ...(details ? { details } : {}),
  };
  // A strength of ∞ (λ or alpha: the source model kept as it is) is a meaning; any other non-finite number is a failed fit.
  assertFiniteResult(bundle, `${path}: not saved`, (p) => /(^|\.)(alpha|lambda)$|(^|\.)alphas\[\d+\]$/.test(p));
  writeFileAtomic(path, jsonText(bundle));
}

function corrupt(path: string, why: string): BadDataError {
  return new BadDataError(`${path}: the model bundle is corrupt (${why})`, { source: path });
}

export function loadBundle(path: string): ModelBundle {
  const raw = readJsonFile(path);
  if (typeof raw !== 'object' || raw === null || (raw as Partial<ModelBundle>).format !== MODEL_FORMAT) {
    throw new BadDataError(`${path}: not a tlkit model bundle (no "format": "${MODEL_FORMAT}")`, { source: path });
  }
  const json = raw as Partial<ModelBundle>;
  const version = json.formatVersion;
  if (typeof version === 'number' && Number.isSafeInteger(version) && version >= 1 && version < MODEL_VERSION) {
    throw new BadDataError(
      `${path}: model format version ${version} was written by an older tlkit; fit it again with tlkit fit / tlkit transfer`,
      { source: path },
    );
  }
  try {
    checkSavedHeader(path, raw, { kind: MODEL_FORMAT, version: MODEL_VERSION, kindField: 'format', versionField: 'formatVersion' });
  } catch (error) {
    throw new BadDataError((error as Error).message, { source: path });
  }
  if (json.kind !== 'source' && json.kind !== 'transfer') throw corrupt(path, `kind ${JSON.stringify(json.kind)}`);
  if (json.task !== 'regression' && json.task !== 'classification') throw corrupt(path, `task ${JSON.stringify(json.task)}`);
  if (typeof json.method !== 'string') throw corrupt(path, 'no method');
  let preprocessor: Preprocessor;
  try {
    preprocessor = Preprocessor.fromJSON(json.preprocessor);
  } catch (error) {
    throw corrupt(path, (error as Error).message);
  }
  if (preprocessor.label === undefined) throw corrupt(path, 'the preprocessor names no label column');
  const model = json.model as { kind?: unknown } | null | undefined;
  if (typeof model !== 'object' || model === null || typeof model.kind !== 'string') throw corrupt(path, 'no model');
  const sourceKind = json.task === 'classification' ? 'RidgeClassifierCV' : 'RidgeCV';
  if (json.kind === 'source' && model.kind !== sourceKind) {
    throw corrupt(path, `a ${json.task} source model is a ${sourceKind}, not ${JSON.stringify(model.kind)}`);
  }
  const details = json.details as unknown;
  if (details !== undefined && (typeof details !== 'object' || details === null || Array.isArray(details))) {
    throw corrupt(path, 'details is not an object');
  }
  return json as ModelBundle;
}

export function preprocessorOf(bundle: ModelBundle): Preprocessor {
  return Preprocessor.fromJSON(bundle.preprocessor);
}

/** The label column the bundle's model predicts. */
export function labelOf(bundle: ModelBundle): string {
  return bundle.preprocessor.schema.label?.name ?? 'label';
}

/** Encodes and scales rows of a table with the bundle's preprocessor (the label column may be absent). */
export function rowsFor(bundle: ModelBundle, table: Table, requireLabel: boolean, missing: 'error' | 'drop' = 'error') {
  // Rows to predict need no label: its cells are not read, so an empty or odd one there is no error.
  const rows = preprocessorOf(bundle).transform(table, { labelOptional: !requireLabel, skipLabel: !requireLabel, missing });
  const y =
    rows.y === undefined ? undefined : bundle.task === 'classification' ? [...(rows.y as readonly string[])] : (rows.y as Float64Array);
  return { X: rows.X, y, rowIndex: rows.rowIndex };
}

/** The source model of a source bundle. */
export function sourceModelOf(bundle: ModelBundle, path: string): RidgeCV | RidgeClassifierCV {
  try {
    return bundle.model.kind === 'RidgeClassifierCV' ? RidgeClassifierCV.fromJSON(bundle.model) : RidgeCV.fromJSON(bundle.model);
  } catch (error) {
    throw corrupt(path, (error as Error).message);
  }
}
