import {
  describeColumns,
  describeRow,
  isHighCardinality,
  isMostlyNumeric,
  numberCellProblem,
  type ColumnAdvice,
  type ColumnReport,
  type Table,
} from '@tlkit/tensor-core';

/** What the user chose for a column's type: the library's inference, or a forced type. */
export type TypeChoice = 'auto' | 'numeric' | 'categorical' | 'date';

export interface ColumnChoice {
  readonly ignore: boolean;
  readonly type: TypeChoice;
}

/** The panel's choices as lists of column names: what crosses to the worker with a run. */
export interface ColumnSettings {
  readonly ignore: readonly string[];
  readonly numeric: readonly string[];
  readonly categorical: readonly string[];
  readonly dates: readonly string[];
  /** Leave out rows with a missing value (the CLI's --drop-missing) instead of stopping at the first. */
  readonly dropMissing: boolean;
}

/** A column as the panel shows it: the library's report plus, for a column of numbers with stray cells, the first one. */
export interface PanelColumn extends ColumnReport {
  /** Where the first cell that is not a number sits ("typo.csv line 42") and what is wrong with it. */
  readonly stray?: { readonly where: string; readonly problem: string };
}

/**
 * How the run's messages name the ways out of a column problem: the panel's controls, each followed by the column's
 * name (the library writes "parse it as dates with ${advice.dates} ${name}"), as the CLI's messages name its flags.
 */
const PANEL_ADVICE: ColumnAdvice = {
  ignore: 'the column panel\'s "ignore" box for',
  categorical: 'the column panel\'s type "categorical" for',
  numeric: 'the column panel\'s type "numeric" for',
  dates: 'the column panel\'s type "date" for',
  drop: 'its "Ignore flagged columns" button',
};

export const AUTO: ColumnChoice = { ignore: false, type: 'auto' };

/** Every column of a table described by the library (`describeColumns`, what `tlkit columns` prints), strays located. */
export function panelColumns(table: Table): PanelColumn[] {
  return describeColumns(table).map((report, j) => {
    if (report.firstNonNumber === undefined) return report;
    const i = report.firstNonNumber;
    return { ...report, stray: { where: describeRow(table, i), problem: numberCellProblem(table.rows[i][j]) } };
  });
}

/** The panel's choices as the lists a run takes; the label is never ignored or retyped here (the task kind types it). */
export function columnSettings(choices: ReadonlyMap<string, ColumnChoice>, label: string | undefined, dropMissing = false): ColumnSettings {
  const pick = (keep: (c: ColumnChoice) => boolean) => [...choices].filter(([name, c]) => name !== label && keep(c)).map(([name]) => name);
  return {
    ignore: pick((c) => c.ignore),
    numeric: pick((c) => !c.ignore && c.type === 'numeric'),
    categorical: pick((c) => !c.ignore && c.type === 'categorical'),
    dates: pick((c) => !c.ignore && c.type === 'date'),
    dropMissing,
  };
}

/**
 * prepareTables' options for the panel's settings: the library's schema inference with these columns forced, a
 * high-cardinality text column refused (never one-hot encoded silently), and messages that name the panel's controls.
 */
export function prepareColumnOptions(settings: ColumnSettings | undefined) {
  return {
    ignore: [...(settings?.ignore ?? [])],
    missing: settings?.dropMissing ? ('drop' as const) : ('error' as const),
    columns: {
      numeric: [...(settings?.numeric ?? [])],
      categorical: [...(settings?.categorical ?? [])],
      dates: [...(settings?.dates ?? [])],
      highCardinality: 'error' as const,
      advice: PANEL_ADVICE,
    },
  };
}

/** The types a column can be given: numeric where it holds numbers, date where it holds ISO dates. */
export function typeChoices(report: ColumnReport): TypeChoice[] {
  return ['auto', ...(report.numbers > 0 ? ['numeric' as const] : []), 'categorical', ...(report.dates > 0 ? ['date' as const] : [])];
}

export interface PanelRow {
  readonly name: string;
  /** What the library inferred from the source's cells: numeric, date, text or empty. */
  readonly inferred: string;
  /** Distinct values in the source and, when the target has the column, in the target. */
  readonly distinct: string;
  /** Missing cells in the source and, when the target has the column, in the target. */
  readonly missing: string;
  /** How the run reads the column with the current choices. */
  readonly readAs: string;
  /** Set when the run will refuse the column as it stands (the run's own message says the same, with the cell). */
  readonly refused: boolean;
  /** What the refusal is about: the column's type, its missing cells, or the target lacking it. */
  readonly problem?: 'type' | 'missing' | 'target';
}

