import { BadDataError, parseCsv } from '@tlkit/tensor-core';
import { MOMENTS_FORMAT, momentsColumn } from './moments-query.js';

/** The one-row result of momentsQuery, read back: names, counts and the shifted sums, as numbers. */
export interface MomentsResult {
  readonly features: readonly string[];
  readonly label: string;
  readonly weight: string | undefined;
  /** Every column of the table the query ran on (for the model's schema). */
  readonly columns: readonly string[];
  /** Rows of the table, and those with every used value present and finite (the ones summed). */
  readonly rowsRead: number;
  readonly rows: number;
  readonly weightSum: number;
  readonly logWeightSum: number;
  readonly minWeight: number;
  /** The shifts (near the means) of x1 … xd, then y. */
  readonly shift: Float64Array;
  /** Σw(v − shift) of x1 … xd, then y. */
  readonly sums: Float64Array;
  /** Σw(vₐ − shiftₐ)(v_b − shift_b) over x1 … xd, y: (d+1) × (d+1), row-major, symmetric. */
  readonly products: Float64Array;
  /** Unweighted Σ(x − shift) and Σ(x − shift)² per feature (the scaler's); the weighted ones without weights. */
  readonly plainSums: Float64Array;
  readonly plainSquares: Float64Array;
}

type Row = Readonly<Record<string, unknown>>;

function field(row: Row, name: string, where: string): unknown {
  const key = Object.keys(row).find((k) => k.toLowerCase() === name);
  if (key === undefined)
    throw new BadDataError(`${where}: the moments result has no column "${name}" (is it the output of tlkit moments --sql?)`, {
      source: where,
    });
  return row[key];
}

function numberField(row: Row, name: string, where: string): number {
  const v = field(row, name, where);
  const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) {
    throw new BadDataError(
      `${where}: column "${name}" of the moments result is ${JSON.stringify(typeof v === 'bigint' ? String(v) : v)}, not a finite number`,
      { source: where, column: name },
    );
  }
  return n;
}

function namesField(row: Row, name: string, where: string): string[] {
  const v = field(row, name, where);
  try {
    const parsed = JSON.parse(String(v)) as unknown;
    if (Array.isArray(parsed) && parsed.every((s) => typeof s === 'string')) return parsed;
  } catch {
    // reported below
  }
  throw new BadDataError(`${where}: column "${name}" of the moments result is not a JSON list of names`, { source: where, column: name });
}

/** Reads the one-row result of momentsQuery from a row object (as an engine returns it, or a parsed export). */
export function momentsFromRow(row: Row, where = 'moments'): MomentsResult {
  const format = field(row, 'tlkit_format', where);
  if (format !== MOMENTS_FORMAT)
    throw new BadDataError(`${where}: tlkit_format is ${JSON.stringify(format)}, this tlkit reads "${MOMENTS_FORMAT}"`, { source: where });
  const features = namesField(row, 'tlkit_features', where);
  const label = String(field(row, 'tlkit_label', where));
  const weightName = field(row, 'tlkit_weight', where);
  const weight = typeof weightName === 'string' && weightName !== '' ? weightName : undefined;
  const d = features.length;
  const rows = numberField(row, 'n', where);
  const rowsRead = numberField(row, 'rows_read', where);
  const base = { features, label, weight, columns: namesField(row, 'tlkit_columns', where), rowsRead, rows };
  const shift = new Float64Array(d + 1);
  const sums = new Float64Array(d + 1);
  const products = new Float64Array((d + 1) * (d + 1));
  if (rows === 0) {
    return {
      ...base,
      weightSum: 0,
      logWeightSum: 0,
      minWeight: NaN,
      shift,
      sums,
      products,
      plainSums: sums,
      plainSquares: new Float64Array(d),
    };
  }
  const index = (j: number): number | 'y' => (j === d ? 'y' : j + 1);
  for (let a = 0; a <= d; a++) {
    shift[a] = numberField(row, momentsColumn.shift(index(a)), where);
    sums[a] = numberField(row, momentsColumn.sum(index(a)), where);
    for (let b = a; b <= d; b++) {
      const name = a === d ? 'sum_y_y' : momentsColumn.product(a + 1, index(b));
      products[a * (d + 1) + b] = products[b * (d + 1) + a] = numberField(row, name, where);
    }
  }
  const plainSquares = Float64Array.from({ length: d }, (_, j) => products[j * (d + 1) + j]);
  if (weight === undefined) {
    return { ...base, weightSum: rows, logWeightSum: 0, minWeight: 1, shift, sums, products, plainSums: sums.subarray(0, d), plainSquares };
  }
  return {
    ...base,
    weightSum: numberField(row, 'sum_w', where),
    logWeightSum: numberField(row, 'sum_log_w', where),
    minWeight: numberField(row, 'min_w', where),
    shift,
    sums,
    products,
    plainSums: Float64Array.from({ length: d }, (_, j) => numberField(row, momentsColumn.plainSum(j + 1), where)),
    plainSquares: Float64Array.from({ length: d }, (_, j) => numberField(row, momentsColumn.plainSquare(j + 1), where)),
  };
}

/** One JSON document (an object or an array of them) or JSON lines. */
function parseJsonRows(text: string): Row[] {
  let values: unknown[];
  try {
    values = [JSON.parse(text)];
  } catch (error) {
    if (!text.startsWith('{')) throw error;
    values = text
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as unknown);
  }
  return values.flatMap((v): unknown[] => (Array.isArray(v) ? (v as unknown[]) : [v])) as Row[];
}

/**
 * Reads an exported moments result: CSV with a header (DuckDB's COPY … (HEADER), Spark's `df.write.csv` with
 * header), a JSON object, a JSON array of one object, or JSON lines (Spark's and BigQuery's JSON export). Numbers
 * may be JSON numbers or strings (BigQuery writes INT64 as strings).
 */
export function readMomentsText(text: string, where = 'moments'): MomentsResult {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new BadDataError(`${where}: the moments file is empty`, { source: where });
  let rows: Row[];
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      rows = parseJsonRows(trimmed);
    } catch (error) {
      throw new BadDataError(`${where}: not valid JSON (${(error as Error).message})`, { source: where });
    }
  } else {
    const table = parseCsv(trimmed, { source: where });
    rows = table.rows.map((r) => Object.fromEntries(table.columns.map((c, j) => [c, r[j] ?? ''])));
  }
  if (rows.length !== 1 || typeof rows[0] !== 'object' || (rows[0] as unknown) === null) {
    throw new BadDataError(`${where}: a moments result has exactly one row, this one has ${rows.length}`, { source: where });
  }
  return momentsFromRow(rows[0], where);
}
