import {
  BadDataError,
  StandardScaler,
  assertTableSchema,
  checkSavedHeader,
  encodeTable,
  encodedFeatureNames,
  type DenseMatrix,
  type StandardScalerJSON,
  type Table,
  type TableSchema,
} from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import { ParameterTransfer } from '@tlkit/transfer-param';
import { FeatureTransfer } from '@tlkit/transfer-feature';
import { readJsonFile, writeFileAtomic } from './files.js';
import { assertFiniteResult } from './finite-result.js';

export const MODEL_FORMAT = 'tlkit-model';
export const MODEL_VERSION = 1;

/** A saved tlkit model as the CLI writes it: the estimator, and the schema and scaler its rows need. */
export interface ModelBundle {
  readonly format: typeof MODEL_FORMAT;
  readonly formatVersion: number;
  readonly kind: 'source' | 'transfer';
  readonly method: string;
  readonly task: 'regression' | 'classification';
  readonly label: string;
  readonly schema: TableSchema;
  readonly scaler: StandardScalerJSON;
  readonly model: { readonly kind: string };
  readonly created: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Predictions = Float64Array | readonly ClassLabel[];

export function saveBundle(path: string, bundle: Omit<ModelBundle, 'format' | 'formatVersion' | 'created'>): void {
  // A strength of ∞ (the source model as it is) is a meaning; any other non-finite number is a failed fit.
  assertFiniteResult(bundle, `${path}: not saved`, (p) => p === 'details.alpha' || p === 'details.lambda');
  writeFileAtomic(
    path,
    JSON.stringify({ format: MODEL_FORMAT, formatVersion: MODEL_VERSION, created: new Date().toISOString(), ...bundle }, null, 1),
  );
}

export function loadBundle(path: string): ModelBundle {
  const raw = readJsonFile(path);
  if (typeof raw !== 'object' || raw === null || (raw as Partial<ModelBundle>).format !== MODEL_FORMAT) {
    throw new BadDataError(`${path}: not a tlkit model bundle (no "format": "${MODEL_FORMAT}")`, { source: path });
  }
  let json: Partial<ModelBundle>;
  try {
    json = checkSavedHeader(path, raw, { kind: MODEL_FORMAT, version: MODEL_VERSION, kindField: 'format', versionField: 'formatVersion' });
  } catch (error) {
    throw new BadDataError((error as Error).message, { source: path });
  }
  const corrupt = (why: string) => new BadDataError(`${path}: the model bundle is corrupt (${why})`, { source: path });
  try {
    assertTableSchema(json.schema, path);
    const scaler = StandardScaler.fromJSON(json.scaler);
    const encoded = encodedFeatureNames(json.schema).length;
    if (scaler.mean.length !== encoded) throw new RangeError(`the scaler has ${scaler.mean.length} columns, the schema encodes ${encoded}`);
  } catch (error) {
    throw corrupt((error as Error).message);
  }
  const model = json.model as { kind?: unknown } | null | undefined;
  if (typeof model !== 'object' || model === null || typeof model.kind !== 'string') throw corrupt('no model');
  if (typeof json.label !== 'string') throw corrupt('no label');
  if (json.task !== 'regression' && json.task !== 'classification') throw corrupt(`task ${JSON.stringify(json.task)}`);
  if (json.kind !== 'source' && json.kind !== 'transfer') throw corrupt(`kind ${JSON.stringify(json.kind)}`);
  if (typeof json.method !== 'string') throw corrupt('no method');
  const details = json.details as unknown;
  if (details !== undefined && (typeof details !== 'object' || details === null)) throw corrupt('details is not an object');
  return json as ModelBundle;
}

/** Encodes and scales rows of a table with the bundle's schema and scaler (the label column may be absent). */
export function rowsFor(bundle: ModelBundle, table: Table, requireLabel: boolean, missing: 'error' | 'drop' = 'error') {
  const encoded = encodeTable(table, bundle.schema, { labelOptional: !requireLabel, skipLabel: !requireLabel, missing });
  const X = StandardScaler.fromJSON(bundle.scaler).transform(encoded.X);
  const y =
    encoded.y === undefined
      ? undefined
      : bundle.task === 'classification'
        ? [...(encoded.y as readonly string[])]
        : (encoded.y as Float64Array);
  return { X, y, rowIndex: encoded.rowIndex };
}

/** Rebuilds the estimator of a bundle as a predict function on scaled rows. */
export async function predictorFor(bundle: ModelBundle, path: string): Promise<(X: DenseMatrix) => Predictions> {
  const model = bundle.model;
  try {
    switch (model.kind) {
      case 'RidgeCV': {
        const m = RidgeCV.fromJSON(model);
        return (X) => m.predictMatrix(X).data;
      }
      case 'RidgeClassifierCV': {
        const m = RidgeClassifierCV.fromJSON(model);
        return (X) => m.predict(X);
      }
      case 'ParameterTransfer': {
        const m = ParameterTransfer.fromJSON(model);
        return (X) => m.predict(X) as Predictions;
      }
      case 'FeatureTransfer': {
        const m = await FeatureTransfer.fromJSON(model);
        return (X) => m.predict(X) as Predictions;
      }
      default:
        throw new TypeError(`unknown estimator kind ${JSON.stringify(model.kind)}`);
    }
  } catch (error) {
    throw new BadDataError(`${path}: the model bundle is corrupt (${(error as Error).message})`, { source: path });
  }
}
