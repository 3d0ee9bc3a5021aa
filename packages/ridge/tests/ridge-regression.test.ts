import {
  BadDataError,
  crossProduct,
  NotFittedError,
  Random,
  ShapeMismatchError,
  takeRows,
  toArray2D,
  type DenseMatrix,
} from '@tlkit/tensor-core';
import { RidgeCV, RidgeRegression, useKernels, plainKernels, fastKernels } from '@tlkit/ridge';
import { linearTargets, maxRelDiff, randomMatrix, vector } from './helpers.js';

const rng = new Random(11);
const X = randomMatrix(40, 6, rng, 3);
const w = [1, -2, 0.5, 0, 3, -1];
const y = linearTargets(X, w, 4, 0.3, rng);
const w0 = [0.8, -1.5, 0.2, 0.3, 2.5, -0.7];

function centred(X: DenseMatrix, y: ArrayLike<number>): { Xc: DenseMatrix; yc: DenseMatrix } {
  const n = X.rows;
  const d = X.cols;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X.data[i * d + j] / n;
  let ym = 0;
  for (let i = 0; i < n; i++) ym += y[i] / n;
  const Xc = { rows: n, cols: d, data: Float64Array.from(X.data, (v, k) => v - mean[k % d]) };
  return { Xc, yc: { rows: n, cols: 1, data: Float64Array.from(y, (v) => v - ym) } };
}

