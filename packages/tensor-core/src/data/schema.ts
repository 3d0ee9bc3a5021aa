import { BadDataError } from '../errors.js';
import type { DenseMatrix } from '../dense-matrix.js';
import { columnIndex, describeRow, parseNumberCell, tableName, type Cell, type Table } from './table.js';

export type ColumnType = 'numeric' | 'categorical';

export interface FeatureSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** For categorical features: the vocabulary fitted on the source, in one-hot column order. */
  readonly categories?: readonly string[];
}

export interface LabelSpec<T extends ColumnType = ColumnType> {
  readonly name: string;
  readonly type: T;
}

/**
 * What a model expects of a table: the source's columns, the features used (with types and categories) and
 * the label. A target table is checked against it before any number is read.
 */
export interface TableSchema<L extends ColumnType | undefined = ColumnType | undefined> {
  readonly kind: 'TableSchema';
  readonly version: 1;
  /** Every column of the table the schema was inferred from, in order. */
  readonly columns: readonly string[];
  readonly features: readonly FeatureSpec[];
  readonly label?: LabelSpec<NonNullable<L>>;
}

/** The label values `encodeTable` returns for a label type: numbers, texts, or none. */
export type LabelValues<L extends ColumnType | undefined> = L extends 'numeric'
  ? Float64Array
  : L extends 'categorical'
    ? readonly string[]
    : undefined;

export interface InferSchemaOptions {
  /** The label column; omit for unlabelled data. */
  readonly label?: string;
  /** Feature columns; default: every column except the label and `ignore`. */
  readonly features?: readonly string[];
  /** Columns neither feature nor label (e.g. names, ids, the domain column). */
  readonly ignore?: readonly string[];
  /** Force these columns to be categorical even when their values are numbers. */
  readonly categorical?: readonly string[];
  /**
   * The label's type instead of inferring it: 'categorical' treats numeric labels as classes (e.g. digits); 'numeric'
   * insists on numbers (a label that is not one is an error naming its row) and types `encodeTable().y` as Float64Array.
   */
  readonly labelType?: ColumnType;
}

function inferType(table: Table, j: number): ColumnType {
  let seen = false;
  for (const row of table.rows) {
    const cell = row[j];
    if (cell === null) continue;
    seen = true;
    if (parseNumberCell(cell) === undefined) return 'categorical';
  }
  return seen ? 'numeric' : 'categorical';
}

function vocabulary(table: Table, j: number): string[] {
  const values = new Set<string>();
  for (const row of table.rows) {
    const cell = row[j];
    if (cell !== null) values.add(cell);
  }
  return [...values].sort();
}

/** Infers a schema from a (source) table: types from the values, one-hot vocabularies from the categories seen. */
/**
 * Infers a schema from the source table. Its type follows the options: a `labelType` fixes the label's type (so
 * `encodeTable().y` is a Float64Array for 'numeric'), no `label` means none, a label alone leaves it to the data.
 */
export function inferSchema<const T extends ColumnType>(
  table: Table,
  options: InferSchemaOptions & { readonly label: string; readonly labelType: T },
): TableSchema<T>;
export function inferSchema(table: Table, options: InferSchemaOptions & { readonly label: string }): TableSchema<ColumnType>;
export function inferSchema(table: Table, options?: InferSchemaOptions & { readonly label?: undefined }): TableSchema<undefined>;
export function inferSchema(table: Table, options?: InferSchemaOptions): TableSchema;
export function inferSchema(table: Table, options: InferSchemaOptions = {}): TableSchema {
  const ignore = new Set(options.ignore ?? []);
  for (const name of ignore) columnIndex(table, name, 'ignored column');
  const label = options.label;
  if (label !== undefined) columnIndex(table, label, 'label column');
  const names = options.features ?? table.columns.filter((c) => c !== label && !ignore.has(c));
  if (names.length === 0) throw new BadDataError(`${tableName(table)}: no feature columns are left`, { source: table.source });
  const forced = new Set(options.categorical ?? []);
  const features = names.map((name): FeatureSpec => {
    if (name === label) throw new BadDataError(`${tableName(table)}: column "${name}" is both a feature and the label`);
    const j = columnIndex(table, name, 'feature column');
    const type = forced.has(name) ? 'categorical' : inferType(table, j);
    return type === 'numeric' ? { name, type } : { name, type, categories: vocabulary(table, j) };
  });
  const labelSpec: LabelSpec | undefined =
    label === undefined ? undefined : { name: label, type: options.labelType ?? inferType(table, columnIndex(table, label)) };
  return { kind: 'TableSchema', version: 1, columns: [...table.columns], features, label: labelSpec };
}

/** The names of the encoded columns: numeric features as they are, categorical ones as `name=category`. */
export function encodedFeatureNames(schema: TableSchema): string[] {
  return schema.features.flatMap((f) => (f.type === 'numeric' ? [f.name] : (f.categories ?? []).map((c) => `${f.name}=${c}`)));
}

export interface CheckSchemaOptions {
  /** Accept a table without the label column (rows to predict). Default false. */
  readonly labelOptional?: boolean;
}

/**
 * Checks that a table has exactly the schema's columns (order free): a missing or extra column is a
 * BadDataError naming it and both tables' roles.
 */
