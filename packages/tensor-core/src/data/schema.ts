import { BadDataError } from '../errors.js';
import { checkSavedHeader } from '../saved-header.js';
import type { DenseMatrix } from '../dense-matrix.js';
import { columnIndex, describeRow, parseNumberCell, tableName, type Cell, type Table } from './table.js';
import { describeColumn, isHighCardinality, isMostlyNumeric, numberCellProblem, type ColumnReport } from './column-report.js';
import { parseIsoDate } from './dates.js';

/** How a feature is encoded: a number, one-hot categories, or an ISO date read as days since 1970-01-01. */
export type ColumnType = 'numeric' | 'categorical' | 'date';

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
/** How the caller spells the ways out of a column problem, for messages (the CLI passes its flags). */
export interface ColumnAdvice {
  readonly ignore: string;
  readonly categorical: string;
  readonly numeric: string;
  readonly dates: string;
  readonly drop: string;
}

const LIBRARY_ADVICE: ColumnAdvice = {
  ignore: 'the ignore option',
  categorical: 'the categorical option',
  numeric: 'the numeric option',
  dates: 'the dates option',
  drop: "highCardinality: 'drop'",
};

export interface InferSchemaOptions {
  /** The label column; omit for unlabelled data. */
  readonly label?: string;
  /** Feature columns; default: every column except the label and `ignore`. */
  readonly features?: readonly string[];
  /** Columns neither feature nor label (e.g. names, ids, the domain column). */
  readonly ignore?: readonly string[];
  /** Force these columns to be categorical even when their values are numbers. */
  readonly categorical?: readonly string[];
  /** Force these columns to be numeric: a cell that is not a number is then an error naming it. */
  readonly numeric?: readonly string[];
  /** Read these columns as ISO dates (days since 1970-01-01); 'auto': every column whose values all are ISO dates. */
  readonly dates?: readonly string[] | 'auto';
  /**
   * A text column with too many distinct values to one-hot encode (an id, a date, free text; see
   * isHighCardinality): 'error' (default) refuses it with a message naming it and the ways out; 'drop' leaves it
   * out and tells `onWarning`.
   */
  readonly highCardinality?: 'error' | 'drop';
  /** Called with a one-line message for each column left out (highCardinality 'drop'). */
  readonly onWarning?: (message: string) => void;
  /** How the ways out are spelt in messages (default: this function's option names). */
  readonly advice?: Partial<ColumnAdvice>;
  /**
   * The label's type instead of inferring it: 'categorical' treats numeric labels as classes (e.g. digits); 'numeric'
   * insists on numbers (a label that is not one is an error naming its row) and types `encodeTable().y` as Float64Array.
   */
  readonly labelType?: ColumnType;
}

