import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random, type DenseMatrix } from '@tlkit/tensor-core';

type Rows = number[][];

export interface KmmCase {
  Xs: Rows;
  Xt: Rows;
  sigma: number;
  B: number;
  eps: number;
  weights: number[];
  objective: number;
}

export interface BoostingCase<Y> {
  Xs: Rows;
  ys: Y[];
  Xt: Rows;
  yt: Y[];
  Xtest: Rows;
  alpha: number;
  estimators: number;
  errors: number[];
  voteWeights: number[];
  predictions: Y[];
  sourceWeights: number[];
  targetWeights: number[];
}

export interface Reference {
  kmm: KmmCase[];
  kliep: {
    Xs: Rows;
    Xt: Rows;
    centres: number[];
    sigma: number;
    sigmas: number[];
    folds: number[][];
    paper: { alpha: number[]; objective: number };
    exact: { alpha: number[]; objective: number; targetRatios: number[]; sourceRatios: number[] };
    lcv: number[];
  };
  lsif: {
    Xs: Rows;
    Xt: Rows;
    centres: number[];
    sigma: number;
    lambdas: number[];
    lambda: number;
    thetaUlsif: number[];
    thetaRulsif: number[];
    looUlsifPaper: number[];
    looUlsifBrute: number[];
    looRulsifBrute: number[];
  };
  logistic: { Xs: Rows; Xt: Rows; fits: { C: number; coef: number[]; intercept: number; weights: number[] }[] };
  tradaboost: BoostingCase<number>;
  tradaboostMulti: BoostingCase<number>;
  tradaboostR2: BoostingCase<number>;
  twoStage: BoostingCase<number> & { steps: number; folds: number[][]; stepErrors: number[]; step: number };
}

/** The reference values written by fixtures/make_reference.py (numpy ports of the published algorithms). */
export const reference = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'reference.json'), 'utf8')) as Reference;

export function matrix(rows: readonly (readonly number[])[]): DenseMatrix {
  const cols = rows.length > 0 ? rows[0].length : 0;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => data.set(r, i * cols));
  return { rows: rows.length, cols, data };
}

/** n rows of N(mean, std²) in one dimension. */
export function normal1d(n: number, mean: number, std: number, rng: Random): DenseMatrix {
  return { rows: n, cols: 1, data: Float64Array.from({ length: n }, () => rng.normal(mean, std)) };
}

/** The density of N(mean, std²) at x. */
export function normalPdf(x: number, mean: number, std: number): number {
  return Math.exp(-((x - mean) ** 2) / (2 * std * std)) / (std * Math.sqrt(2 * Math.PI));
}

export function meanAbsoluteDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