export function checkSchema(table: Table, schema: TableSchema, options: CheckSchemaOptions = {}): void {
  const have = new Set(table.columns);
  const expected = new Set(schema.columns);
  const label = schema.label?.name;
  const missing = schema.columns.filter((c) => !have.has(c) && !(options.labelOptional && c === label));
  if (missing.length > 0) {
    throw new BadDataError(
      `${tableName(table)}: column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} missing (the source has ${missing.length > 1 ? 'them' : 'it'})`,
      { column: missing[0], source: table.source },
    );
  }
  const extra = table.columns.filter((c) => !expected.has(c));
  if (extra.length > 0) {
    throw new BadDataError(
      `${tableName(table)}: column${extra.length > 1 ? 's' : ''} ${extra.map((c) => `"${c}"`).join(', ')} not in the source's columns (${schema.columns.map((c) => `"${c}"`).join(', ')})`,
      { column: extra[0], source: table.source },
    );
  }
}

export interface EncodeOptions extends CheckSchemaOptions {
  /** Rows with a missing feature or label: 'error' (default) names the first; 'drop' leaves them out. */
  readonly missing?: 'error' | 'drop';
  /** A category not in the source vocabulary: 'error' (default) or 'ignore' (all-zero one-hot). */
  readonly unknownCategory?: 'error' | 'ignore';
}

/** A table turned into numbers: the feature matrix, the label values, and which table rows they came from. */
export interface EncodedTable<L extends ColumnType | undefined = ColumnType | undefined> {
  readonly X: DenseMatrix;
  /** Numeric labels for a numeric label, the label texts for a categorical one; undefined without a label column. */
  readonly y: LabelValues<L>;
  readonly featureNames: readonly string[];
  /** Index into the table's rows of each encoded row (rows dropped for missing values are absent). */
  readonly rowIndex: Int32Array;
}

/**
 * Encodes a table with a schema: checks the columns, reads numeric features (a non-number is a retyped column
 * and an error naming line and column), one-hot encodes categorical ones with the source vocabulary.
 */
export function encodeTable<L extends ColumnType | undefined, const O extends EncodeOptions = { readonly labelOptional?: false }>(
  table: Table,
  schema: TableSchema<L>,
  options: O = {} as O,
): EncodedTable<O extends { readonly labelOptional: true } ? L | undefined : L> {
  checkSchema(table, schema, options);
  const names = encodedFeatureNames(schema);
  const d = names.length;
  const featureColumns = schema.features.map((f) => table.columns.indexOf(f.name));
  const labelColumn = schema.label ? table.columns.indexOf(schema.label.name) : -1;
  const data: number[] = [];
  const kept: number[] = [];
  const numericLabels: number[] = [];
  const textLabels: string[] = [];
  const rowValues = new Float64Array(d);

  const fail = (i: number, column: string, message: string): never => {
    throw new BadDataError(`${describeRow(table, i)}, column "${column}": ${message}`, {
      row: i,
      line: table.lines[i],
      column,
      source: table.source,
    });
  };
  const missingCell = (i: number, column: string): boolean => {
    if (options.missing === 'drop') return true;
    return fail(i, column, 'value is missing');
  };

  rows: for (let i = 0; i < table.rows.length; i++) {
    const row = table.rows[i];
    rowValues.fill(0);
    let offset = 0;
    for (let f = 0; f < schema.features.length; f++) {
      const spec = schema.features[f];
      const cell: Cell = row[featureColumns[f]];
      if (cell === null) {
        if (missingCell(i, spec.name)) continue rows;
      }
      if (spec.type === 'numeric') {
        const v = parseNumberCell(cell);
        if (v === undefined) fail(i, spec.name, `"${String(cell)}" is not a number (the column is numeric in the source)`);
        rowValues[offset++] = v as number;
      } else {
        const categories = spec.categories ?? [];
        const k = categories.indexOf(cell as string);
        if (k < 0 && options.unknownCategory !== 'ignore') {
          fail(i, spec.name, `category "${String(cell)}" was not seen in the source (${categories.map((c) => `"${c}"`).join(', ')})`);
        }
        if (k >= 0) rowValues[offset + k] = 1;
        offset += categories.length;
      }
    }
    if (labelColumn >= 0 && schema.label) {
      const cell = row[labelColumn];
      if (cell === null) {
        if (missingCell(i, schema.label.name)) continue;
      } else if (schema.label.type === 'numeric') {
        const v = parseNumberCell(cell);
        if (v === undefined) fail(i, schema.label.name, `label "${cell}" is not a number (the label is numeric)`);
        numericLabels.push(v as number);
      } else {
        textLabels.push(cell);
      }
    }
    for (let j = 0; j < d; j++) data.push(rowValues[j]);
    kept.push(i);
  }
  const X: DenseMatrix = { rows: kept.length, cols: d, data: Float64Array.from(data) };
  let y: Float64Array | readonly string[] | undefined;
  if (labelColumn >= 0 && schema.label) {
    y = schema.label.type === 'numeric' ? Float64Array.from(numericLabels) : textLabels;
  }
  const encoded: EncodedTable = { X, y, featureNames: names, rowIndex: Int32Array.from(kept) };
  return encoded;
}

/** Checks that a value is a TableSchema (e.g. read back from a saved bundle). */
export function assertTableSchema(value: unknown, where: string): asserts value is TableSchema {
  const s = value as Partial<TableSchema> | null;
  if (typeof s !== 'object' || s === null || s.kind !== 'TableSchema' || !Array.isArray(s.features) || !Array.isArray(s.columns)) {
    throw new TypeError(`${where}: not a TableSchema`);
  }
  if (s.version !== 1) throw new RangeError(`${where}: TableSchema version ${String(s.version)} is not supported`);
}