function vocabulary(table: Table, j: number): string[] {
  const values = new Set<string>();
  for (const row of table.rows) {
    const cell = row[j];
    if (cell !== null) values.add(cell);
  }
  // Code-point order, the same in every locale.
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function checkNames(table: Table, names: readonly string[] | undefined, role: string): Set<string> {
  for (const name of names ?? []) columnIndex(table, name, role);
  return new Set(names ?? []);
}

/**
 * Infers a schema from a (source) table: types from the values, one-hot vocabularies from the categories seen.
 * A column of numbers with a few stray cells (`abc`, `1e400`) is an error naming file, line, column and cell, not
 * a category; a text column with too many distinct values (an id, a date, free text) is refused or, when asked,
 * left out — never one-hot encoded silently. Types can be forced (`numeric`, `categorical`, `dates`). The result's
 * type follows the options: a `labelType` fixes the label's type (so `encodeTable().y` is a Float64Array for
 * 'numeric'), no `label` means none, a label alone leaves it to the data.
 */
export function inferSchema<const T extends ColumnType>(
  table: Table,
  options: InferSchemaOptions & { readonly label: string; readonly labelType: T },
): TableSchema<T>;
export function inferSchema(table: Table, options: InferSchemaOptions & { readonly label: string }): TableSchema<ColumnType>;
export function inferSchema(table: Table, options?: InferSchemaOptions & { readonly label?: undefined }): TableSchema<undefined>;
export function inferSchema(table: Table, options?: InferSchemaOptions): TableSchema;
export function inferSchema(table: Table, options: InferSchemaOptions = {}): TableSchema {
  const where = tableName(table);
  if (table.rows.length === 0) throw new BadDataError(`${where}: has a header but no data rows`, { source: table.source });
  const advice: ColumnAdvice = { ...LIBRARY_ADVICE, ...options.advice };
  const ignore = checkNames(table, options.ignore, 'ignored column');
  const label = options.label;
  if (label !== undefined) columnIndex(table, label, 'label column');
  const forcedCategorical = checkNames(table, options.categorical, 'categorical column');
  const forcedNumeric = checkNames(table, options.numeric, 'numeric column');
  const forcedDates = checkNames(table, options.dates === 'auto' ? undefined : options.dates, 'date column');
  for (const name of forcedNumeric) {
    if (forcedCategorical.has(name) || forcedDates.has(name))
      throw new BadDataError(`${where}: column "${name}" is given two types`, { column: name });
  }
  for (const name of forcedDates)
    if (forcedCategorical.has(name)) throw new BadDataError(`${where}: column "${name}" is given two types`, { column: name });
  const names = options.features ?? table.columns.filter((c) => c !== label && !ignore.has(c));
  const features: FeatureSpec[] = [];
  for (const name of names) {
    if (name === label) throw new BadDataError(`${where}: column "${name}" is both a feature and the label`, { column: name });
    const j = columnIndex(table, name, 'feature column');
    if (forcedCategorical.has(name)) features.push({ name, type: 'categorical', categories: vocabulary(table, j) });
    else if (forcedNumeric.has(name)) features.push({ name, type: 'numeric' });
    else if (forcedDates.has(name)) features.push({ name, type: 'date' });
    else {
      const spec = inferFeature(table, j, options, advice);
      if (spec) features.push(spec);
    }
  }
  if (features.length === 0) throw new BadDataError(`${where}: no feature columns are left`, { source: table.source });
  const labelSpec: LabelSpec | undefined =
    label === undefined
      ? undefined
      : { name: label, type: options.labelType ?? labelTypeOf(describeColumn(table, columnIndex(table, label))) };
  return { kind: 'TableSchema', version: 1, columns: [...table.columns], features, label: labelSpec };
}

function labelTypeOf(report: ColumnReport): 'numeric' | 'categorical' {
  return report.kind === 'numeric' ? 'numeric' : 'categorical';
}

/** The type of a column nothing was said about, or undefined when it is left out (highCardinality 'drop'). */
function inferFeature(table: Table, j: number, options: InferSchemaOptions, advice: ColumnAdvice): FeatureSpec | undefined {
  const report = describeColumn(table, j);
  const name = report.name;
  if (report.kind === 'numeric') return { name, type: 'numeric' };
  if (report.kind === 'date' && options.dates === 'auto') return { name, type: 'date' };
  if (isMostlyNumeric(report)) {
    const i = report.firstNonNumber ?? 0;
    throw new BadDataError(
      `${describeRow(table, i)}, column "${name}": ${numberCellProblem(table.rows[i][j])}, but ${report.numbers} of the column's ${report.values} values are numbers ` +
        `(fix the cell, or use ${advice.categorical} ${name} if the column holds categories)`,
      { row: i, line: table.lines[i], column: name, source: table.source },
    );
  }
  if (report.kind !== 'empty' && isHighCardinality(report)) {
    const what = `column "${name}" has ${report.distinct} distinct values in ${report.values} rows`;
    if (options.highCardinality === 'drop') {
      options.onWarning?.(`${tableName(table)}: left out ${what} (too many to one-hot encode)`);
      return undefined;
    }
    const ways =
      report.kind === 'date'
        ? `parse it as dates with ${advice.dates} ${name}, or leave it out with ${advice.ignore} ${name}`
        : `leave it out with ${advice.ignore} ${name} (or ${advice.drop}), or keep it with ${advice.categorical} ${name}`;
    throw new BadDataError(
      `${tableName(table)}: ${what} (${report.kind === 'date' ? 'dates' : 'an id or free text?'}), too many to one-hot encode; ${ways}`,
      {
        column: name,
        source: table.source,
      },
    );
  }
  return { name, type: 'categorical', categories: vocabulary(table, j) };
}

/** The names of the encoded columns: numeric and date features as they are, categorical ones as `name=category`. */
export function encodedFeatureNames(schema: TableSchema): string[] {
  return schema.features.flatMap((f) => (f.type === 'categorical' ? (f.categories ?? []).map((c) => `${f.name}=${c}`) : [f.name]));
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
  /** Do not read the label column even when the table has it (rows to predict: an empty label cell is no error). */
  readonly skipLabel?: boolean;
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
  const labelColumn = schema.label && !options.skipLabel ? table.columns.indexOf(schema.label.name) : -1;
  const data = new Float64Array(table.rows.length * d);
  const kept: number[] = [];
  const numericLabels: number[] = [];
  const textLabels: string[] = [];
  const rowValues = new Float64Array(d);
  const categoryIndex = schema.features.map((f) => new Map((f.categories ?? []).map((c, k) => [c, k])));

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
        if (v === undefined) fail(i, spec.name, `${numberCellProblem(cell)} (the column is numeric in the source)`);
        rowValues[offset++] = v as number;
      } else if (spec.type === 'date') {
        const v = parseIsoDate(cell as string);
        if (v === undefined) fail(i, spec.name, `${JSON.stringify(cell)} is not an ISO date (YYYY-MM-DD, optionally with a time)`);
        rowValues[offset++] = v as number;
      } else {
        const categories = spec.categories ?? [];
        const k = categoryIndex[f].get(cell as string) ?? -1;
        if (k < 0 && options.unknownCategory !== 'ignore') {
          const seen = categories.slice(0, 10).map((c) => `"${c}"`);
          if (categories.length > 10) seen.push(`… ${categories.length} in all`);
          fail(i, spec.name, `category "${String(cell)}" was not seen in the source (${seen.join(', ')})`);
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
        if (v === undefined) fail(i, schema.label.name, `label ${numberCellProblem(cell)} (the label is numeric)`);
        numericLabels.push(v as number);
      } else {
        textLabels.push(cell);
      }
    }
    data.set(rowValues, kept.length * d);
    kept.push(i);
  }
  const X: DenseMatrix = { rows: kept.length, cols: d, data: kept.length === table.rows.length ? data : data.slice(0, kept.length * d) };
  let y: Float64Array | readonly string[] | undefined;
  if (labelColumn >= 0 && schema.label) {
    y = schema.label.type === 'numeric' ? Float64Array.from(numericLabels) : textLabels;
  }
  const encoded: EncodedTable = { X, y, featureNames: names, rowIndex: Int32Array.from(kept) };
  return encoded;
}

