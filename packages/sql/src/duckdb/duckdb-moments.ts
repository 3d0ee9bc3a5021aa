import { BadDataError } from '@tlkit/tensor-core';
import { DIALECTS } from '../dialect.js';
import { momentsQuery } from '../moments-query.js';
import { momentsFromRow, type MomentsResult } from '../moments-result.js';
import { queryRows, withDuckdb } from './duckdb-session.js';

/** A column of a table as DuckDB describes it. */
export interface SourceColumn {
  readonly name: string;
  /** DuckDB's type name, e.g. BIGINT, DOUBLE, DECIMAL(9,2), VARCHAR, TIMESTAMP. */
  readonly type: string;
  readonly numeric: boolean;
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?)$/i;

function fromClause(source: string): string {
  return DIALECTS.duckdb.file(source);
}

/** The columns of a file DuckDB reads (Parquet, CSV, JSON; by extension) with their types, in order. */
export async function describeSource(source: string): Promise<SourceColumn[]> {
  return withDuckdb(async (connection) => {
    let rows: Record<string, unknown>[];
    try {
      rows = await queryRows(connection, `DESCRIBE SELECT * FROM ${fromClause(source)}`);
    } catch (error) {
      throw new BadDataError(`${source}: DuckDB cannot read it (${(error as Error).message.split('\n')[0]})`, { source });
    }
    return rows.map((r) => {
      const type = String(r.column_type);
      return { name: String(r.column_name), type, numeric: NUMERIC.test(type) };
    });
  });
}

export interface DuckdbMomentsOptions {
  /** A file DuckDB reads: .parquet, .csv, .json (optionally compressed), or a glob such as `lake/*.parquet`. */
  readonly source: string;
  readonly label: string;
  /** Feature columns; default: every column but the label, the weight and `ignore`, which must then be numeric. */
  readonly features?: readonly string[];
  readonly ignore?: readonly string[];
  readonly weight?: string;
}

export interface DuckdbMoments {
  /** The query that ran, and its one-row result as DuckDB returned it and as read back. */
  readonly query: string;
  readonly row: Readonly<Record<string, unknown>>;
  readonly result: MomentsResult;
  readonly columns: readonly SourceColumn[];
}

/** The feature columns of a file: every column but label, weight and ignored ones (checked to exist and be numeric). */
export function featureColumns(source: string, columns: readonly SourceColumn[], options: Omit<DuckdbMomentsOptions, 'source'>): string[] {
  const names = columns.map((c) => c.name);
  const { label } = options;
  const unknown = [label, ...(options.weight ? [options.weight] : []), ...(options.ignore ?? []), ...(options.features ?? [])].filter(
    (c) => !names.includes(c),
  );
  if (unknown.length > 0) {
    throw new BadDataError(`${source}: column "${unknown[0]}" not found; columns are ${names.map((c) => `"${c}"`).join(', ')}`, {
      source,
      column: unknown[0],
    });
  }
  const skip = new Set([label, ...(options.weight ? [options.weight] : []), ...(options.ignore ?? [])]);
  const features = options.features ? [...options.features] : names.filter((c) => !skip.has(c));
  if (features.length === 0) throw new BadDataError(`${source}: no feature columns are left`, { source });
  const notNumeric = columns.filter((c) => (features.includes(c.name) || c.name === label || c.name === options.weight) && !c.numeric);
  if (notNumeric.length > 0) {
    throw new BadDataError(
      `${source}: column${notNumeric.length > 1 ? 's' : ''} ${notNumeric.map((c) => `"${c.name}" (${c.type})`).join(', ')} ${notNumeric.length > 1 ? 'are' : 'is'} not numeric; the moments query sums numbers only (--ignore ${notNumeric.map((c) => c.name).join(',')}, or fit without --engine)`,
      { source, column: notNumeric[0].name },
    );
  }
  return features;
}

/**
 * Runs the moments query on a file in an embedded DuckDB (out of core: the file may be larger than memory) and
 * reads its result: what `tlkit fit --engine duckdb` fits from. Returns the query too, for the record.
 */
export async function duckdbMoments(options: DuckdbMomentsOptions): Promise<DuckdbMoments> {
  const { source, label } = options;
  const columns = await describeSource(source);
  const names = columns.map((c) => c.name);
  const features = featureColumns(source, columns, options);
  const query = momentsQuery({ from: { file: source }, features, label, weight: options.weight, columns: names, dialect: 'duckdb' });
  const rows = await withDuckdb((connection) => queryRows(connection, query));
  return { query, row: rows[0], result: momentsFromRow(rows[0], source), columns };
}
