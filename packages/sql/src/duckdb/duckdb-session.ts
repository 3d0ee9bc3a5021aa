import type { DuckDBConnection } from '@duckdb/node-api';

/** Runs `work` on a fresh in-memory DuckDB connection and closes it after, whatever happens. */
export async function withDuckdb<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch (error) {
    throw new Error('the DuckDB engine needs the optional package @duckdb/node-api: npm install @duckdb/node-api', { cause: error });
  }
  const instance = await api.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The rows of a query as plain JavaScript values (BIGINT as bigint, DOUBLE as number). */
export async function queryRows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS();
}
