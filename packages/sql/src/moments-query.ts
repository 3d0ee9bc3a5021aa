import { DIALECTS, SQL_DIALECTS, type SqlDialect } from './dialect.js';

/** Where the rows are: a table (or view) name used as written, e.g. `lake.flights`, or a file the engine reads. */
export type MomentsSource = { readonly table: string } | { readonly file: string };

export interface MomentsQueryOptions {
  readonly from: MomentsSource;
  /** Numeric feature columns. */
  readonly features: readonly string[];
  /** The numeric label column. */
  readonly label: string;
  /** A column of positive row weights; default: every row weighs 1. */
  readonly weight?: string;
  /** Every column of the table, carried in the result for the model's schema; default: features, label, weight. */
  readonly columns?: readonly string[];
  /** Default 'duckdb'. */
  readonly dialect?: SqlDialect;
}

/** The result's format tag (its first column): which query shape made it. */
export const MOMENTS_FORMAT = 'tlkit-moments/1';

/** The names of the result's columns, by the 1-based feature index (x1 … xd) and y; see momentsQuery. */
export const momentsColumn = {
  shift: (j: number | 'y') => (j === 'y' ? 'shift_y' : `shift_x${j}`),
  sum: (j: number | 'y') => (j === 'y' ? 'sum_y' : `sum_x${j}`),
  product: (a: number, b: number | 'y') => (b === 'y' ? `sum_x${a}_y` : `sum_x${a}_x${b}`),
  plainSum: (j: number) => `plain_sum_x${j}`,
  plainSquare: (j: number) => `plain_sum_x${j}_x${j}`,
};

function checkName(fn: string, what: string, name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '')
    throw new TypeError(`${fn}: ${what} must be a non-empty column name, got ${JSON.stringify(name)}`);
  return name;
}

/**
 * Ridge's sufficient statistics as one SQL query over a table, in DuckDB's dialect or Spark SQL's; the result is one
 * row that `readMomentsResult` / `fitFromMoments` turn back into the source model. The engine does the heavy part
 * (one pass for the means, one for the sums), so the table may be larger than any one machine's memory.
 *
 * Numerics: sums of raw products lose digits when a column's mean is large against its spread (XᵀX − n·x̄x̄ᵀ
 * cancels). The query therefore shifts every column by its mean first (a CTE, `shift_*`) and sums products of the
 * shifted values; the exact correction for the shift being only near the mean is applied when the result is read.
 * Rows with a NULL, NaN or infinite value in a used column are left out and counted (`rows_read − n`).
 */
export function momentsQuery(options: MomentsQueryOptions): string {
  const fn = 'momentsQuery';
  const dialect = options.dialect ?? 'duckdb';
  if (!SQL_DIALECTS.includes(dialect))
    throw new RangeError(`${fn}: dialect must be one of ${SQL_DIALECTS.join(', ')}, got ${JSON.stringify(dialect)}`);
  const rules = DIALECTS[dialect];
  if (!Array.isArray(options.features) || options.features.length === 0)
    throw new RangeError(`${fn}: features must name at least one column`);
  const features = options.features.map((f) => checkName(fn, 'a feature', f));
  const label = checkName(fn, 'label', options.label);
  const weight = options.weight === undefined ? undefined : checkName(fn, 'weight', options.weight);
  const used = [...features, label, ...(weight === undefined ? [] : [weight])];
  const dup = used.find((c, i) => used.indexOf(c) !== i);
  if (dup !== undefined) throw new RangeError(`${fn}: column "${dup}" is used twice (features, label and weight must differ)`);
  const from = 'table' in options.from ? options.from.table : rules.file(options.from.file);
  const q = rules.quote;
  const value = (c: string) => `CAST(${q(c)} AS ${rules.double})`;
  // One test for NULL, NaN and ±∞ that holds in DuckDB, Spark, Trino and BigQuery alike (NaN compares false, or
  // sorts above every number, depending on the engine: either way it fails this test).
  const complete = used.map((c) => `ABS(${value(c)}) <= 1.7976931348623157E308`).join('\n    AND ');
  const d = features.length;
  const x = (j: number) => `(${value(features[j - 1])} - m.${momentsColumn.shift(j)})`;
  const y = `(${value(label)} - m.${momentsColumn.shift('y')})`;
  const w = weight === undefined ? '' : `${value(weight)} * `;
  const sum = (expr: string, name: string) => `  ${rules.sum}(${expr}) AS ${name}`;
  const meta = [
    `  ${rules.literal(MOMENTS_FORMAT)} AS tlkit_format`,
    `  ${rules.literal(JSON.stringify(features))} AS tlkit_features`,
    `  ${rules.literal(label)} AS tlkit_label`,
    `  ${rules.literal(weight ?? '')} AS tlkit_weight`,
    `  ${rules.literal(JSON.stringify(options.columns ?? used))} AS tlkit_columns`,
    `  MAX(m.rows_read) AS rows_read`,
    `  COUNT(*) AS n`,
  ];
  const shifts = [...Array.from({ length: d }, (_, i) => momentsColumn.shift(i + 1)), momentsColumn.shift('y')].map(
    (name) => `  MAX(m.${name}) AS ${name}`,
  );
  const sums: string[] = [];
  if (weight !== undefined) {
    sums.push(sum(value(weight), 'sum_w'), sum(`LN(${value(weight)})`, 'sum_log_w'), `  MIN(${value(weight)}) AS min_w`);
    // The scaler standardises with unweighted statistics, as StandardScaler.fit on the rows does.
    for (let j = 1; j <= d; j++) sums.push(sum(x(j), momentsColumn.plainSum(j)), sum(`${x(j)} * ${x(j)}`, momentsColumn.plainSquare(j)));
  }
  for (let j = 1; j <= d; j++) sums.push(sum(`${w}${x(j)}`, momentsColumn.sum(j)));
  sums.push(sum(`${w}${y}`, momentsColumn.sum('y')));
  for (let a = 1; a <= d; a++) {
    for (let b = a; b <= d; b++) sums.push(sum(`${w}${x(a)} * ${x(b)}`, momentsColumn.product(a, b)));
    sums.push(sum(`${w}${x(a)} * ${y}`, momentsColumn.product(a, 'y')));
  }
  sums.push(sum(`${w}${y} * ${y}`, 'sum_y_y'));
  const means = [
    ...features.map((c, j) => `    AVG(CASE WHEN tlkit_ok THEN ${value(c)} END) AS ${momentsColumn.shift(j + 1)}`),
    `    AVG(CASE WHEN tlkit_ok THEN ${value(label)} END) AS ${momentsColumn.shift('y')}`,
  ];
  return [
    `-- tlkit: ridge's sufficient statistics of ${q(label)} on ${features.map(q).join(', ')}${weight ? ` weighted by ${q(weight)}` : ''} (${dialect} dialect).`,
    `-- Export the one-row result as CSV or JSON, then: tlkit fit --moments RESULT --out model.json`,
    `WITH src AS (`,
    `  SELECT *, (${complete}) AS tlkit_ok`,
    `  FROM ${from}`,
    `),`,
    `m AS (`,
    `  SELECT COUNT(*) AS rows_read,`,
    means.join(',\n'),
    `  FROM src`,
    `)`,
    `SELECT`,
    [...meta, ...shifts, ...sums].join(',\n'),
    `FROM src CROSS JOIN m`,
    `WHERE src.tlkit_ok`,
  ].join('\n');
}
