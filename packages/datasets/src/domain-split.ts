import { tableFromRecords, type Table } from '@tlkit/tensor-core';
import type { TaskInfo } from './transfer-task.js';

type Value = string | number | null;

/**
 * Splits vendored rows into source and target tables by the domain column: keeps the task's features and
 * label, drops rows with a missing value in any of them (reported in the description, not hidden).
 */
export function splitDomains(
  info: TaskInfo,
  columns: readonly string[],
  rows: readonly (readonly Value[])[],
  derive: (record: Record<string, Value>) => Record<string, Value> = (r) => r,
): { source: Table; target: Table } {
  const keep = [...info.features, info.label];
  const source: Record<string, Value>[] = [];
  const target: Record<string, Value>[] = [];
  for (const row of rows) {
    const record = derive(Object.fromEntries(columns.map((c, j) => [c, row[j]])));
    if (keep.some((c) => !(c in record) || record[c] === null)) continue;
    const domain = record[info.domains.column];
    if (domain === info.domains.source) source.push(record);
    else if (domain === info.domains.target) target.push(record);
  }
  return {
    source: tableFromRecords(source, { columns: keep, source: `${info.name} (source: ${info.domains.source})` }),
    target: tableFromRecords(target, { columns: keep, source: `${info.name} (target: ${info.domains.target})` }),
  };
}
