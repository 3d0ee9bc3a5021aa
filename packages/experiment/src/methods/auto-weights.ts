import type { DenseMatrix } from '@tlkit/tensor-core';
import type { TaskKind } from '../experiment-data.js';

export interface AutoChoice {
  /** The candidate with the largest weight. */
  readonly chosen: string;
  /** Non-negative weights summing to one, by candidate (candidates without weight are left out). */
  readonly weights: Readonly<Record<string, number>>;
  /** Each candidate's leave-one-out mean squared error on the labelled rows (classification: on the ±1 targets). */
  readonly looMse: Readonly<Record<string, number>>;
}

/** Weights below this are dropped (and the rest renormalised): they would only cost a fit at prediction time. */
const NEGLIGIBLE = 1e-3;

function mse(loo: DenseMatrix, Y: DenseMatrix): number {
  let s = 0;
  for (let i = 0; i < Y.data.length; i++) s += (loo.data[i] - Y.data[i]) ** 2;
  return Number.isFinite(s) ? s / Y.rows : Infinity;
}

/** The Euclidean projection onto the probability simplex (Duchi et al. 2008). */
function projectSimplex(v: readonly number[]): number[] {
  const u = [...v].sort((a, b) => b - a);
  let sum = 0;
  let theta = 0;
  u.forEach((x, j) => {
    sum += x;
    const t = (sum - 1) / (j + 1);
    if (x - t > 0) theta = t;
  });
  return v.map((x) => Math.max(0, x - theta));
}

/**
 * Stacking (Breiman 1996): the non-negative weights summing to one that minimise the squared error of the combined
 * leave-one-out outputs, by accelerated projected gradient (FISTA) on the candidates' Gram matrix.
 */
function stackingWeights(loos: readonly DenseMatrix[], Y: DenseMatrix, iterations = 2000): number[] {
  const m = loos.length;
  const n = Y.data.length;
  const G = loos.map((a) => loos.map((b) => a.data.reduce((s, v, i) => s + v * b.data[i], 0)));
  const g0 = loos.map((a) => a.data.reduce((s, v, i) => s + v * Y.data[i], 0));
  const lipschitz =
    G.reduce(
      (m, row) =>
        Math.max(
          m,
          row.reduce((s, v) => s + Math.abs(v), 0),
        ),
      -Infinity,
    ) || 1;
  let w = new Array<number>(m).fill(1 / m);
  let z = w.slice();
  let t = 1;
  for (let it = 0; it < iterations && n > 0; it++) {
    const grad = z.map((_, a) => G[a].reduce((s, v, b) => s + v * z[b], 0) - g0[a]);
    const next = projectSimplex(z.map((v, a) => v - grad[a] / lipschitz));
    const tn = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    z = next.map((v, a) => v + ((t - 1) / tn) * (v - w[a]));
    w = next;
    t = tn;
  }
  return w;
}

/**
 * Pseudo-Bayesian model averaging (Geisser & Eddy 1979; Yao et al. 2018) with a Gaussian leave-one-out likelihood at
 * each candidate's own error variance, tempered by one half: w ∝ mse^(−k/4). It spreads weight over candidates whose
 * leave-one-out errors are within noise of each other, where stacking on a few rows picks one.
 */
function pseudoBmaWeights(errors: readonly number[], rows: number): number[] {
  const logs = errors.map((e) => (Number.isFinite(e) && e > 0 ? -(rows / 4) * Math.log(e) : e === 0 ? Infinity : -Infinity));
  const top = logs.reduce((m, v) => Math.max(m, v), -Infinity);
  const raw = logs.map((l) => (top === Infinity ? (l === Infinity ? 1 : 0) : Math.exp(l - top)));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => v / total);
}

/**
 * auto's weights from its candidates' exact leave-one-out outputs on the labelled rows. Regression: the mean of the
 * stacking and the tempered pseudo-BMA weights. Classification: the one candidate with the least leave-one-out squared
 * error on the ±1 targets — an argmax of averaged decision values gained nothing over it on the tasks measured (see the
 * README). Candidates whose leave-one-out cannot be computed (too few rows) get no weight; when none can, `fallback`.
 */
export function chooseWeights(
  candidates: readonly { name: string; loo: DenseMatrix }[],
  Y: DenseMatrix,
  task: TaskKind,
  fallback: string,
): AutoChoice {
  const looMse: Record<string, number> = {};
  for (const c of candidates) looMse[c.name] = mse(c.loo, Y);
  const usable = candidates.filter((c) => Number.isFinite(looMse[c.name]));
  if (usable.length === 0) return { chosen: fallback, weights: { [fallback]: 1 }, looMse };
  let weights: number[];
  if (task === 'classification') {
    const best = usable.reduce((a, b) => (looMse[b.name] < looMse[a.name] ? b : a));
    weights = usable.map((c) => (c === best ? 1 : 0));
  } else {
    const stack = stackingWeights(
      usable.map((c) => c.loo),
      Y,
    );
    const bma = pseudoBmaWeights(
      usable.map((c) => looMse[c.name]),
      Y.rows,
    );
    weights = stack.map((v, i) => (v + bma[i]) / 2);
  }
  const kept = weights.map((w) => (w >= NEGLIGIBLE ? w : 0));
  const total = kept.reduce((a, b) => a + b, 0);
  const out: Record<string, number> = {};
  usable.forEach((c, i) => {
    if (kept[i] > 0) out[c.name] = kept[i] / total;
  });
  const chosen = Object.entries(out).reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  return { chosen, weights: out, looMse };
}
