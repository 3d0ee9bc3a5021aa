import { formatCsv, type Table } from '@tlkit/tensor-core';

export type TaskKind = 'regression' | 'classification';

/** What a built-in source→target task is, before any row is loaded. */
export interface TaskInfo {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly kind: TaskKind;
  /** The label column. */
  readonly label: string;
  /** The feature columns (the tables hold exactly these and the label). */
  readonly features: readonly string[];
  /** How the domains differ: which column splits them, and the source and target values. */
  readonly domains: { readonly column: string; readonly source: string; readonly target: string };
  /** The npm package and file the rows come from. */
  readonly origin: string;
  readonly licence: string;
}

/** A loaded task: the source and target tables, with the same columns (features then label). */
export interface TransferTask extends TaskInfo {
  readonly source: Table;
  readonly target: Table;
}

/** The task as two CSV texts, the form the CLI reads from files. */
export function taskToCsv(task: TransferTask): { source: string; target: string } {
  return { source: formatCsv(task.source.columns, task.source.rows), target: formatCsv(task.target.columns, task.target.rows) };
}