describe('RidgeRegression identities', () => {
  it('the normal equations hold at the solution: Xcᵀ(yc − Xc·w) = α(w − w0)', () => {
    for (const prior of [undefined, { coef: w0 }]) {
      const alpha = 2.5;
      const model = new RidgeRegression({ alpha, prior }).fit(X, y);
      const coef = vector(model.coef);
      const { Xc, yc } = centred(X, y);
      const residual = Float64Array.from(yc.data, (v, i) => v - coef.reduce((s, c, j) => s + c * Xc.data[i * 6 + j], 0));
      const lhs = crossProduct(Xc, { rows: 40, cols: 1, data: residual }).data;
      const rhs = coef.map((c, j) => alpha * (c - (prior ? w0[j] : 0)));
      expect(maxRelDiff(lhs, rhs)).toBeLessThan(1e-9);
    }
  });

  it('biased ridge equals w0 + Ridge(X, y − X·w0)', () => {
    const biased = new RidgeRegression({ alpha: 3, prior: { coef: w0 } }).fit(X, y);
    const shifted = Float64Array.from(y, (v, i) => v - w0.reduce((s, c, j) => s + c * X.data[i * 6 + j], 0));
    const plain = new RidgeRegression({ alpha: 3 }).fit(X, shifted);
    expect(
      maxRelDiff(
        vector(biased.coef),
        vector(plain.coef).map((v, j) => v + w0[j]),
      ),
    ).toBeLessThan(1e-12);
    expect(biased.intercept).toBeCloseTo(plain.intercept as number, 10);
  });

  it('alpha → ∞ gives the prior (biased) or zero (plain); alpha → 0 gives least squares', () => {
    const atPrior = new RidgeRegression({ alpha: Infinity, prior: { coef: w0 } }).fit(X, y);
    expect(Array.from(vector(atPrior.coef))).toEqual(w0);
    const huge = new RidgeRegression({ alpha: 1e12, prior: { coef: w0 } }).fit(X, y);
    expect(maxRelDiff(vector(huge.coef), w0)).toBeLessThan(1e-8);
    expect(maxRelDiff(vector(new RidgeRegression({ alpha: 1e12 }).fit(X, y).coef), new Array(6).fill(0))).toBeLessThan(1e-8);
    const ls = new RidgeRegression({ alpha: 0 }).fit(X, y);
    const tiny = new RidgeRegression({ alpha: 1e-10 }).fit(X, y);
    expect(maxRelDiff(vector(tiny.coef), vector(ls.coef))).toBeLessThan(1e-8);
  });

  it('primal, dual and eigen solvers agree, also when d > n', () => {
    const wide = randomMatrix(15, 30, rng);
    const yw = linearTargets(wide, new Array(30).fill(0.1), 1, 0.1, rng);
    for (const [A, b] of [
      [X, y],
      [wide, yw],
    ] as const) {
      const ref = vector(new RidgeRegression({ alpha: 0.7, solver: 'cholesky' }).fit(A, b).coef);
      for (const solver of ['dual', 'eigen', 'auto'] as const) {
        expect(maxRelDiff(vector(new RidgeRegression({ alpha: 0.7, solver }).fit(A, b).coef), ref)).toBeLessThan(1e-9);
      }
    }
  });

  it('alpha = 0 on rank-deficient X gives the minimum-norm least-squares solution, not NaN', () => {
    // Two identical columns: y = 2·x fits with any w1 + w2 = 2; the minimum norm is w1 = w2 = 1.
    const x = Array.from({ length: 20 }, (_, i) => i / 3 - 2);
    const twin = x.map((v) => [v, v]);
    const model = new RidgeRegression({ alpha: 0 }).fit(
      twin,
      x.map((v) => 2 * v + 1),
    );
    expect(Array.from(vector(model.coef)).map((v) => Number(v.toFixed(10)))).toEqual([1, 1]);
    expect(model.intercept).toBeCloseTo(1, 10);
    // d > n: interpolates with the minimum-norm solution Xᵀ(XXᵀ)⁻¹y (no intercept).
    const wide = randomMatrix(5, 12, rng);
    const yw = Array.from({ length: 5 }, () => rng.normal());
    const fit = new RidgeRegression({ alpha: 0, fitIntercept: false }).fit(wide, yw);
    expect(maxRelDiff(vector(fit.predict(wide)), yw)).toBeLessThan(1e-9);
    const viaDual = new RidgeRegression({ alpha: 1e-12, fitIntercept: false, solver: 'dual' }).fit(wide, yw);
    expect(maxRelDiff(vector(fit.coef), vector(viaDual.coef))).toBeLessThan(1e-6);
  });

  it('takes the column means from the input check on a DenseMatrix: the fit is the one from rows of numbers, bit for bit', () => {
    const r = new Random(31);
    const X = randomMatrix(301, 7, r, 40); // large means: the centring matters
    const y = Array.from({ length: 301 }, () => r.normal());
    const rows = Array.from({ length: 301 }, (_, i) => Array.from(X.data.subarray(i * 7, i * 7 + 7)));
    for (const fit of [
      (m: typeof X | number[][]) => new RidgeRegression({ alpha: 0.5 }).fit(m, y),
      (m: typeof X | number[][]) => new RidgeCV().fit(m, y),
    ]) {
      const dense = fit(X);
      const plain = fit(rows);
      // The sums are added in columnMeans' order: the same bits either way.
      expect(Array.from(vector(dense.coef))).toEqual(Array.from(vector(plain.coef)));
      expect(Array.from(vector(dense.predict(X)))).toEqual(Array.from(vector(plain.predict(X))));
    }
  });

  it('integer sample weights equal repeated rows', () => {
    const weights = Array.from({ length: 40 }, (_, i) => (i % 3) + 1);
    const rows: number[] = [];
    weights.forEach((k, i) => {
      for (let r = 0; r < k; r++) rows.push(i);
    });
    const repeated = new RidgeRegression({ alpha: 1.5, prior: { coef: w0 } }).fit(
      takeRows(X, rows),
      rows.map((i) => y[i]),
    );
    const weighted = new RidgeRegression({ alpha: 1.5, prior: { coef: w0 } }).fit(X, y, { sampleWeight: weights });
    expect(maxRelDiff(vector(weighted.coef), vector(repeated.coef))).toBeLessThan(1e-10);
    expect(weighted.intercept).toBeCloseTo(repeated.intercept as number, 10);
  });

  it('fits several outputs at once, each as its own ridge', () => {
    const y2 = linearTargets(X, [0, 1, 0, 1, 0, 1], -2, 0.2, rng);
    const Y = Array.from({ length: 40 }, (_, i) => [y[i], y2[i]]);
    const multi = new RidgeRegression({ alpha: 2 }).fit(X, Y);
    const coef = multi.coef;
    expect(coef.rows).toBe(2);
    expect(maxRelDiff(coef.data.subarray(6), vector(new RidgeRegression({ alpha: 2 }).fit(X, y2).coef))).toBeLessThan(1e-12);
    const pred = multi.predict(X);
    expect([pred.rows, pred.cols]).toEqual([40, 2]);
    expect(multi.score(X, Y)).toBeGreaterThan(0.9);
  });

  it('round-trips through JSON with identical predictions', () => {
    const model = new RidgeRegression({ alpha: 0.3, prior: { coef: w0 } }).fit(X, y);
    const back = RidgeRegression.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(vector(back.predict(X)))).toEqual(Array.from(vector(model.predict(X))));
    expect(back.prior).toBeDefined();
    const inf = RidgeRegression.fromJSON(JSON.parse(JSON.stringify(new RidgeRegression({ alpha: Infinity }).fit(X, y).toJSON())));
    expect(inf.alpha).toBe(Infinity);
  });

  it('uses whatever kernels are installed (the seam for faster ones)', () => {
    let calls = 0;
    const previous = useKernels({
      ...plainKernels,
      normalEquations: (A, B, ac, bc) => (calls++, plainKernels.normalEquations(A, B, ac, bc)),
    });
    try {
      new RidgeRegression().fit(X, y);
    } finally {
      useKernels(previous);
    }
    expect(calls).toBe(1);
  });
});

