import { momentsQuery, SQL_DIALECTS, type MomentsSource, type SqlDialect } from '@tlkit/sql';
import { describeSource, duckdbMoments, featureColumns } from '@tlkit/sql/duckdb';
import { UsageError } from '../errors.js';
import { checkRegularFile, writeFileAtomic } from '../files.js';
import { parseList } from './options.js';

export interface MomentsFlags {
  sql?: boolean;
  dialect: string;
  source?: string;
  table?: string;
  label: string;
  features?: string;
  ignore?: string;
  weight?: string;
  out?: string;
}

function sourceOf(flags: MomentsFlags): MomentsSource {
  if ((flags.source === undefined) === (flags.table === undefined))
    throw new UsageError('moments takes either --source FILE or --table NAME');
  return flags.table !== undefined ? { table: flags.table } : { file: flags.source as string };
}

/** Feature columns: --features as given, else every numeric column of a local --source (DuckDB reads its types). */
async function featuresOf(flags: MomentsFlags): Promise<{ features: string[]; columns?: string[] }> {
  if (flags.features !== undefined) return { features: parseList(flags.features) };
  if (flags.source === undefined) throw new UsageError('--table needs --features COLUMNS (the query cannot see the table from here)');
  checkRegularFile(flags.source, 'DuckDB');
  const columns = await describeSource(flags.source);
  const options = { label: flags.label, weight: flags.weight, ignore: flags.ignore ? parseList(flags.ignore) : undefined };
  return { features: featureColumns(flags.source, columns, options), columns: columns.map((c) => c.name) };
}

/**
 * `tlkit moments`: ridge's sufficient statistics of a source. With --sql, the query itself (DuckDB or Spark SQL) for
 * an engine that holds the data; without, the query run here on DuckDB and its one-row result as JSON, which
 * `tlkit fit --moments` reads.
 */
export async function momentsCommand(flags: MomentsFlags): Promise<void> {
  if (!SQL_DIALECTS.includes(flags.dialect as SqlDialect)) throw new UsageError(`--dialect must be one of ${SQL_DIALECTS.join(', ')}`);
  const from = sourceOf(flags);
  const write = (text: string) => (flags.out ? writeFileAtomic(flags.out, text) : process.stdout.write(text));
  if (flags.sql) {
    const { features, columns } = await featuresOf(flags);
    write(
      `${momentsQuery({ from, features, label: flags.label, weight: flags.weight, columns, dialect: flags.dialect as SqlDialect })};\n`,
    );
    return;
  }
  if (flags.table !== undefined) throw new UsageError('--table names a table of another engine: print its query with --sql');
  if (flags.dialect !== 'duckdb') throw new UsageError('moments runs the query on DuckDB; --dialect spark needs --sql');
  checkRegularFile(flags.source as string, 'DuckDB');
  const { row } = await duckdbMoments({
    source: flags.source as string,
    label: flags.label,
    weight: flags.weight,
    features: flags.features ? parseList(flags.features) : undefined,
    ignore: flags.ignore ? parseList(flags.ignore) : undefined,
  });
  write(`${JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}\n`);
}