const s = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** How the run reads a column nothing was forced for: the library's rules (inferSchema), in the panel's words. */
function automatic(r: PanelColumn): { readAs: string; refused: boolean } {
  switch (r.kind) {
    case 'numeric':
      return { readAs: 'a number', refused: false };
    case 'empty':
      return { readAs: 'no values: ignore it', refused: true };
    case 'date':
      return isHighCardinality(r)
        ? { readAs: `dates, too many distinct values to one-hot encode: choose type "date" (days since 1970) or ignore it`, refused: true }
        : { readAs: `${s(r.distinct, 'one-hot column')} (type "date" reads them as numbers)`, refused: false };
    case 'text':
      if (isMostlyNumeric(r)) {
        const where = r.stray ? ` (first: ${r.stray.where}, ${r.stray.problem})` : '';
        return {
          readAs: `numbers with ${s(r.values - r.numbers, 'stray cell')}${where}: fix the file, ignore it, or choose "categorical"`,
          refused: true,
        };
      }
      return isHighCardinality(r)
        ? { readAs: 'too many distinct values to one-hot encode (an id or free text?): ignore it, or choose "categorical"', refused: true }
        : { readAs: s(r.distinct, 'one-hot column'), refused: false };
  }
}

function forced(r: PanelColumn, type: Exclude<TypeChoice, 'auto'>): { readAs: string; refused: boolean } {
  if (type === 'categorical') return { readAs: `${s(r.distinct, 'one-hot column')} (forced)`, refused: false };
  if (type === 'numeric') {
    const bad = r.values - r.numbers;
    return bad === 0
      ? { readAs: 'a number (forced)', refused: false }
      : {
          readAs: `a number, but ${s(bad, 'cell')} ${bad === 1 ? 'is not one' : 'are not'}${r.stray ? ` (${r.stray.where})` : ''}`,
          refused: true,
        };
  }
  const bad = r.values - r.dates;
  return bad === 0
    ? { readAs: 'days since 1970-01-01 (a number)', refused: false }
    : { readAs: `days since 1970-01-01, but ${s(bad, 'cell')} ${bad === 1 ? 'is not an ISO date' : 'are not ISO dates'}`, refused: true };
}

/** The panel's rows: each source column with its inferred type, distinct counts and how the run will read it. */
export function panelRows(
  source: readonly PanelColumn[],
  target: readonly ColumnReport[] | undefined,
  choices: ReadonlyMap<string, ColumnChoice>,
  label: string | undefined,
  options: { readonly dropMissing?: boolean } = {},
): PanelRow[] {
  const inTarget = new Map((target ?? []).map((r) => [r.name, r]));
  return source.map((r): PanelRow => {
    const t = inTarget.get(r.name);
    const pair = (a: number, b: number | undefined) => (target === undefined ? String(a) : `${a} / ${b ?? '—'}`);
    const base = { name: r.name, inferred: r.kind, distinct: pair(r.distinct, t?.distinct), missing: pair(r.missing, t?.missing) };
    const choice = choices.get(r.name) ?? AUTO;
    if (target !== undefined && t === undefined)
      return { ...base, readAs: 'not in the target file (both need the same columns)', refused: true, problem: 'target' };
    if (r.name !== label && choice.ignore) return { ...base, readAs: 'left out', refused: false };
    const reading =
      r.name === label ? { readAs: 'the label', refused: false } : choice.type === 'auto' ? automatic(r) : forced(r, choice.type);
    if (reading.refused) return { ...base, ...reading, problem: 'type' };
    const missing = r.missing + (t?.missing ?? 0);
    if (missing === 0 || r.kind === 'empty') return { ...base, ...reading };
    if (options.dropMissing) return { ...base, readAs: `${reading.readAs}; rows missing it are left out`, refused: false };
    return {
      ...base,
      readAs: `${reading.readAs}; ${s(missing, 'missing cell')}: the run stops at the first (or leave out rows with a missing value)`,
      refused: true,
      problem: 'missing',
    };
  });
}

/** The columns the run would refuse for their type, which ignoring fixes (not the label; not a column the target lacks). */
export function flaggedColumns(rows: readonly PanelRow[], label: string | undefined): string[] {
  return rows.filter((r) => r.problem === 'type' && r.name !== label).map((r) => r.name);
}

/** The target's columns the source lacks, in words, or undefined when there are none. */
export function extraTargetColumns(
  source: readonly ColumnReport[],
  target: readonly ColumnReport[],
  targetName: string,
): string | undefined {
  const names = new Set(source.map((r) => r.name));
  const extra = target.filter((r) => !names.has(r.name)).map((r) => `"${r.name}"`);
  return extra.length === 0
    ? undefined
    : `${targetName} has ${extra.length === 1 ? 'a column' : 'columns'} the source lacks: ${extra.join(', ')}`;
}