describe('RidgeRegression errors', () => {
  it('tests X in the Gram pass itself, with the message of the input check, whatever path the fit takes', () => {
    const r = new Random(4);
    const fitWith =
      (Xb: DenseMatrix, options: { prior?: boolean; weights?: boolean; alpha?: number; solver?: 'dual' } = {}) =>
      () =>
        new RidgeRegression({
          alpha: options.alpha ?? 1,
          ...(options.solver ? { solver: options.solver } : {}),
          ...(options.prior ? { prior: { coef: new Array(Xb.cols).fill(0.1) } } : {}),
        }).fit(
          Xb,
          Array.from({ length: Xb.rows }, () => r.normal()),
          options.weights ? { sampleWeight: new Array(Xb.rows).fill(1) } : {},
        );
    for (const [n, d] of [
      [301, 7], // tall: the one-pass path; d = 7 puts column 6 in the last, partial panel
      [5, 9], // wide: the dual path checks X on its own
    ]) {
      for (const [row, column, value] of [
        [0, 0, NaN],
        [3, d - 1, Infinity],
        [n - 1, 2, -Infinity],
        [n - 1, d - 1, NaN],
      ] as const) {
        const bad = randomMatrix(n, d, r, 1e6); // large means: the shift near them matters
        bad.data[row * d + column] = value;
        const what = Number.isNaN(value) ? 'NaN' : String(value);
        const message = `RidgeRegression.fit: X has ${what} at row ${row}, column ${column}`;
        for (const options of [{}, { prior: true }, { weights: true }, { alpha: Infinity }, { solver: 'dual' as const }]) {
          expect(fitWith(bad, options)).toThrow(new BadDataError(message));
        }
      }
      const huge = randomMatrix(n, d, r);
      huge.data[(n - 1) * d + 1] = 1e200;
      expect(fitWith(huge)).toThrow(`RidgeRegression.fit: X column 1 holds 1.00e+200 (row ${n - 1}), too large to square in fp64`);
    }
  });

  it('takes the one-pass normal equations for a tall fit (several outputs, d a multiple of 4), and two passes where its shift is poor', () => {
    const r = new Random(21);
    let calls = 0;
    const previous = useKernels({
      ...fastKernels,
      shiftedNormalEquations(...args) {
        calls++;
        return fastKernels.shiftedNormalEquations!(...args);
      },
    });
    try {
      const Xm = randomMatrix(403, 8, r, 5);
      const Y = { rows: 403, cols: 2, data: Float64Array.from({ length: 806 }, () => r.normal()) };
      const fast = new RidgeRegression({ alpha: 0.2 }).fit(Xm, Y).coef as DenseMatrix;
      expect(calls).toBe(1);
      const bad = { ...Xm, data: Xm.data.slice() };
      bad.data[402 * 8 + 7] = NaN;
      expect(() => new RidgeRegression().fit(bad, Y)).toThrow('RidgeRegression.fit: X has NaN at row 402, column 7');
      // Rows laid out with period 100 and n = 64·100 + 1: every sampled row is an outlier of column 1, so the shift
      // sits far from its mean (the centring would lose a factor 100 of precision) and the fit takes the two-pass
      // normal equations: the same bits as the fast kernels without the one-pass ones.
      const p = 100;
      const n = 64 * p + 1;
      const periodic = randomMatrix(n, 3, r);
      for (let i = 0; i < n; i++) periodic.data[i * 3 + 1] = (i % p === 0 ? 1 : 0) + 1e-3 * r.normal();
      const yp = linearTargets(periodic, [1, 2, -1], 0, 0.1, r);
      const onePass = new RidgeRegression({ alpha: 1e-8 }).fit(periodic, yp).coef;
      expect(calls).toBe(3);
      useKernels({ ...fastKernels, shiftedNormalEquations: undefined });
      const twoPass = new RidgeRegression({ alpha: 1e-8 }).fit(periodic, yp).coef;
      expect(Array.from(onePass)).toEqual(Array.from(twoPass));
      useKernels(plainKernels);
      const slow = new RidgeRegression({ alpha: 0.2 }).fit(Xm, Y).coef as DenseMatrix;
      expect(maxRelDiff(fast.data, slow.data)).toBeLessThan(1e-12);
      expect(() => new RidgeRegression().fit(bad, Y)).toThrow(new BadDataError('RidgeRegression.fit: X has NaN at row 402, column 7'));
    } finally {
      useKernels(previous);
    }
  });

  it('is as accurate from the one-pass normal equations as the plain path (means 1e6, an outlying first row)', () => {
    const r = new Random(12);
    const n = 5003;
    const d = 13;
    const Xo = randomMatrix(n, d, r, 1e6);
    for (let j = 0; j < d; j++) Xo.data[j] += 1e4;
    const yo = linearTargets(
      Xo,
      Array.from({ length: d }, () => r.normal()),
      3,
      0.5,
      r,
    );
    // The reference: X and y centred by compensated (Kahan) means, fitted without an intercept.
    const kahanMean = (get: (i: number) => number): number => {
      let sum = 0;
      let carry = 0;
      for (let i = 0; i < n; i++) {
        const v = get(i) - carry;
        const t = sum + v;
        carry = t - sum - v;
        sum = t;
      }
      return sum / n;
    };
    const means = Array.from({ length: d }, (_, j) => kahanMean((i) => Xo.data[i * d + j]));
    const ym = kahanMean((i) => yo[i]);
    const Xc = { rows: n, cols: d, data: Xo.data.map((v, k) => v - means[k % d]) };
    const previous = useKernels(plainKernels);
    let plain: Float64Array;
    let reference: Float64Array;
    try {
      plain = new RidgeRegression({ alpha: 0.3 }).fit(Xo, yo).coef;
      reference = new RidgeRegression({ alpha: 0.3, fitIntercept: false }).fit(
        Xc,
        yo.map((v) => v - ym),
      ).coef;
    } finally {
      useKernels(previous);
    }
    const fast = new RidgeRegression({ alpha: 0.3 }).fit(Xo, yo).coef;
    // cond(XcᵀXc) ≈ 3e5 (the outlying row): both paths sit about 4e-10 from the reference.
    expect(maxRelDiff(fast, reference)).toBeLessThan(1e-9);
    expect(maxRelDiff(fast, reference)).toBeLessThan(3 * maxRelDiff(plain, reference));
  });

  it('names the function, argument, expectation and what came', () => {
    const model = new RidgeRegression();
    expect(() => model.fit(X, y.slice(1))).toThrow(new ShapeMismatchError('RidgeRegression.fit: y has 39 rows, X has 40'));
    expect(() => model.fit([[1, NaN]], [1])).toThrow(new BadDataError('RidgeRegression.fit: X has NaN at row 0, column 1'));
    expect(() => model.fit([[1, 2], [3]], [1, 2])).toThrow('RidgeRegression.fit: X is ragged: row 1 has 1 values, row 0 has 2');
    expect(() => model.fit([], [])).toThrow(new RangeError('RidgeRegression.fit: X is empty (0 rows)'));
    expect(() => model.fit([[1]], [Infinity])).toThrow('RidgeRegression.fit: y has Infinity at row 0');
    expect(() => new RidgeRegression({ alpha: -1 })).toThrow(new RangeError('RidgeRegression: alpha must be ≥ 0, got -1'));
    expect(() => new RidgeRegression({ alpha: NaN })).toThrow(RangeError);
    expect(() => new RidgeRegression({ solver: 'lsqr' as 'auto' })).toThrow(
      'RidgeRegression: solver must be one of auto, cholesky, dual, eigen, got "lsqr"',
    );
    expect(() => new RidgeRegression().predict(X)).toThrow(new NotFittedError('RidgeRegression', 'predict'));
    expect(() => new RidgeRegression().coef).toThrow(NotFittedError);
    model.fit(X, y);
    expect(() => model.predict([[1, 2]])).toThrow(
      new ShapeMismatchError('RidgeRegression.predict: X has 2 columns, the model was fitted on 6'),
    );
    expect(() => new RidgeRegression({ prior: { coef: [1, 2] } }).fit(X, y)).toThrow(
      'RidgeRegression.fit: prior.coef is 1×2 (outputs × features), expected 1×6 for X with 6 columns',
    );
    expect(() => model.fit(X, y, { sampleWeight: new Array(40).fill(-1) })).toThrow(
      'RidgeRegression.fit: sampleWeight is negative (-1) at row 0',
    );
    expect(() => model.fit(X, y, { sampleWeight: [1] })).toThrow('RidgeRegression.fit: sampleWeight has 1 rows, X has 40');
    expect(() => RidgeRegression.fromJSON({ kind: 'RidgeCV', version: 1 })).toThrow(
      'RidgeRegression.fromJSON: expected kind "RidgeRegression", got "RidgeCV"',
    );
    expect(() => RidgeRegression.fromJSON({ kind: 'RidgeRegression', version: 2 })).toThrow(
      'RidgeRegression.fromJSON: RidgeRegression version 2 is newer than this library reads (1); upgrade @tlkit/ridge',
    );
    expect(() => RidgeRegression.fromJSON({ kind: 'RidgeRegression', version: 1, coef: [[1, 'x']], intercept: [0] })).toThrow(TypeError);
    expect(toArray2D(model.predictMatrix([])).length).toBe(0);
  });

  it('types the prediction by the targets: a vector predicts a Float64Array, rows of targets a matrix', () => {
    // The annotations are the test: they compile only if fit's overloads carry the output shape.
    const X = [
      [1, 0],
      [0, 1],
      [1, 1],
      [2, 1],
    ];
    const one: Float64Array = new RidgeRegression({ alpha: 1 }).fit(X, [1, 2, 3, 4]).predict(X);
    const many: DenseMatrix = new RidgeRegression({ alpha: 1 })
      .fit(X, [
        [1, 0],
        [2, 1],
        [3, 0],
        [4, 1],
      ])
      .predict(X);
    const cv: Float64Array = new RidgeCV({ cv: 'loo' }).fit(X, Float64Array.of(1, 2, 3, 4)).coef;
    expect(one).toBeInstanceOf(Float64Array);
    expect([many.rows, many.cols]).toEqual([4, 2]);
    expect(cv.length).toBe(2);
  });
});
