import { StandardScaler, checkOneOf, vstack, type DenseMatrix, type MatrixInput, type StandardScalerJSON } from '@tlkit/tensor-core';
import { rowsOf } from './internal/rows.js';

/** How rows are scaled before kernels and classifiers see them: by the mean and std of both domains together, or not. */
export type ScaleMode = 'pooled' | 'none';

/** The saved form every weighting shares: its kind and version (checked by `fromJSON`). */
export interface InstanceWeightingJSON {
  readonly kind: string;
  readonly version: number;
}

/**
 * An importance-weighting method: fitted on source rows and target rows (no labels), it estimates the density ratio
 * p_target(x)/p_source(x) at the source rows, so that a source model fitted with these weights targets the target
 * distribution (covariate shift: Shimodaira 2000).
 */
export interface InstanceWeighting {
  readonly kind: string;
  readonly isFitted: boolean;
  /** Whether `predictWeights` works for rows not seen in fit (KMM's weights exist only for its source rows). */
  readonly inductive: boolean;
  fit(Xs: MatrixInput, Xt: MatrixInput): this;
  /** The estimated ratio at the source rows given to fit (mean about 1). */
  readonly weights: Float64Array;
  /** The estimated ratio at new rows. */
  predictWeights(X: MatrixInput): Float64Array;
  toJSON(): InstanceWeightingJSON;
}

export interface ScaledDomains {
  readonly Xs: DenseMatrix;
  readonly Xt: DenseMatrix;
  readonly scaler: StandardScaler | undefined;
}

/** Converts and checks both domains, and scales them by their pooled statistics when asked. */
export function prepareDomains(fn: string, Xs: MatrixInput, Xt: MatrixInput, scale: ScaleMode, minRows = 2): ScaledDomains {
  const S = rowsOf(fn, Xs, undefined, 'Xs');
  const T = rowsOf(fn, Xt, S.cols, 'Xt');
  if (S.rows < minRows) throw new RangeError(`${fn}: Xs has ${S.rows} rows; at least ${minRows} are needed`);
  if (T.rows < minRows) throw new RangeError(`${fn}: Xt has ${T.rows} rows; at least ${minRows} are needed`);
  if (scale === 'none') return { Xs: S, Xt: T, scaler: undefined };
  const scaler = new StandardScaler().fit(vstack([S, T]));
  return { Xs: scaler.transform(S), Xt: scaler.transform(T), scaler };
}

export function checkScale(fn: string, scale: unknown): ScaleMode {
  return checkOneOf(fn, 'scale', scale ?? 'pooled', ['pooled', 'none']);
}

export function scaleRows(scaler: StandardScaler | undefined, X: DenseMatrix): DenseMatrix {
  return scaler && X.rows > 0 ? scaler.transform(X) : X;
}

export function scalerFromJSON(json: StandardScalerJSON | null | undefined): StandardScaler | undefined {
  return json ? StandardScaler.fromJSON(json) : undefined;
}

/** Both domains' rows in one matrix (for statistics of the pooled sample). */
export function vstackIfAny(A: DenseMatrix, B: DenseMatrix): DenseMatrix {
  return B.rows === 0 ? A : A.rows === 0 ? B : vstack([A, B]);
}
