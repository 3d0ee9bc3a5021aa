import {
  BadDataError,
  StandardScaler,
  checkOneOf,
  columnIndex,
  encodeTable,
  inferSchema,
  type DenseMatrix,
  type StandardScalerJSON,
  type Table,
  type TableSchema,
  type InferSchemaOptions,
} from '@tlkit/tensor-core';
import type { ClassLabel } from '@tlkit/ridge';

export type TaskKind = 'regression' | 'classification';

/** Both domains encoded with the source's schema and standardised with the source's statistics. */
export interface ExperimentData {
  readonly task: TaskKind;
  readonly Xs: DenseMatrix;
  readonly ys: Float64Array | readonly ClassLabel[];
  readonly Xt: DenseMatrix;
  readonly yt: Float64Array | readonly ClassLabel[];
  /** Classification: every class of either domain, source classes first. */
  readonly classes?: readonly ClassLabel[];
  readonly featureNames: readonly string[];
  /** Image rows: [height, width, channels] (lets neural methods use a CNN). */
  readonly inputShape?: readonly number[];
  readonly schema?: TableSchema;
  readonly scaler?: StandardScalerJSON;
}

export interface PrepareOptions {
  readonly label: string;
  /** 'auto' (default): classification when the label is not numeric or has at most 20 distinct integer values. */
  readonly task?: TaskKind | 'auto';
  /** Columns that are neither features nor label. */
  readonly ignore?: readonly string[];
  /** Rows with a missing value: 'error' (default, naming the line) or 'drop'. */
  readonly missing?: 'error' | 'drop';
  readonly inputShape?: readonly number[];
  /** How columns are read (forced types, dates, high-cardinality text): inferSchema's options. */
  readonly columns?: Omit<InferSchemaOptions, 'label' | 'labelType' | 'features'>;
}

/** Classification when the label is not numeric or has at most 20 distinct integer values; regression otherwise. */
export function guessTask(table: Table, label: string): TaskKind {
  const j = columnIndex(table, label, 'label column');
  const values = new Set<string>();
  for (const row of table.rows) if (row[j] !== null) values.add(row[j]);
  const numeric = [...values].every((v) => /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v.trim()));
  if (!numeric) return 'classification';
  const integers = [...values].every((v) => Number.isInteger(Number(v)));
  return integers && values.size <= 20 ? 'classification' : 'regression';
}

/** Encodes a source and a target table for an experiment: schema and scaler from the source, the target checked against them. */
export function prepareTables(source: Table, target: Table, options: PrepareOptions): ExperimentData {
  const fn = 'prepareTables';
  const task = checkOneOf(fn, 'task', options.task ?? 'auto', ['auto', 'regression', 'classification']);
  const kind: TaskKind = task === 'auto' ? guessTask(source, options.label) : task;
  const schema = inferSchema(source, {
    ...options.columns,
    label: options.label,
    ignore: options.ignore ?? options.columns?.ignore,
    labelType: kind === 'classification' ? 'categorical' : 'numeric',
  });
  const missing = options.missing ?? 'error';
  const src = encodeTable(source, schema, { missing });
  const tgt = encodeTable(target, schema, { missing });
  if (src.X.rows < 2) throw new BadDataError(`${source.source ?? 'source'}: needs at least 2 usable rows, has ${src.X.rows}`);
  if (tgt.X.rows < 2) throw new BadDataError(`${target.source ?? 'target'}: needs at least 2 usable rows, has ${tgt.X.rows}`);
  const scaler = new StandardScaler().fit(src.X);
  const labels = (y: Float64Array | readonly string[] | undefined): Float64Array | readonly ClassLabel[] =>
    kind === 'regression' ? (y as Float64Array) : [...(y as readonly string[])];
  const ys = labels(src.y);
  const yt = labels(tgt.y);
  const classes =
    kind === 'classification'
      ? [...new Set([...(ys as readonly ClassLabel[]), ...(yt as readonly ClassLabel[])])].sort((a, b) => {
          const sa = (ys as readonly ClassLabel[]).includes(a);
          const sb = (ys as readonly ClassLabel[]).includes(b);
          return sa === sb ? String(a).localeCompare(String(b), undefined, { numeric: true }) : sa ? -1 : 1;
        })
      : undefined;
  return {
    task: kind,
    Xs: scaler.transform(src.X),
    ys,
    Xt: scaler.transform(tgt.X),
    yt,
    classes,
    featureNames: src.featureNames,
    inputShape: options.inputShape,
    schema,
    scaler: scaler.toJSON(),
  };
}
