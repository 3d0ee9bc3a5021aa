import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random, takeRows, zeros } from '@tlkit/tensor-core';
import { readCsvBatches } from '@tlkit/tensor-core/node';
import { RidgeAccumulator, RidgeCV, RidgeRegression } from '@tlkit/ridge';
import { linearTargets, maxRelDiff, randomMatrix, vector } from './helpers.js';

describe('RidgeAccumulator (streaming)', () => {
  const rng = new Random(5);
  // A large offset makes naive raw-moment accumulation lose digits; the pairwise update must not. Without an
  // intercept the problem itself is then ill-conditioned (cond(XᵀX) ≈ 1e9), so those cases use a small offset.
  const wide = randomMatrix(1000, 8, rng, 1e4);
  const near = randomMatrix(1000, 8, rng, 3);
  const w = [1, 2, 3, 4, -1, -2, -3, 0.5];
  let X = wide;
  let y = linearTargets(X, w, 7, 1, rng);

  function use(data: typeof wide): void {
    X = data;
    y = linearTargets(X, w, 7, 1, new Random(6));
  }

  function accumulated(weights?: number[]): RidgeAccumulator {
    const acc = new RidgeAccumulator();
    for (let start = 0; start < 1000; start += 137) {
      const rows = Array.from({ length: Math.min(137, 1000 - start) }, (_, k) => start + k);
      acc.add(
        takeRows(X, rows),
        rows.map((i) => y[i]),
        weights ? { sampleWeight: rows.map((i) => weights[i]) } : {},
      );
    }
    expect(acc.rows).toBe(1000);
    return acc;
  }

  function streamed(options: ConstructorParameters<typeof RidgeRegression>[0], weights?: number[]): RidgeRegression {
    return accumulated(weights).fit(options);
  }

  it('chooses alpha by the evidence or GCV from its moments exactly as RidgeCV does on all the rows', () => {
    const prior = { coef: [1, 1, 1, 1, 0, 0, 0, 0], intercept: 2 };
    const weights = Array.from({ length: 1000 }, (_, i) => 0.5 + (i % 4));
    const cases = [
      { options: { cv: 'evidence' as const }, data: wide },
      { options: { cv: 'evidence' as const, prior }, data: wide, weights },
      { options: { cv: 'gcv' as const, prior, alphas: [0.01, 0.1, 1, 10, 100] }, data: wide },
      { options: { cv: 'evidence' as const, fitIntercept: false, prior }, data: near, weights },
      { options: { cv: 'gcv' as const, fitIntercept: false }, data: near },
    ];
    for (const c of cases) {
      use(c.data);
      const one = new RidgeCV(c.options).fit(X, y, c.weights ? { sampleWeight: c.weights } : {});
      const many = accumulated(c.weights).fitCV(c.options);
      // The same grid point ('auto' grids scale with the eigenvalues, so equal up to round-off).
      expect(maxRelDiff([many.alpha], [one.alpha])).toBeLessThan(1e-9);
      expect(many.curve.criterion).toBe(one.curve.criterion);
      // The evidence at alpha = 0 is -Infinity on both sides; every finite score agrees.
      expect(many.curve.scores.map(Number.isFinite)).toEqual(one.curve.scores.map(Number.isFinite));
      const finite = (v: readonly number[]) => v.filter(Number.isFinite);
      expect(maxRelDiff(finite(many.curve.scores), finite(one.curve.scores))).toBeLessThan(1e-8);
      expect(Math.abs(many.logEvidence - one.logEvidence)).toBeLessThan(1e-8 * Math.abs(one.logEvidence));
      expect(maxRelDiff(vector(many.coef), vector(one.coef))).toBeLessThan(1e-9);
      expect(RidgeCV.fromJSON(JSON.parse(JSON.stringify(many.toJSON()))).alpha).toBe(many.alpha);
    }
    expect(() => accumulated().fitCV({ cv: 'loo' })).toThrow("RidgeAccumulator.fitCV: cv must be 'evidence' or 'gcv'");
  });

  it('equals the one-shot fit, with and without intercept, prior and weights', () => {
    const prior = { coef: [1, 1, 1, 1, 0, 0, 0, 0], intercept: 2 };
    const weights = Array.from({ length: 1000 }, (_, i) => 1 + (i % 5));
    for (const options of [
      { alpha: 1 },
      { alpha: 10, prior },
      { alpha: 0.1, fitIntercept: false },
      { alpha: 3, fitIntercept: false, prior },
    ]) {
      use(options.fitIntercept === false ? near : wide);
      const one = new RidgeRegression(options).fit(X, y);
      const many = streamed(options);
      expect(maxRelDiff(vector(many.coef), vector(one.coef))).toBeLessThan(1e-9);
      expect(Math.abs((many.intercept as number) - (one.intercept as number))).toBeLessThan(
        1e-6 * Math.max(1, Math.abs(one.intercept as number)),
      );
    }
    use(wide);
    const oneW = new RidgeRegression({ alpha: 2 }).fit(X, y, { sampleWeight: weights });
    expect(maxRelDiff(vector(streamed({ alpha: 2 }, weights).coef), vector(oneW.coef))).toBeLessThan(1e-9);
  });

  it('rejects chunks of another width and a fit with no rows', () => {
    const acc = new RidgeAccumulator().add([[1, 2]], [1]);
    expect(() => acc.add([[1, 2, 3]], [1])).toThrow('RidgeAccumulator.add: chunk has 3 columns and 1 outputs, earlier chunks had 2 and 1');
    expect(() => new RidgeAccumulator().fit()).toThrow('RidgeAccumulator.fit: no rows were added');
  });
});

