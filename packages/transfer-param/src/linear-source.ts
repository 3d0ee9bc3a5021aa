import { Preprocessor, type DenseMatrix, type PreprocessorJSON } from '@tlkit/tensor-core';
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

/** A fitted source model with, optionally, the preprocessor (schema and scaler) of the table it was trained on. */
export interface LinearSource {
  readonly model: LinearModelLike;
  readonly preprocessor?: Preprocessor;
}

/**
 * A saved source model: tlkit's one source-model format. The CLI's `tlkit fit` bundle is one (with more fields), so
 * `new ParameterTransfer(JSON.parse(readFileSync('source.json', 'utf8')))` reads what the CLI wrote.
 */
export interface LinearSourceJSON {
  readonly model: RidgeRegressionJSON | RidgeCVJSON | RidgeClassifierJSON | RidgeClassifierCVJSON;
  readonly preprocessor?: PreprocessorJSON;
}

/** What parameter transfer needs of a source: its weights (outputs × features), classes and preprocessor. */
export interface ResolvedSource {
  readonly kind: 'regression' | 'classification';
  readonly coef: DenseMatrix;
  readonly classes?: readonly ClassLabel[];
  readonly preprocessor?: Preprocessor;
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

/** Accepts a bare fitted model, `{ model, preprocessor }`, or the JSON of either. */
export function resolveSource(source: unknown): ResolvedSource {
  let parts: LinearSource;
  if (isModel(source)) parts = { model: source };
  else if (typeof source === 'object' && source !== null && 'model' in source) {
    const s = source as { model: unknown; preprocessor?: unknown; schema?: unknown; scaler?: unknown };
    if (s.preprocessor === undefined && (s.schema !== undefined || s.scaler !== undefined)) {
      throw new TypeError(
        'ParameterTransfer: a source with "schema" and "scaler" needs them as one preprocessor: { model, preprocessor: Preprocessor.fromParts(schema, scaler) }',
      );
    }
    const model = isModel(s.model) ? s.model : modelFromJSON(s.model);
    const preprocessor =
      s.preprocessor === undefined || s.preprocessor instanceof Preprocessor ? s.preprocessor : Preprocessor.fromJSON(s.preprocessor);
    parts = { model, preprocessor };
  } else parts = { model: modelFromJSON(source) };
  const { model } = parts;
  if (!model.isFitted) throw new RangeError('ParameterTransfer: the source model is not fitted');
  const classifier = model instanceof RidgeClassifier || model instanceof RidgeClassifierCV;
  return {
    kind: classifier ? 'classification' : 'regression',
    coef: model.coefMatrix,
    classes: classifier ? model.classes : undefined,
    preprocessor: parts.preprocessor,
    json: { model: model.toJSON(), ...(parts.preprocessor ? { preprocessor: parts.preprocessor.toJSON() } : {}) },
  };
}
