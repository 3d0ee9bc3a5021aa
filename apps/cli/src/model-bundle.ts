import {
  BadDataError,
  StandardScaler,
  assertTableSchema,
  encodeTable,
  type DenseMatrix,
  type StandardScalerJSON,
  type Table,
  type TableSchema,
} from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import { ParameterTransfer } from '@tlkit/transfer-param';
import { FeatureTransfer } from '@tlkit/transfer-feature';
import { readJsonFile, writeFileAtomic } from './files.js';

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
  writeFileAtomic(
    path,
    JSON.stringify({ format: MODEL_FORMAT, formatVersion: MODEL_VERSION, created: new Date().toISOString(), ...bundle }, null, 1),
  );
}

export function loadBundle(path: string): ModelBundle {
  const json = readJsonFile(path) as Partial<ModelBundle> | null;
  if (typeof json !== 'object' || json === null || json.format !== MODEL_FORMAT) {
    throw new BadDataError(`${path}: not a tlkit model bundle (no "format": "${MODEL_FORMAT}")`, { source: path });
  }
  if (typeof json.formatVersion !== 'number' || json.formatVersion > MODEL_VERSION) {
    throw new BadDataError(
      `${path}: model format version ${String(json.formatVersion)} is newer than this tlkit reads (${MODEL_VERSION})`,
      { source: path },
    );
  }
  try {
    assertTableSchema(json.schema, path);
    StandardScaler.fromJSON(json.scaler);
  } catch (error) {
    throw new BadDataError(`${path}: the model bundle is corrupt (${(error as Error).message})`, { source: path });
  }
  if (typeof json.model !== 'object' || typeof json.label !== 'string')
    throw new BadDataError(`${path}: the model bundle is corrupt (no model)`, { source: path });
  return json as ModelBundle;
}

/** Encodes and scales rows of a table with the bundle's schema and scaler (the label column may be absent). */
export function rowsFor(bundle: ModelBundle, table: Table, requireLabel: boolean, missing: 'error' | 'drop' = 'error') {
  const encoded = encodeTable(table, bundle.schema, { labelOptional: !requireLabel, missing });
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
