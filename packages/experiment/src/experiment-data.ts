import {
  BadDataError,
  Preprocessor,
  checkOneOf,
  columnIndex,
  type DenseMatrix,
  type InferSchemaOptions,
  type Table,
} from '@tlkit/tensor-core';
import { compareLabels, type ClassLabel } from '@tlkit/ridge';
import { isSourceList, prepareSources } from './prepare-sources.js';

export type TaskKind = 'regression' | 'classification';

/** Both domains encoded with the source's schema and standardised with the source's statistics. */
export interface ExperimentData {
  readonly task: TaskKind;
  readonly Xs: DenseMatrix;
  readonly ys: Float64Array | readonly ClassLabel[];
  readonly Xt: DenseMatrix;
  readonly yt: Float64Array | readonly ClassLabel[];
  /** Classification: every class of either domain, source classes first, each group in `compareLabels` order. */
  readonly classes?: readonly ClassLabel[];
  readonly featureNames: readonly string[];
  /** Image rows: [height, width, channels] (lets neural methods use a CNN). */
  readonly inputShape?: readonly number[];
  /** The source's schema and scaler that turned both tables into rows (what a saved model needs to read new rows). */
  readonly preprocessor?: Preprocessor;
  /** The source's classes, where the source rows themselves are absent (a fit from a saved source model). */
  readonly sourceClasses?: readonly ClassLabel[];
  /**
   * Several sources, each in the same encoded columns: `Xs`, `ys` are then their rows stacked in this order (the one
   * source the single-source methods see), and the multi-source methods (`multi:param`, `multi:pooled`) use them apart.
   */
  readonly sources?: readonly NamedSource[];
}

/** One source among several: its name (a file name, a site) and its rows and labels, in the target's columns. */
export interface NamedSource {
  readonly name: string;
  readonly X: DenseMatrix;
  readonly y: Float64Array | readonly ClassLabel[];
}

/** A source table with its name, for `prepareTables` with several sources. */
export interface SourceTable {
  readonly name: string;
  readonly table: Table;
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

/**
 * Encodes a source and a target table for an experiment: schema and scaler from the source, the target checked against
 * them. Several sources (`[{ name, table }, …]`, two or more) share one schema and scaler, fitted on all their rows;
 * every source must have the same columns.
 */
export function prepareTables(source: Table | readonly SourceTable[], target: Table, options: PrepareOptions): ExperimentData {
  if (isSourceList(source)) return prepareSources(source, target, options, prepareTables);
  const fn = 'prepareTables';
  const task = checkOneOf(fn, 'task', options.task ?? 'auto', ['auto', 'regression', 'classification']);
  const kind: TaskKind = task === 'auto' ? guessTask(source, options.label) : task;
  const missing = options.missing ?? 'error';
  const preprocessor = new Preprocessor({
    ...options.columns,
    label: options.label,
    ignore: options.ignore ?? options.columns?.ignore,
    labelType: kind === 'classification' ? 'categorical' : 'numeric',
    missing,
  });
  const src = preprocessor.fitTransform(source);
  if (src.X.rows < 2) throw new BadDataError(`${source.source ?? 'source'}: needs at least 2 usable rows, has ${src.X.rows}`);
  const tgt = preprocessor.transform(target, { missing });
  if (tgt.X.rows < 2) throw new BadDataError(`${target.source ?? 'target'}: needs at least 2 usable rows, has ${tgt.X.rows}`);
  const labels = (y: Float64Array | readonly string[] | undefined): Float64Array | readonly ClassLabel[] =>
    kind === 'regression' ? (y as Float64Array) : [...(y as readonly string[])];
  const ys = labels(src.y);
  const yt = labels(tgt.y);
  return {
    task: kind,
    Xs: src.X,
    ys,
    Xt: tgt.X,
    yt,
    classes: kind === 'classification' ? classOrder(ys as readonly ClassLabel[], yt as readonly ClassLabel[]) : undefined,
    featureNames: preprocessor.featureNames,
    inputShape: options.inputShape,
    preprocessor,
  };
}

/** The classes of both domains: the source's first (their model columns come first), then those new in the target. */
export function classOrder(source: readonly ClassLabel[], target: readonly ClassLabel[]): ClassLabel[] {
  const known = [...new Set(source)].sort(compareLabels);
  const seen = new Set(known);
  return [...known, ...[...new Set(target)].filter((c) => !seen.has(c)).sort(compareLabels)];
}
