import { BadDataError, vstack, type Table } from '@tlkit/tensor-core';
import type { ClassLabel } from '@tlkit/ridge';
import type { ExperimentData, NamedSource, PrepareOptions, SourceTable } from './experiment-data.js';

type PrepareOne = (source: Table, target: Table, options: PrepareOptions) => ExperimentData;

export function isSourceList(source: Table | readonly SourceTable[]): source is readonly SourceTable[] {
  return Array.isArray(source);
}

function checkList(sources: readonly SourceTable[]): void {
  const fn = 'prepareTables';
  if (sources.length === 0) throw new RangeError(`${fn}: give at least one source`);
  const names = new Set<string>();
  sources.forEach((s, i) => {
    if (typeof s.name !== 'string' || s.name.length === 0) throw new TypeError(`${fn}: source ${i} has no name`);
    if (names.has(s.name)) throw new RangeError(`${fn}: two sources are named "${s.name}"`);
    names.add(s.name);
  });
  const first = sources[0];
  const where = (s: SourceTable) => s.table.source ?? s.name;
  for (const s of sources.slice(1)) {
    const missing = first.table.columns.find((c) => !s.table.columns.includes(c));
    if (missing !== undefined)
      throw new BadDataError(`${where(s)}: has no column "${missing}", which ${where(first)} has (every source needs the same columns)`);
    const extra = s.table.columns.find((c) => !first.table.columns.includes(c));
    if (extra !== undefined)
      throw new BadDataError(`${where(s)}: has a column "${extra}" that ${where(first)} lacks (every source needs the same columns)`);
  }
}

/** The sources' rows in one table, in the first source's column order. */
function concatenate(sources: readonly SourceTable[]): Table {
  const columns = sources[0].table.columns;
  const rows: (typeof sources)[number]['table']['rows'][number][] = [];
  const lines: number[] = [];
  for (const { table } of sources) {
    const order = columns.map((c) => table.columns.indexOf(c));
    for (const row of table.rows) rows.push(order.map((j) => row[j]));
    for (const line of table.lines) lines.push(line);
  }
  const kinds = new Set(sources.map((s) => s.table.lineKind ?? 'line'));
  const lineKind = kinds.size === 1 ? [...kinds][0] : undefined;
  return { columns, rows, lines, source: sources.map((s) => s.name).join(' + '), ...(lineKind ? { lineKind } : {}) };
}

/**
 * Several sources for one experiment: the schema and scaler are fitted on all their rows together (so every source's
 * weights live in one space), each source is then encoded on its own (its errors name its file), and `Xs`/`ys` hold
 * their rows stacked in the order given.
 */
export function prepareSources(
  sources: readonly SourceTable[],
  target: Table,
  options: PrepareOptions,
  prepareOne: PrepareOne,
): ExperimentData {
  checkList(sources);
  if (sources.length === 1) return prepareOne(sources[0].table, target, options);
  const data = prepareOne(concatenate(sources), target, options);
  const preprocessor = data.preprocessor;
  if (!preprocessor) throw new Error('prepareTables: no preprocessor for the sources');
  const missing = options.missing ?? 'error';
  const named: NamedSource[] = sources.map(({ name, table }) => {
    const rows = preprocessor.transform({ ...table, source: table.source ?? name }, { missing });
    const at = table.source ?? name;
    if (rows.X.rows < 2) throw new BadDataError(`${at}: needs at least 2 usable rows, has ${rows.X.rows}`);
    if (!rows.y) throw new BadDataError(`${at}: no label column "${options.label}"`);
    const y = data.task === 'regression' ? (rows.y as Float64Array) : [...(rows.y as readonly ClassLabel[])];
    return { name, X: rows.X, y };
  });
  return { ...data, Xs: vstack(named.map((s) => s.X)), sources: named };
}
