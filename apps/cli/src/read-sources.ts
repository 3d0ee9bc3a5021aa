import { basename, extname, resolve } from 'node:path';
import { sameFile } from '@tlkit/tensor-core/node';
import { BadDataError, type Table } from '@tlkit/tensor-core';
import type { SourceTable } from '@tlkit/experiment';
import { UsageError } from './errors.js';
import { readTableFile } from './read-table.js';

/** A source's name in reports: its file name without the extension, or the path as given where two would collide. */
function sourceNames(paths: readonly string[]): string[] {
  const short = paths.map((p) => basename(p, extname(p)) || p);
  return short.map((name, i) => (short.filter((n) => n === name).length > 1 ? paths[i] : name));
}

/** Refuses a file given twice (as the same path, another spelling of it, or a link to it). */
function checkDistinctSources(paths: readonly string[]): void {
  paths.forEach((p, i) => {
    const twin = paths.slice(0, i).find((q) => resolve(q) === resolve(p) || sameFile(q, p));
    if (twin !== undefined) throw new UsageError(`--source: ${p} is the same file as ${twin}; give each source once`);
  });
}

/** Several sources must have the same columns: the first difference names both files and the column. */
function checkSameColumns(paths: readonly string[], tables: readonly Table[]): void {
  const first = tables[0]?.columns ?? [];
  tables.slice(1).forEach((t, i) => {
    const missing = first.find((c) => !t.columns.includes(c));
    if (missing !== undefined)
      throw new BadDataError(`${paths[i + 1]}: has no column "${missing}", which ${paths[0]} has (every --source needs the same columns)`);
    const extra = t.columns.find((c) => !first.includes(c));
    if (extra !== undefined)
      throw new BadDataError(`${paths[i + 1]}: has a column "${extra}" that ${paths[0]} lacks (every --source needs the same columns)`);
  });
}

/** The --source files, each read as a table and named after its file; refused when one is given twice or the columns differ. */
export async function readSourceTables(paths: readonly string[]): Promise<SourceTable[]> {
  checkDistinctSources(paths);
  const names = sourceNames(paths);
  const tables = await Promise.all(paths.map((p) => readTableFile(p)));
  checkSameColumns(paths, tables);
  return tables.map((table, i) => ({ name: names[i], table }));
}
