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
  const first: unknown = coef[0];
  if (!Array.isArray(first) || first.length === 0) throw new TypeError(`${fn}: coef must be rows of numbers, one per output`);
  const d = first.length;
  const data = new Float64Array(coef.length * d);
  for (let c = 0; c < coef.length; c++) {
    const row: unknown = coef[c];
    if (!Array.isArray(row) || row.length !== d || !allFinite(row)) {
      throw new TypeError(`${fn}: coef row ${c} is not ${d} finite numbers`);
    }
    data.set(row as number[], c * d);
  }
  if (!allFinite(intercept)) throw new TypeError(`${fn}: intercept must hold finite numbers`);
  return { coef: { rows: coef.length, cols: d, data }, intercept: Float64Array.from(intercept), isVector: j.isVector === true };
}

/** A saved strength: a number ≥ 0 or the text 'Infinity' (JSON has no ∞). */
export function alphaFromJSON(fn: string, value: unknown, name = 'alpha'): number {
  const alpha = value === 'Infinity' ? Infinity : value;
  if (typeof alpha !== 'number' || Number.isNaN(alpha) || alpha < 0) {
    throw new TypeError(
      `${fn}: ${name} must be a number ≥ 0 or "Infinity", got ${(JSON.stringify(value) as string | undefined) ?? 'nothing'}`,
    );
  }
  return alpha;
}

/** A saved alpha curve: a criterion, the alphas and one score (or null) per alpha. */
export function curveFromJSON(fn: string, value: unknown): { criterion: string; alphas: number[]; scores: number[] } {
  const c = value as { criterion?: unknown; alphas?: unknown; scores?: unknown } | null | undefined;
  if (typeof c !== 'object' || c === null || !Array.isArray(c.alphas) || !Array.isArray(c.scores) || c.alphas.length !== c.scores.length) {
    throw new TypeError(`${fn}: the alpha curve is missing or broken (criterion, alphas and one score per alpha)`);
  }
  if (typeof c.criterion !== 'string') throw new TypeError(`${fn}: the alpha curve has no criterion`);
  const alphas = Array.from({ length: c.alphas.length }, (_, i) => alphaFromJSON(fn, (c.alphas as unknown[])[i], `curve.alphas[${i}]`));
  const scores = Array.from({ length: c.scores.length }, (_, i) => {
    const s: unknown = (c.scores as unknown[])[i];
    if (s === null) return NaN;
    if (typeof s !== 'number') throw new TypeError(`${fn}: curve.scores[${i}] is not a number`);
    return s;
  });
  return { criterion: c.criterion, alphas, scores };
}

/** Saved class labels: distinct texts, numbers or booleans, one per output of the regressor (when given). */
export function classesFromJSON(fn: string, value: unknown, outputs?: number): (string | number | boolean)[] {
  if (!Array.isArray(value) || value.length < 2) throw new TypeError(`${fn}: classes must list at least 2 labels`);
  const classes: (string | number | boolean)[] = [];
  for (let i = 0; i < value.length; i++) {
    const c: unknown = value[i];
    if (typeof c !== 'string' && typeof c !== 'boolean' && !(typeof c === 'number' && Number.isFinite(c)))
      throw new TypeError(`${fn}: class ${i} is not a text, a number or a boolean`);
    classes.push(c);
  }
  if (new Set(classes).size !== classes.length) throw new TypeError(`${fn}: classes are not distinct`);
  if (outputs === undefined) return classes;
  const expected = classes.length === 2 ? [1, 2] : [classes.length];
  if (!expected.includes(outputs)) throw new TypeError(`${fn}: ${classes.length} classes, but the regressor has ${outputs} outputs`);
  return classes;
}

/** Every entry a finite number, holes included (every() skips the holes of a sparse array). */
function allFinite(list: readonly unknown[]): boolean {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  }
  return true;
}
