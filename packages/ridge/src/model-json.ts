import { checkSavedHeader, type DenseMatrix } from '@tlkit/tensor-core';
import type { LinearSolution } from './linear-model.js';
import type { NormalizedPrior, RidgePrior } from './prior.js';

/** The saved form of a fitted linear solution (plain arrays, JSON-safe). */
export interface LinearSolutionJSON {
  readonly coef: number[][];
  readonly intercept: number[];
  readonly isVector: boolean;
}

function rowsOf(m: DenseMatrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

export function solutionToJSON(s: LinearSolution): LinearSolutionJSON {
  return { coef: rowsOf(s.coef), intercept: Array.from(s.intercept), isVector: s.isVector };
}

export function priorToJSON(p: NormalizedPrior | undefined): RidgePrior | undefined {
  return p ? { coef: rowsOf(p.W0), intercept: Array.from(p.b0) } : undefined;
}

/** Checks `kind` and `version` of a saved estimator; throws a clear error otherwise. */
export function checkHeader(fn: string, json: unknown, kind: string, version: number): void {
  checkSavedHeader(fn, json, { kind, version, upgrade: '@tlkit/ridge' });
}

export function solutionFromJSON(fn: string, j: Partial<LinearSolutionJSON>): LinearSolution {
  const coef = j.coef;
  const intercept = j.intercept;
  if (!Array.isArray(coef) || coef.length === 0 || !Array.isArray(intercept) || intercept.length !== coef.length) {
    throw new TypeError(`${fn}: coef must be a non-empty array of rows and intercept one number per row`);
  }
  const d = Array.isArray(coef[0]) ? coef[0].length : -1;
  const data = new Float64Array(coef.length * d);
  coef.forEach((row, c) => {
    if (!Array.isArray(row) || row.length !== d || !row.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new TypeError(`${fn}: coef row ${c} is not ${d} finite numbers`);
    }
    data.set(row, c * d);
  });
  if (!intercept.every((v) => typeof v === 'number' && Number.isFinite(v)))
    throw new TypeError(`${fn}: intercept must hold finite numbers`);
  return { coef: { rows: coef.length, cols: d, data }, intercept: Float64Array.from(intercept), isVector: j.isVector === true };
}
