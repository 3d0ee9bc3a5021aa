import { NotFittedError } from '../errors.js';
import { checkSavedHeader } from '../saved-header.js';
import type { DenseMatrix } from '../dense-matrix.js';
import { StandardScaler, type StandardScalerJSON } from '../standard-scaler.js';
import {
  assertTableSchema,
  encodeTable,
  encodedFeatureNames,
  inferSchema,
  type EncodeOptions,
  type InferSchemaOptions,
  type TableSchema,
} from './schema.js';
import type { Table } from './table.js';

export interface PreprocessorOptions extends InferSchemaOptions {
  /** Rows of the fitting table with a missing value: 'error' (default, naming the line) or 'drop'. */
  readonly missing?: 'error' | 'drop';
}

export interface PreprocessorJSON {
  readonly kind: 'Preprocessor';
  readonly version: 1;
  /** The options it was made with: a refit after loading infers its schema the same way. */
  readonly options: PreprocessorOptions;
  readonly schema: TableSchema;
  readonly scaler: StandardScalerJSON;
}

/** Rows of a table as a model takes them: standardised features, the label values, and the table rows they came from. */
export interface PreparedRows {
  readonly X: DenseMatrix;
  /** Numeric labels for a numeric label, the label texts for a categorical one; absent when the table has no label column. */
  readonly y?: Float64Array | readonly string[];
  readonly rowIndex: Int32Array;
}

/**
 * The one way from a table to a model's rows: a schema inferred on the source table (columns, types, one-hot
 * vocabularies, the label) and a StandardScaler fitted on its encoded rows. Every other table — target rows, rows
 * to predict — is checked against the schema and scaled with the source's statistics.
 *
 * ```ts
 * const pre = new Preprocessor({ label: 'mpg' });
 * const source = pre.fitTransform(sourceTable);
 * const target = pre.transform(targetTable);
 * ```
 */
export class Preprocessor {
  readonly options: PreprocessorOptions;
  private parts: { schema: TableSchema; scaler: StandardScaler } | undefined;

  constructor(options: PreprocessorOptions = {}) {
    this.options = options;
  }

  /** A fitted preprocessor from a schema and a fitted scaler made elsewhere (a refit infers the same features and label). */
  static fromParts(schema: TableSchema, scaler: StandardScaler, options?: PreprocessorOptions): Preprocessor {
    assertTableSchema(schema, 'Preprocessor.fromParts');
    const label = schema.label;
    const p = new Preprocessor(
      options ?? {
        features: schema.features.map((f) => f.name),
        categorical: schema.features.filter((f) => f.type === 'categorical').map((f) => f.name),
        ...(label ? { label: label.name, labelType: label.type } : {}),
      },
    );
    p.parts = { schema, scaler };
    return p;
  }

  get isFitted(): boolean {
    return this.parts !== undefined;
  }

  get schema(): TableSchema {
    return this.fitted('schema').schema;
  }

  get scaler(): StandardScaler {
    return this.fitted('scaler').scaler;
  }

  /** The label column, or undefined for a schema without one. */
  get label(): string | undefined {
    return this.fitted('label').schema.label?.name;
  }

  /** The names of the encoded (model) columns: numeric features as they are, categories as `name=category`. */
  get featureNames(): string[] {
    return encodedFeatureNames(this.fitted('featureNames').schema);
  }

  fit(table: Table): this {
    this.fitTransform(table);
    return this;
  }

  /** Fits on a (source) table and returns its prepared rows, encoding the table once. */
  fitTransform(table: Table): PreparedRows {
    const { missing, ...schemaOptions } = this.options;
    const schema = inferSchema(table, schemaOptions);
    const encoded = encodeTable(table, schema, { missing });
    const scaler = new StandardScaler().fit(encoded.X);
    this.parts = { schema, scaler };
    return { X: scaler.transform(encoded.X), y: encoded.y, rowIndex: encoded.rowIndex };
  }

  /** Encodes a table with the schema, without scaling (for callers that scale otherwise). */
  encode(table: Table, options: EncodeOptions = {}): PreparedRows {
    const encoded = encodeTable(table, this.fitted('encode').schema, options);
    return { X: encoded.X, y: encoded.y, rowIndex: encoded.rowIndex };
  }

  /** Encodes a table with the schema (a missing, extra or retyped column is an error naming it) and scales it. */
  transform(table: Table, options: EncodeOptions = {}): PreparedRows {
    const { scaler } = this.fitted('transform');
    const encoded = this.encode(table, options);
    return { ...encoded, X: encoded.X.rows > 0 ? scaler.transform(encoded.X) : encoded.X };
  }

  toJSON(): PreprocessorJSON {
    const { schema, scaler } = this.fitted('toJSON');
    // A warning callback and the spelling of messages are the caller's, not part of the fitted object.
    const { onWarning: _onWarning, advice: _advice, ...options } = this.options;
    return { kind: 'Preprocessor', version: 1, options, schema, scaler: scaler.toJSON() };
  }

  static fromJSON(json: unknown): Preprocessor {
    const fn = 'Preprocessor.fromJSON';
    const j = checkSavedHeader(fn, json, { kind: 'Preprocessor', version: 1 }) as Partial<PreprocessorJSON>;
    assertTableSchema(j.schema, `${fn} (schema)`);
    const scaler = StandardScaler.fromJSON(j.scaler);
    const width = encodedFeatureNames(j.schema).length;
    if (scaler.mean.length !== width) {
      throw new RangeError(`${fn}: the scaler has ${scaler.mean.length} columns, the schema encodes ${width}`);
    }
    const options = j.options as unknown;
    if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new TypeError(`${fn}: options are required`);
    return Preprocessor.fromParts(j.schema, scaler, options);
  }

  private fitted(method: string): { schema: TableSchema; scaler: StandardScaler } {
    if (!this.parts) throw new NotFittedError('Preprocessor', method);
    return this.parts;
  }
}
