import { StandardScaler, assertTableSchema, type DenseMatrix, type StandardScalerJSON, type TableSchema } from '@tlkit/tensor-core';
import {
  RidgeCV,
  RidgeClassifier,
  RidgeClassifierCV,
  RidgeRegression,
  type ClassLabel,
  type RidgeCVJSON,
  type RidgeClassifierCVJSON,
  type RidgeClassifierJSON,
  type RidgeRegressionJSON,
} from '@tlkit/ridge';

export type LinearModelLike = RidgeRegression | RidgeCV | RidgeClassifier | RidgeClassifierCV;

/** A fitted source model with, optionally, the schema and scaler of the table it was trained on. */
export interface LinearSource {
  readonly model: LinearModelLike;
  readonly schema?: TableSchema;
  readonly scaler?: StandardScaler;
}

export interface LinearSourceJSON {
  readonly model: RidgeRegressionJSON | RidgeCVJSON | RidgeClassifierJSON | RidgeClassifierCVJSON;
  readonly schema?: TableSchema;
  readonly scaler?: StandardScalerJSON;
}

/** What parameter transfer needs of a source: its weights (outputs × features), classes, schema and scaler. */
export interface ResolvedSource {
  readonly kind: 'regression' | 'classification';
  readonly coef: DenseMatrix;
  readonly classes?: readonly ClassLabel[];
  readonly schema?: TableSchema;
  readonly scaler?: StandardScaler;
  readonly json: LinearSourceJSON;
}

function isModel(value: unknown): value is LinearModelLike {
  return (
    value instanceof RidgeRegression || value instanceof RidgeCV || value instanceof RidgeClassifier || value instanceof RidgeClassifierCV
  );
}

function modelFromJSON(json: unknown): LinearModelLike {
  const kind = (json as { kind?: unknown } | null)?.kind;
  switch (kind) {
    case 'RidgeRegression':
      return RidgeRegression.fromJSON(json);
    case 'RidgeCV':
      return RidgeCV.fromJSON(json);
    case 'RidgeClassifier':
      return RidgeClassifier.fromJSON(json);
    case 'RidgeClassifierCV':
      return RidgeClassifierCV.fromJSON(json);
    default:
      throw new TypeError(
        `ParameterTransfer: the source must be a fitted RidgeRegression, RidgeCV, RidgeClassifier or RidgeClassifierCV (or its JSON), got kind ${JSON.stringify(kind)}`,
      );
  }
}

/** Accepts a bare fitted model, `{ model, schema, scaler }`, or the JSON of either. */
export function resolveSource(source: LinearModelLike | LinearSource | LinearSourceJSON | object): ResolvedSource {
  let parts: LinearSource;
  if (isModel(source)) parts = { model: source };
  else if (typeof source === 'object' && 'model' in source) {
    const s = source as { model: unknown; schema?: unknown; scaler?: unknown };
    const model = isModel(s.model) ? s.model : modelFromJSON(s.model);
    if (s.schema !== undefined) assertTableSchema(s.schema, 'ParameterTransfer (source schema)');
    const scaler = s.scaler === undefined || s.scaler instanceof StandardScaler ? s.scaler : StandardScaler.fromJSON(s.scaler);
    parts = { model, schema: s.schema, scaler };
  } else parts = { model: modelFromJSON(source) };
  const { model } = parts;
  if (!model.isFitted) throw new RangeError('ParameterTransfer: the source model is not fitted');
  const classifier = model instanceof RidgeClassifier || model instanceof RidgeClassifierCV;
  return {
    kind: classifier ? 'classification' : 'regression',
    coef: model.coefMatrix,
    classes: classifier ? model.classes : undefined,
    schema: parts.schema,
    scaler: parts.scaler,
    json: {
      model: model.toJSON(),
      ...(parts.schema ? { schema: parts.schema } : {}),
      ...(parts.scaler ? { scaler: parts.scaler.toJSON() } : {}),
    },
  };
}
