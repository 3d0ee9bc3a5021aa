import { Random, takeRows, type DenseMatrix } from '@tlkit/tensor-core';
import { plainKernels, RidgeCV, RidgeRegression, useKernels } from '@tlkit/ridge';
import { centringOf, centredCopy } from '../src/internal/centering.js';
import { kernelLeaveOneOut, spectralLeaveOneOut } from '../src/internal/leave-one-out.js';
import { columnSquares } from '../src/internal/cv-criteria.js';
import { autoAlphas } from '../src/ridge-cv.js';
import { randomMatrix, vector } from './helpers.js';

/** Largest |a − b| / |b| over finite pairs; Infinity where one is finite and the other is not. */
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) {
      if (a[i] !== b[i]) return Infinity;
      continue;
    }
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-300));
  }
  return worst;
}

interface Case {
  readonly X: DenseMatrix;
  readonly R: DenseMatrix;
  readonly fitIntercept: boolean;
  readonly weights?: Float64Array;
}

function bothPaths({ X, R, fitIntercept, weights }: Case) {
  const centring = centringOf(X, R, fitIntercept, weights);
  const Rc = centredCopy(R, centring.y);
  const base = {
    targetSquares: columnSquares(Rc),
    rows: X.rows,
    weightSum: centring.weightSum,
    logWeightSum: 0,
    fitIntercept,
  };
  return {
    kernel: kernelLeaveOneOut(X, Rc, centring, fitIntercept, base),
    spectral: spectralLeaveOneOut(X, Rc, centring, fitIntercept, base),
  };
}

function makeCase(rng: Random, n: number, d: number, k: number, fitIntercept: boolean, weighted: boolean): Case {
  const X = randomMatrix(n, d, rng, 1.5);
  const R = randomMatrix(n, k, rng, 3);
  // Targets with signal, so that the curve has an interior minimum.
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) R.data[i * k + c] += X.data[i * d + c] - 0.5 * X.data[i * d + c + 1];
  const weights = weighted ? Float64Array.from({ length: n }, () => 0.25 + 2 * rng.uniform()) : undefined;
  return { X, R, fitIntercept, weights };
}

describe('leave-one-out from the kernel side without eigenvectors (n ≤ d)', () => {
  it('matches the eigenvector path: scores, coefficients and evidence at odd sizes, with and without intercept and weights', () => {
    const rng = new Random(91);
    let compared = 0;
    for (const [n, d] of [
      [16, 16],
      [17, 18],
      [33, 80],
      [64, 65],
      [97, 300],
      [130, 131],
    ]) {
      for (const fitIntercept of [true, false]) {
        for (const weighted of [false, true]) {
          const k = (n + d) % 3 === 0 ? 1 : 3;
          const { kernel, spectral } = bothPaths(makeCase(rng, n, d, k, fitIntercept, weighted));
          expect(kernel).toBeDefined();
          if (!kernel) continue;
          expect(relDiff(kernel.input.s, spectral.input.s)).toBeLessThan(1e-10);
          const alphas = autoAlphas(spectral.input.s, d);
          const a = kernel.scores(alphas);
          const b = spectral.scores(alphas);
          expect(b[0]).toBe(Infinity);
          expect(a[0]).toBe(Infinity);
          // At the smallest alphas the eigenvector path's own error is ~1e-9 (see the brute-force test below).
          expect(relDiff(a, b)).toBeLessThan(5e-9);
          for (const alpha of [alphas[20], alphas[35], Infinity]) {
            const Va = kernel.coefficients(alpha);
            const Vb = spectral.coefficients(alpha);
            expect(Va && Vb).toBeDefined();
            if (!Va || !Vb) continue;
            let scale = 0;
            for (const v of Vb.data) scale = Math.max(scale, Math.abs(v));
            let worst = 0;
            Va.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - Vb.data[i]))));
            expect(worst).toBeLessThanOrEqual(1e-9 * Math.max(scale, 1e-300));
            expect(relDiff([kernel.logEvidence(alpha)], [spectral.logEvidence(alpha)])).toBeLessThan(1e-10);
          }
          compared++;
        }
      }
    }
    expect(compared).toBe(24);
  });

  it('equals brute-force leave-one-out refits, weighted, down to the auto grid’s smallest alpha (1e-6 of the mean eigenvalue)', () => {
    const rng = new Random(17);
    const n = 60;
    const d = 150;
    const X = randomMatrix(n, d, rng, 1);
    const y = Float64Array.from({ length: n }, (_, i) => X.data[i * d] - X.data[i * d + 3] + rng.normal());
    const weights = Float64Array.from({ length: n }, (_, i) => 0.5 + (i % 3));
    const auto = new RidgeCV({ cv: 'loo' }).fit(X, y, { sampleWeight: weights });
    const grid = [auto.curve.alphas[1], auto.curve.alphas[20], auto.curve.alphas[40]];
    const cv = new RidgeCV({ alphas: grid, cv: 'loo' }).fit(X, y, { sampleWeight: weights });
    grid.forEach((alpha, a) => {
      let total = 0;
      let wsum = 0;
      for (let i = 0; i < n; i++) {
        const keep = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
        const model = new RidgeRegression({ alpha }).fit(
          takeRows(X, keep),
          Float64Array.from(keep, (j) => y[j]),
          {
            sampleWeight: Float64Array.from(keep, (j) => weights[j]),
          },
        );
        const pred = vector(model.predict(takeRows(X, [i])))[0];
        total += weights[i] * (y[i] - pred) ** 2;
        wsum += weights[i];
      }
      // The eigenvector path is 1e-9 off at the smallest alpha here; this path agrees with the refits to ~1e-13.
      expect(relDiff([cv.curve.scores[a]], [total / wsum])).toBeLessThan(1e-11);
    });
  });

  it('leaves rank-deficient kernels (a repeated row) to the eigenvector path, which drops the null direction', () => {
    const rng = new Random(5);
    const X = randomMatrix(30, 50, rng, 1);
    X.data.copyWithin(7 * 50, 3 * 50, 4 * 50);
    const R = randomMatrix(30, 2, rng);
    expect(bothPaths({ X, R, fitIntercept: true }).kernel).toBeUndefined();
    const cv = new RidgeCV({ cv: 'loo' }).fit(X, R);
    expect(cv.curve.scores.some((v) => Number.isFinite(v))).toBe(true);
  });

  it('gives the plain kernels’ curve and coefficients (tensor-core’s tridiagonal path against its eigen path)', () => {
    const rng = new Random(8);
    const { X, R, weights } = makeCase(rng, 70, 150, 2, true, true);
    const options = { sampleWeight: weights };
    const fast = new RidgeCV({ cv: 'loo' }).fit(X, R, options);
    const previous = useKernels(plainKernels);
    let plain: RidgeCV;
    try {
      plain = new RidgeCV({ cv: 'loo' }).fit(X, R, options);
    } finally {
      useKernels(previous);
    }
    expect(relDiff(fast.curve.scores, plain.curve.scores)).toBeLessThan(1e-9);
    expect(relDiff([fast.alpha], [plain.alpha])).toBeLessThan(1e-12);
    expect(relDiff((fast.coef as DenseMatrix).data, (plain.coef as DenseMatrix).data)).toBeLessThan(1e-8);
    expect(relDiff([fast.logEvidence], [plain.logEvidence])).toBeLessThan(1e-10);
  });
});
