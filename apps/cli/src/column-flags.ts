import type { Command } from 'commander';
import type { ColumnAdvice, InferSchemaOptions } from '@tlkit/tensor-core';
import { parseList } from './commands/options.js';
import { printable } from './printable.js';

/** The flags that steer how columns are read, shared by compare and fit. */
export interface ColumnFlags {
  readonly ignore?: string;
  readonly numeric?: string;
  readonly categorical?: string;
  /** A list of columns, or true for every column of ISO dates. */
  readonly dates?: string | boolean;
  readonly dropHighCardinality?: boolean;
}

/** How messages name the ways out of a column problem: the CLI's flags. */
export const CLI_ADVICE: ColumnAdvice = {
  ignore: '--ignore',
  categorical: '--categorical',
  numeric: '--numeric',
  dates: '--dates',
  drop: '--drop-high-cardinality',
};

/** Adds the column flags to a command (`--ignore` is each command's own, since its help differs). */
export function withColumnFlags(command: Command): Command {
  return command
    .option('--numeric <columns>', 'comma-separated columns read as numbers (a cell that is not one is an error)')
    .option('--categorical <columns>', 'comma-separated columns one-hot encoded even when they hold numbers')
    .option('--dates [columns]', 'read ISO dates (YYYY-MM-DD[THH:MM…]) as numbers (days since 1970): these columns, or every date column')
    .option('--drop-high-cardinality', 'leave out text columns with too many distinct values (ids, dates, free text), with a warning');
}

/** The schema options of the column flags; warnings go to stderr as one line each. */
export function columnOptionsOf(flags: ColumnFlags): InferSchemaOptions {
  const list = (value: string | undefined) => (value === undefined ? undefined : parseList(value));
  return {
    ignore: list(flags.ignore),
    numeric: list(flags.numeric),
    categorical: list(flags.categorical),
    dates: flags.dates === true ? 'auto' : typeof flags.dates === 'string' ? parseList(flags.dates) : undefined,
    highCardinality: flags.dropHighCardinality ? 'drop' : 'error',
    onWarning: (message) => process.stderr.write(`tlkit: warning: ${printable(message, { oneLine: true })}\n`),
    advice: CLI_ADVICE,
  };
}
