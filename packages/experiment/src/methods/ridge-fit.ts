import { outerGram, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import type { ExperimentData } from '../experiment-data.js';
import { addMoments, kernelLeverages, leverages, looOutputs, momentsOf, type DesignMoments } from './ridge-loo.js';
import type { Diagnostic, DrawData, FittedMethod, Labels, MethodContext, RestoreInfo } from './method.js';

export type RidgeHead = RidgeCV | RidgeClassifierCV;

/** A head's outputs in the columns of `classes` (decision values; −1, "not this class", for a class it lacks). */
export function headOutputs(head: RidgeHead, Z: DenseMatrix, classes: readonly ClassLabel[] | undefined): DenseMatrix {
  if (!(head instanceof RidgeClassifierCV)) return head.predictMatrix(Z);
  return alignColumns(head.decisionFunction(Z), head.classes, classes ?? head.classes);
}

export function alignColumns(D: DenseMatrix, from: readonly ClassLabel[], to: readonly ClassLabel[]): DenseMatrix {
  if (from.length === to.length && from.every((c, i) => c === to[i])) return D;
  const index = to.map((c) => from.indexOf(c));
  const out = new Float64Array(D.rows * to.length).fill(-1);
  for (let i = 0; i < D.rows; i++) {
    index.forEach((j, c) => {
      if (j >= 0) out[i * to.length + c] = D.data[i * D.cols + j];
    });
  }
  return { rows: D.rows, cols: to.length, data: out };
}

/** The labels as the targets a ridge head fits: the values for regression, ±1 one-hot columns for classification. */
export function targetMatrix(y: Labels, classes: readonly ClassLabel[] | undefined): DenseMatrix {
  if (y instanceof Float64Array) return { rows: y.length, cols: 1, data: y };
  const k = classes?.length ?? 0;
  const data = new Float64Array(y.length * k).fill(-1);
  y.forEach((label, i) => {
    const c = classes?.indexOf(label) ?? -1;
    if (c >= 0) data[i * k + c] = 1;
  });
  return { rows: y.length, cols: k, data };
}

/** The prediction for output rows: the value (regression) or the class with the largest output (classification). */
export function labelsOf(P: DenseMatrix, classes: readonly ClassLabel[] | undefined): Labels {
  if (!classes) return Float64Array.from({ length: P.rows }, (_, i) => P.data[i * P.cols]);
  const out: ClassLabel[] = [];
  for (let i = 0; i < P.rows; i++) {
    let best = 0;
    for (let c = 1; c < P.cols; c++) if (P.data[i * P.cols + c] > P.data[i * P.cols + best]) best = c;
    out.push(classes[best]);
  }
  return out;
}

/**
 * A head's training rows other than the labelled target rows, with what leave-one-out needs of them computed on demand
 * and kept: their moments (for the d×d side) or their kernel matrix (for the n×n side, wide designs).
 */
export interface OtherRows {
  readonly rows: DenseMatrix;
  moments(): DesignMoments;
  /** rows·rowsᵀ. */
  kernel(): DenseMatrix;
}

export function otherRowsOf(rows: DenseMatrix): OtherRows {
  let moments: DesignMoments | undefined;
  let kernel: DenseMatrix | undefined;
  return { rows, moments: () => (moments ??= momentsOf(rows)), kernel: () => (kernel ??= outerGram(rows)) };
}

/** Other rows that are the same in every draw (the source rows, or a map of them that learns nothing from the target), kept once per experiment. */
export function cachedOtherRows(context: MethodContext, key: string, rows: () => DenseMatrix): OtherRows {
  let m = context.cache.get(key) as OtherRows | undefined;
  if (!m) {
    m = otherRowsOf(rows());
    context.cache.set(key, m);
  }
  return m;
}

export interface RidgeFitParts {
  readonly data: ExperimentData;
  readonly draw: DrawData;
  readonly head: RidgeHead;
  /** Rows as the head sees them (a feature map); default the rows themselves. */
  readonly map?: (X: DenseMatrix) => DenseMatrix;
  /** The head's training rows other than the labelled target rows, as it saw them (none: it saw only those). */
  readonly otherRows?: () => OtherRows;
  /**
   * The head refitted without labelled row i — alpha chosen again — for heads fitted on the labelled rows alone, whose
   * alpha the left-out row would otherwise have helped choose (an optimistic leave-one-out). Without it, leave-one-out
   * is the closed form at the fitted alpha, right for heads whose alpha the source rows settle.
   */
  readonly refitWithout?: (i: number) => RidgeHead;
  readonly predict?: (X: DenseMatrix) => Labels;
  readonly toJSON: () => unknown;
  readonly diagnostics?: Readonly<Record<string, Diagnostic>>;
  readonly dispose?: () => void;
}

/**
 * A fitted ridge-headed method: predictions, outputs in `data.classes` columns and exact leave-one-out outputs on the
 * labelled rows, from the head's alpha and the leverages of its training rows (see ridge-loo.ts).
 */
export function ridgeFitted(parts: RidgeFitParts): FittedMethod {
  const { data, draw, head } = parts;
  const map = parts.map ?? ((X: DenseMatrix) => X);
  const classes = data.classes;
  return {
    predict: parts.predict ?? ((X) => (head instanceof RidgeClassifierCV ? head.predict(map(X)) : head.predictMatrix(map(X)).data)),
    outputs: (X) => headOutputs(head, map(X), classes),
    leaveOneOut: () => {
      if (parts.refitWithout) return refitLeaveOneOut(draw, parts.refitWithout, classes);
      const Z = map(draw.Xl);
      const other = parts.otherRows?.();
      // The smaller side: the n×n kernel matrix where the head saw fewer rows than it has features, else d×d moments.
      const trainingRows = Z.rows + (other?.rows.rows ?? 0);
      const h =
        trainingRows < Z.cols
          ? kernelLeverages(other?.rows ?? emptyRows(Z.cols), other?.kernel() ?? emptyRows(0), head.alpha, Z)
          : leverages(other ? addMoments(other.moments(), momentsOf(Z)) : momentsOf(Z), head.alpha, Z);
      const headClasses = head instanceof RidgeClassifierCV ? head.classes : undefined;
      const raw = head instanceof RidgeClassifierCV ? head.decisionFunction(Z) : head.predictMatrix(Z);
      const loo = looOutputs(raw, targetMatrix(draw.yl, headClasses), h);
      return headClasses ? alignColumns(loo, headClasses, classes ?? headClasses) : loo;
    },
    toJSON: parts.toJSON,
    ...(parts.diagnostics ? { diagnostics: parts.diagnostics } : {}),
    ...(parts.dispose ? { dispose: parts.dispose } : {}),
  };
}

function emptyRows(cols: number): DenseMatrix {
  return { rows: 0, cols, data: new Float64Array(0) };
}

/** The rows of X but row i. */
export function without(X: DenseMatrix, i: number): DenseMatrix {
  const d = X.cols;
  const data = new Float64Array((X.rows - 1) * d);
  data.set(X.data.subarray(0, i * d));
  data.set(X.data.subarray((i + 1) * d), i * d);
  return { rows: X.rows - 1, cols: d, data };
}

export function labelsWithout(y: Labels, i: number): Labels {
  return y instanceof Float64Array ? Float64Array.from([...y.subarray(0, i), ...y.subarray(i + 1)]) : [...y.slice(0, i), ...y.slice(i + 1)];
}

/** Refits need at least two rows left for the evidence to choose alpha: below three labelled rows, no leave-one-out (NaN). */
const MIN_REFIT_ROWS = 3;

function refitLeaveOneOut(draw: DrawData, refit: (i: number) => RidgeHead, classes: readonly ClassLabel[] | undefined): DenseMatrix {
  const n = draw.Xl.rows;
  const d = draw.Xl.cols;
  if (n < MIN_REFIT_ROWS) {
    const cols = classes?.length ?? 1;
    return { rows: n, cols, data: new Float64Array(n * cols).fill(NaN) };
  }
  let out: Float64Array | undefined;
  let cols = 0;
  for (let i = 0; i < n; i++) {
    const row = { rows: 1, cols: d, data: draw.Xl.data.subarray(i * d, (i + 1) * d) };
    const o = headOutputs(refit(i), row, classes);
    cols = o.cols;
    out ??= new Float64Array(n * cols);
    out.set(o.data, i * cols);
  }
  return { rows: n, cols, data: out ?? new Float64Array(0) };
}

/** A saved RidgeCV or RidgeClassifierCV back as a fitted method (for target-only, source-only and pooled). */
export function restoreHead(saved: unknown, info: RestoreInfo): FittedMethod {
  const kind = (saved as { kind?: unknown } | null)?.kind;
  const head = kind === 'RidgeClassifierCV' ? RidgeClassifierCV.fromJSON(saved) : RidgeCV.fromJSON(saved);
  return {
    predict: (X) => (head instanceof RidgeClassifierCV ? head.predict(X) : head.predictMatrix(X).data),
    outputs: (X) => headOutputs(head, X, info.classes),
    toJSON: () => head.toJSON(),
  };
}
