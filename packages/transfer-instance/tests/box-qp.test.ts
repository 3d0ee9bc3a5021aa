import { Random, vstack, maxOf } from '@tlkit/tensor-core';
import { projectBoxSum } from '../src/internal/box-sum-projection.js';
import { boxSumObjective, solveBoxSumQP, type BoxSumProblem } from '../src/internal/box-qp.js';
import { gaussianKernel, medianDistance } from '../src/internal/kernel.js';
import { matrix, reference, type KmmCase } from './helpers.js';

function feasible(x: Float64Array, upper: number, low: number, high: number, slack = 1e-9): boolean {
  let s = 0;
  for (const v of x) {
    if (v < -slack || v > upper + slack) return false;
    s += v;
  }
  return s >= low - slack * Math.max(1, low) && s <= high + slack * Math.max(1, high);
}

describe('projectBoxSum', () => {
  const rng = new Random(1);
  it('gives the nearest point of {0 ≤ x ≤ B, low ≤ Σx ≤ high} (no random feasible point is nearer)', () => {
    for (let trial = 0; trial < 30; trial++) {
      const n = 2 + rng.int(12);
      const B = 0.5 + rng.next() * 3;
      const low = rng.next() * n * B * 0.5;
      const high = low + rng.next() * n * B * 0.4;
      const v = Float64Array.from({ length: n }, () => rng.normal(0.5, 2));
      const x = new Float64Array(n);
      projectBoxSum(v, B, low, high, x);
      expect(feasible(x, B, low, high, 1e-12)).toBe(true);
      const dist = (z: Float64Array) => z.reduce((s, zi, i) => s + (zi - v[i]) ** 2, 0);
      for (let k = 0; k < 200; k++) {
        const z = new Float64Array(n);
        projectBoxSum(
          Float64Array.from(x, (xi) => xi + rng.normal(0, 0.3)),
          B,
          low,
          high,
          z,
        );
        expect(dist(z)).toBeGreaterThanOrEqual(dist(x) - 1e-12);
      }
    }
  });

  it('is the identity on feasible points', () => {
    const v = Float64Array.from([0.2, 0.9, 0.5]);
    const x = new Float64Array(3);
    projectBoxSum(v, 1, 1, 2, x);
    expect(Array.from(x)).toEqual([0.2, 0.9, 0.5]);
  });
});

describe('solveBoxSumQP (the KMM QP)', () => {
  // Reference: the QP of Huang et al. (2007) solved by scipy's SLSQP / trust-constr (fixtures/make_reference.py).
  reference.kmm.forEach((c: KmmCase, k: number) => {
    const Xs = matrix(c.Xs);
    const Xt = matrix(c.Xt);
    const n = Xs.rows;
    const K = gaussianKernel(Xs, Xs, c.sigma);
    const Kst = gaussianKernel(Xs, Xt, c.sigma);
    const kappa = Float64Array.from(
      { length: n },
      (_, i) => (n / Xt.rows) * Kst.data.subarray(i * Xt.rows, (i + 1) * Xt.rows).reduce((a, b) => a + b, 0),
    );
    const problem: BoxSumProblem = { K, kappa, upper: c.B, low: Math.max(0, n * (1 - c.eps)), high: n * (1 + c.eps) };
    const solution = solveBoxSumQP(problem);

    it(`case ${k + 1}: the median heuristic matches numpy's`, () => {
      expect(medianDistance(vstack([Xs, Xt]), 0)).toBeCloseTo(c.sigma, 12);
    });

    it(`case ${k + 1}: the constraints hold at the solution (0 ≤ β ≤ B, |Σβ − n| ≤ nε)`, () => {
      expect(feasible(solution.x, c.B, problem.low, problem.high)).toBe(true);
    });

    it(`case ${k + 1}: the objective is no worse than scipy's (to 1e-7 relative) and the weights agree`, () => {
      expect(solution.objective).toBeLessThanOrEqual(c.objective + 1e-7 * Math.abs(c.objective));
      expect(boxSumObjective(problem, Float64Array.from(c.weights))).toBeCloseTo(c.objective, 6);
      // The objective is flat along K's near-null directions, so weights agree less tightly than the objective.
      let worst = 0;
      c.weights.forEach((w, i) => (worst = Math.max(worst, Math.abs(w - solution.x[i]))));
      expect(worst).toBeLessThan(0.05 * maxOf(c.weights, 1));
    });

    it(`case ${k + 1}: no feasible perturbation lowers the objective, and the KKT residual is near 0`, () => {
      const rng = new Random(k + 10);
      const z = new Float64Array(n);
      for (let t = 0; t < 300; t++) {
        projectBoxSum(
          Float64Array.from(solution.x, (x) => x + rng.normal(0, 1e-2)),
          c.B,
          problem.low,
          problem.high,
          z,
        );
        expect(boxSumObjective(problem, z)).toBeGreaterThanOrEqual(solution.objective - 1e-9 * Math.abs(solution.objective));
      }
      expect(solution.residual).toBeLessThan(1e-6 * maxOf(solution.x, 1));
    });
  });
});
