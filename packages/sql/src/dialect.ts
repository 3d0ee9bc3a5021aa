/** SQL dialects the moments query is written in. */
export type SqlDialect = 'duckdb' | 'spark';

export const SQL_DIALECTS: readonly SqlDialect[] = ['duckdb', 'spark'];

/** What differs between the engines for this one query: identifier quoting, string literals, the sum, a file as a table. */
export interface DialectRules {
  readonly quote: (identifier: string) => string;
  readonly literal: (text: string) => string;
  /** The aggregate for sums of products: DuckDB's fsum is compensated (Kahan–Babuška); Spark's SUM is plain. */
  readonly sum: string;
  readonly double: string;
  readonly file: (path: string) => string;
}

const FILE_READERS: Record<string, string> = {
  parquet: 'read_parquet',
  pq: 'read_parquet',
  csv: 'read_csv',
  tsv: 'read_csv',
  json: 'read_json',
};

function extensionOf(path: string): string {
  const m = /\.([a-z0-9]+)(\.gz|\.zst)?$/i.exec(path);
  return m ? m[1].toLowerCase() : '';
}

export const DIALECTS: Readonly<Record<SqlDialect, DialectRules>> = {
  duckdb: {
    quote: (id) => `"${id.replace(/"/g, '""')}"`,
    literal: (text) => `'${text.replace(/'/g, "''")}'`,
    sum: 'fsum',
    double: 'DOUBLE',
    file: (path) => {
      const reader = FILE_READERS[extensionOf(path)];
      const literal = `'${path.replace(/'/g, "''")}'`;
      return reader ? `${reader}(${literal})` : literal;
    },
  },
  spark: {
    quote: (id) => `\`${id.replace(/`/g, '``')}\``,
    literal: (text) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
    sum: 'SUM',
    double: 'DOUBLE',
    file: (path) => {
      const format = extensionOf(path) === 'pq' ? 'parquet' : extensionOf(path) || 'parquet';
      return `${format}.\`${path.replace(/`/g, '``')}\``;
    },
  },
};