/** Checks that a value is a TableSchema (e.g. read back from a saved bundle). */
export function assertTableSchema(value: unknown, where: string): asserts value is TableSchema {
  const s = checkSavedHeader(where, value, { kind: 'TableSchema', version: 1 }) as Partial<TableSchema>;
  if (!Array.isArray(s.columns) || !isTextList(s.columns)) {
    throw new TypeError(`${where}: the schema's columns must be a list of names`);
  }
  if (!Array.isArray(s.features)) throw new TypeError(`${where}: the schema's features must be a list`);
  for (let i = 0; i < s.features.length; i++) checkFeatureSpec(s.features[i], i, s.columns as readonly string[], where);
  if (s.label !== undefined) {
    const l = s.label as Partial<LabelSpec> | null;
    if (typeof l !== 'object' || l === null || typeof l.name !== 'string' || (l.type !== 'numeric' && l.type !== 'categorical')) {
      throw new TypeError(`${where}: the schema's label must be { name, type: 'numeric' | 'categorical' }`);
    }
  }
}

function checkFeatureSpec(value: unknown, i: number, columns: readonly string[], where: string): void {
  const f = value as Partial<FeatureSpec> | null;
  if (typeof f !== 'object' || f === null || typeof f.name !== 'string') throw new TypeError(`${where}: schema feature ${i} has no name`);
  if (!columns.includes(f.name)) throw new TypeError(`${where}: schema feature "${f.name}" is not one of the schema's columns`);
  if (f.type === 'numeric' || f.type === 'date') return;
  if (f.type !== 'categorical')
    throw new TypeError(`${where}: schema feature "${f.name}" has type ${JSON.stringify(f.type)}; expected numeric, categorical or date`);
  if (!Array.isArray(f.categories) || !isTextList(f.categories)) {
    throw new TypeError(`${where}: schema feature "${f.name}" is categorical but its categories are not a list of texts`);
  }
}

/** Every entry a string, holes included (every() skips the holes of a sparse array). */
function isTextList(list: readonly unknown[]): boolean {
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string') return false;
  return true;
}
