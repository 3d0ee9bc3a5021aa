import { Random } from './random.js';

/** Row indices of one split. */
export interface Split {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

export interface TrainTestSplitOptions {
  /** Fraction (0, 1) or count of rows in the test part. Default 0.25. */
  readonly testSize?: number;
  readonly seed?: number | Random;
  /** Labels to keep class proportions equal in both parts. */
  readonly stratify?: readonly unknown[];
}

function testCount(n: number, testSize: number, fn: string): number {
  const count = testSize < 1 ? Math.round(n * testSize) : testSize;
  if (!(testSize > 0) || !Number.isInteger(count) || count < 1 || count >= n) {
    throw new RangeError(`${fn}: testSize must give between 1 and ${n - 1} test rows of ${n}, got ${testSize}`);
  }
  return count;
}

function groupByLabel(labels: readonly unknown[]): Map<unknown, number[]> {
  const groups = new Map<unknown, number[]>();
  labels.forEach((label, i) => {
    const g = groups.get(label);
    if (g) g.push(i);
    else groups.set(label, [i]);
  });
  return groups;
}

function sorted(values: number[]): Int32Array {
  return Int32Array.from(values).sort();
}

/** A random train/test split of n rows, optionally stratified by label. */
export function trainTestSplit(n: number, options: TrainTestSplitOptions = {}): Split {
  const rng = Random.from(options.seed);
  const nTest = testCount(n, options.testSize ?? 0.25, 'trainTestSplit');
  if (!options.stratify) {
    const p = rng.permutation(n);
    return { train: sorted(Array.from(p.subarray(nTest))), test: sorted(Array.from(p.subarray(0, nTest))) };
  }
  if (options.stratify.length !== n) {
    throw new RangeError(`trainTestSplit: stratify has ${options.stratify.length} labels, expected ${n}`);
  }
  const test: number[] = [];
  const train: number[] = [];
  for (const rows of groupByLabel(options.stratify).values()) {
    rng.shuffle(rows);
    const k = Math.round((rows.length * nTest) / n);
    appendRange(test, rows, 0, k);
    appendRange(train, rows, k, rows.length);
  }
  return { train: sorted(train), test: sorted(test) };
}

export interface KFoldOptions {
  readonly shuffle?: boolean;
  readonly seed?: number | Random;
  /** Labels for stratified folds. */
  readonly stratify?: readonly unknown[];
}

/** k folds over n rows: each row is in exactly one test fold. Stratified when labels are given. */
export function kFold(n: number, k: number, options: KFoldOptions = {}): Split[] {
  if (!Number.isInteger(k) || k < 2 || k > n) {
    throw new RangeError(`kFold: k must be an integer in [2, ${n}] for ${n} rows, got ${k}`);
  }
  const rng = Random.from(options.seed);
  const foldOf = new Int32Array(n);
  if (options.stratify) {
    if (options.stratify.length !== n) {
      throw new RangeError(`kFold: stratify has ${options.stratify.length} labels, expected ${n}`);
    }
    let offset = 0;
    for (const rows of groupByLabel(options.stratify).values()) {
      if (options.shuffle !== false) rng.shuffle(rows);
      rows.forEach((row, i) => (foldOf[row] = (offset + i) % k));
      offset += rows.length;
    }
  } else {
    const order = options.shuffle === false ? Int32Array.from({ length: n }, (_, i) => i) : rng.permutation(n);
    const base = Math.floor(n / k);
    const extra = n % k;
    let pos = 0;
    for (let f = 0; f < k; f++) {
      const size = base + (f < extra ? 1 : 0);
      for (let i = 0; i < size; i++) foldOf[order[pos++]] = f;
    }
  }
  const folds: Split[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === f ? test : train).push(i);
    folds.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return folds;
}

export interface LabelledSampleOptions {
  readonly seed?: number | Random;
  /** Labels of all rows: draw stratified (proportional) or, with `perClass`, k rows of every class. */
  readonly labels?: readonly unknown[];
  /** With labels: k is per class rather than in total. */
  readonly perClass?: boolean;
}

/**
 * Draws k labelled rows from n (the rest is the test part): in total, stratified by label when labels are given,
 * or k per class. Every class keeps at least one row in the sample when stratified and k allows it.
 */
export function sampleLabelled(n: number, k: number, options: LabelledSampleOptions = {}): Split {
  const rng = Random.from(options.seed);
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`sampleLabelled: k must be a non-negative integer, got ${k}`);
  const labels = options.labels;
  if (!labels) {
    if (k > n) throw new RangeError(`sampleLabelled: asked for ${k} labelled rows, only ${n} exist`);
    const p = rng.permutation(n);
    return { train: sorted(Array.from(p.subarray(0, k))), test: sorted(Array.from(p.subarray(k))) };
  }
  if (labels.length !== n) throw new RangeError(`sampleLabelled: labels has ${labels.length} entries, expected ${n}`);
  const groups = [...groupByLabel(labels).entries()];
  const quota = new Map<unknown, number>();
  if (options.perClass) {
    for (const [label, rows] of groups) {
      if (rows.length < k) {
        throw new RangeError(`sampleLabelled: class ${String(label)} has ${rows.length} rows, fewer than ${k} per class`);
      }
      quota.set(label, k);
    }
  } else {
    if (k > n) throw new RangeError(`sampleLabelled: asked for ${k} labelled rows, only ${n} exist`);
    // Largest-remainder apportionment, with one row per class first when k covers every class.
    const floorAt = k >= groups.length ? 1 : 0;
    let assigned = 0;
    const remainders: [unknown, number][] = [];
    for (const [label, rows] of groups) {
      const exact = (rows.length * k) / n;
      const q = Math.min(rows.length, Math.max(floorAt, Math.floor(exact)));
      quota.set(label, q);
      assigned += q;
      remainders.push([label, exact - Math.floor(exact)]);
    }
    remainders.sort((a, b) => b[1] - a[1]);
    for (let i = 0; assigned > k; i = (i + 1) % groups.length) {
      const label = remainders[remainders.length - 1 - i][0];
      const q = quota.get(label) ?? 0;
      if (q > 1) {
        quota.set(label, q - 1);
        assigned--;
      }
    }
    for (let i = 0; assigned < k; i = (i + 1) % groups.length) {
      const label = remainders[i][0];
      const rows = groups.find((g) => g[0] === label)?.[1] ?? [];
      const q = quota.get(label) ?? 0;
      if (q < rows.length) {
        quota.set(label, q + 1);
        assigned++;
      }
    }
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const [label, rows] of groups) {
    rng.shuffle(rows);
    const q = quota.get(label) ?? 0;
    appendRange(train, rows, 0, q);
    appendRange(test, rows, q, rows.length);
  }
  return { train: sorted(train), test: sorted(test) };
}

/** out.push(...values.slice(from, to)) without spreading: a spread of 10^5+ values overflows the call stack. */
function appendRange(out: number[], values: readonly number[], from: number, to: number): void {
  for (let i = from; i < Math.min(to, values.length); i++) out.push(values[i]);
}