describe('RidgeAccumulator over a CSV file read in batches', () => {
  it('gives the fit on the whole file, read at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlkit-stream-'));
    try {
      const rng = new Random(8);
      const n = 5003;
      const rows: string[] = ['x1,x2,x3,y'];
      const X = zeros(n, 3);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = [rng.normal(), rng.normal() * 5 + 2, rng.uniform(-1, 1)].map((v) => Number(v.toFixed(6)));
        y[i] = Number((1 + 2 * x[0] - x[1] + 0.5 * x[2] + rng.normal()).toFixed(6));
        X.data.set(x, i * 3);
        rows.push(`${x.join(',')},${y[i]}`);
      }
      const path = join(dir, 'data.csv');
      writeFileSync(path, rows.join('\n'));
      const acc = new RidgeAccumulator();
      for await (const batch of readCsvBatches(path, { target: 'y', batchRows: 1000 })) acc.add(batch.X, batch.y);
      expect(acc.rows).toBe(n);
      const streamed = acc.fit({ alpha: 2 });
      const whole = new RidgeRegression({ alpha: 2 }).fit(X, y);
      const a = streamed.coef as Float64Array;
      (whole.coef as Float64Array).forEach((v, j) => expect(a[j]).toBeCloseTo(v, 9));
      expect(streamed.intercept).toBeCloseTo(whole.intercept as number, 9);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('RidgeAccumulator moments', () => {
  const rng = new Random(11);
  const X = randomMatrix(400, 5, rng, 50);
  const y = linearTargets(X, [1, -2, 0.5, 3, 0], 4, 1, rng);
  const weights = Array.from({ length: 400 }, (_, i) => 0.25 + (i % 5));

  it('round-trips through toMoments / fromMoments: fit, fitCV and further adds are unchanged', () => {
    const acc = new RidgeAccumulator().add(takeRows(X, [...Array(300).keys()]), y.slice(0, 300), { sampleWeight: weights.slice(0, 300) });
    const copy = RidgeAccumulator.fromMoments(acc.toMoments());
    const rest = [...Array(100).keys()].map((i) => i + 300);
    for (const a of [acc, copy]) a.add(takeRows(X, rest), y.slice(300), { sampleWeight: weights.slice(300) });
    const one = new RidgeCV({ cv: 'evidence' }).fit(X, y, { sampleWeight: weights });
    for (const a of [acc, copy]) {
      const cv = a.fitCV({ cv: 'evidence' });
      expect(cv.alpha).toBeCloseTo(one.alpha, 9);
      expect(maxRelDiff(vector(cv.coef), vector(one.coef))).toBeLessThan(1e-9);
    }
    expect(copy.rows).toBe(400);
    expect(copy.toMoments()).toEqual(acc.toMoments());
  });

  it('names the field of bad moments', () => {
    const m = new RidgeAccumulator().add(X, y).toMoments();
    expect(() => RidgeAccumulator.fromMoments({ ...m, Sxx: [1, 2] })).toThrow(
      new RangeError('RidgeAccumulator.fromMoments: Sxx has 2 values, 25 expected for d=5, k=1'),
    );
    expect(() => RidgeAccumulator.fromMoments({ ...m, yMean: [NaN] })).toThrow(
      new RangeError('RidgeAccumulator.fromMoments: yMean[0] is NaN, not a finite number'),
    );
    expect(() => RidgeAccumulator.fromMoments({ ...m, weightSum: 0 })).toThrow('weightSum must be positive, got 0');
    expect(() => new RidgeAccumulator().toMoments()).toThrow(new RangeError('RidgeAccumulator.toMoments: no rows were added'));
  });
});
