import { loadTask } from '@tlkit/datasets';
import { Random, takeRows, vstack, zeros, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, RidgeRegression, plainKernels, useKernels } from '@tlkit/ridge';
import { prepareTables, resolveMethods, type DrawData, type MethodContext } from '@tlkit/experiment';
import { kernelLeverages, leverages, looOutputs, momentsOf, addMoments } from '../src/methods/ridge-loo.js';
import { outerGram } from '@tlkit/tensor-core';
import { sourceClasses } from '../src/source-network.js';

function rows(n: number, d: number, rng: Random): DenseMatrix {
  const m = zeros(n, d);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal();
  return m;
}

function without(X: DenseMatrix, i: number): DenseMatrix {
  return takeRows(
    X,
    Int32Array.from({ length: X.rows - 1 }, (_, j) => (j < i ? j : j + 1)),
  );
}

describe('closed-form leave-one-out', () => {
  it('equals refitting without each row at the same alpha (Sherman–Morrison, the intercept refitted too)', () => {
    const rng = new Random(3);
    const source = rows(40, 3, rng);
    const target = rows(6, 3, rng);
    const X = vstack([source, target]);
    const y = Float64Array.from({ length: 46 }, (_, i) => X.data[i * 3] - 2 * X.data[i * 3 + 2] + 0.5 * rng.normal());
    const prior = { coef: [0.8, 0.1, -1.5] };
    for (const alpha of [0.3, 7, Infinity]) {
      const fit = new RidgeRegression({ alpha, prior }).fit(X, y);
      const h = leverages(addMoments(momentsOf(source), momentsOf(target)), alpha, target);
      const P = fit.predictMatrix(target);
      const loo = looOutputs(P, { rows: 6, cols: 1, data: y.subarray(40) }, h);
      for (let i = 0; i < 6; i++) {
        const refit = new RidgeRegression({ alpha, prior }).fit(
          without(X, 40 + i),
          Float64Array.from([...y.subarray(0, 40 + i), ...y.subarray(41 + i)]),
        );
        expect(loo.data[i]).toBeCloseTo(refit.predictMatrix(takeRows(target, [i])).data[0], 9);
      }
    }
  });

  it('wide designs: the n×n kernel side gives the leverages of the d×d normal equations, and refits agree (odd sizes)', () => {
    const rng = new Random(14);
    const source = rows(23, 41, rng);
    const target = rows(7, 41, rng);
    const X = vstack([source, target]);
    const y = Float64Array.from({ length: 30 }, (_, i) => X.data[i * 41] - 2 * X.data[i * 41 + 5] + 0.5 * rng.normal());
    for (const alpha of [0.3, 7, 250, Infinity]) {
      const primal = leverages(addMoments(momentsOf(source), momentsOf(target)), alpha, target);
      const dual = kernelLeverages(source, outerGram(source), alpha, target);
      for (let i = 0; i < 7; i++) expect(dual[i]).toBeCloseTo(primal[i], 10);
      // Outside truth: refitting without each row at the same alpha (the leave-one-out these leverages give).
      const fit = new RidgeRegression({ alpha }).fit(X, y);
      const loo = looOutputs(fit.predictMatrix(target), { rows: 7, cols: 1, data: y.subarray(23) }, dual);
      for (let i = 0; i < 7; i++) {
        const refit = new RidgeRegression({ alpha }).fit(
          without(X, 23 + i),
          Float64Array.from([...y.subarray(0, 23 + i), ...y.subarray(24 + i)]),
        );
        expect(loo.data[i]).toBeCloseTo(refit.predictMatrix(takeRows(target, [i])).data[0], 8);
      }
    }
    // No other rows: the labelled rows alone.
    const alone = kernelLeverages(zeros(0, 41), zeros(0, 0), 3, target);
    const direct = leverages(momentsOf(target), 3, target);
    for (let i = 0; i < 7; i++) expect(alone[i]).toBeCloseTo(direct[i], 10);
    // alpha = 0 on a wide design: no leave-one-out (the centred kernel is singular), as on the d×d side.
    expect(Array.from(kernelLeverages(source, outerGram(source), 0, target)).every(Number.isNaN)).toBe(true);
  });

  it("the ridge kernels' blocked Cholesky gives the plain path's leverages", () => {
    const rng = new Random(15);
    const source = rows(97, 67, rng);
    const target = rows(13, 67, rng);
    const train = addMoments(momentsOf(source), momentsOf(target));
    const fast = leverages(train, 1.7, target);
    const previous = useKernels(plainKernels);
    try {
      const plain = leverages(train, 1.7, target);
      for (let i = 0; i < 13; i++) expect(fast[i]).toBeCloseTo(plain[i], 12);
    } finally {
      useKernels(previous);
    }
  });

  it("gives auto every quick method's leave-one-out outputs on the labelled rows, exact for their fits", async () => {
    const task = loadTask('cars-usa-japan');
    const data = prepareTables(task.source, task.target, { label: task.label });
    let model: RidgeCV | undefined;
    const context: MethodContext = {
      data,
      sourceModel: () => (model ??= new RidgeCV({ cv: 'evidence' }).fit(data.Xs, data.ys as Float64Array)),
      sourceNetwork: () => Promise.reject(new Error('unused')),
      cache: new Map(),
    };
    const labelled = Int32Array.from([0, 5, 11, 19, 23, 31, 40]);
    const draw: DrawData = {
      Xl: takeRows(data.Xt, labelled),
      yl: Float64Array.from(labelled, (i) => (data.yt as Float64Array)[i]),
      Xu: data.Xt,
      seed: 1,
    };
    for (const method of resolveMethods(['source-only', 'pooled', 'feature:fa', 'feature:coral'])) {
      const fitted = await method.fit(context, draw);
      const loo = fitted.leaveOneOut?.();
      expect(loo?.rows).toBe(7);
      if (method.name === 'source-only')
        expect(Array.from(loo?.data ?? [])).toEqual(Array.from((context.sourceModel() as RidgeCV).predictMatrix(draw.Xl).data));
      if (method.name === 'pooled') {
        // The method's head: ridge by the evidence on the source and labelled rows.
        const { alpha } = new RidgeCV({ cv: 'evidence' }).fit(
          vstack([data.Xs, draw.Xl]),
          Float64Array.from([...(data.ys as Float64Array), ...(draw.yl as Float64Array)]),
        );
        for (const i of [0, 3, 6]) {
          const keep = Float64Array.from([...(draw.yl as Float64Array).slice(0, i), ...(draw.yl as Float64Array).slice(i + 1)]);
          const refit = new RidgeRegression({ alpha }).fit(
            vstack([data.Xs, without(draw.Xl, i)]),
            Float64Array.from([...(data.ys as Float64Array), ...keep]),
          );
          expect(loo?.data[i]).toBeCloseTo(refit.predictMatrix(takeRows(draw.Xl, [i])).data[0], 8);
        }
      }
    }
  });

  it('for target-only and param, refits without each row and chooses alpha again (no row helps choose its own alpha)', async () => {
    const task = loadTask('penguins-adelie-gentoo');
    const data = prepareTables(task.source, task.target, { label: task.label });
    const context: MethodContext = {
      data,
      sourceModel: () => new RidgeCV({ cv: 'evidence' }).fit(data.Xs, data.ys as Float64Array),
      sourceNetwork: () => Promise.reject(new Error('unused')),
      cache: new Map(),
    };
    const labelled = Int32Array.from([2, 9, 14, 30, 33]);
    const yl = Float64Array.from(labelled, (i) => (data.yt as Float64Array)[i]);
    const draw: DrawData = { Xl: takeRows(data.Xt, labelled), yl, Xu: undefined, seed: 1 };
    const [targetOnly] = resolveMethods(['target-only']);
    const loo = (await targetOnly.fit(context, draw)).leaveOneOut?.();
    for (let i = 0; i < 5; i++) {
      const refit = new RidgeCV({ cv: 'evidence' }).fit(without(draw.Xl, i), Float64Array.from([...yl.slice(0, i), ...yl.slice(i + 1)]));
      expect(loo?.data[i]).toBeCloseTo(refit.predictMatrix(takeRows(draw.Xl, [i])).data[0], 10);
    }
  });

  it('for classifiers, in the columns of data.classes (decision values, ±1 targets)', async () => {
    const rng = new Random(2);
    const Xs = rows(60, 2, rng);
    const ys = Array.from({ length: 60 }, (_, i) => (Xs.data[i * 2] > 0 ? 'b' : 'a'));
    const Xt = rows(12, 2, rng);
    const yt = Array.from({ length: 12 }, (_, i) => (Xt.data[i * 2] > 0.3 ? 'b' : 'a'));
    const data = { task: 'classification' as const, Xs, ys, Xt, yt, classes: ['a', 'b'], featureNames: ['x', 'z'] };
    const context: MethodContext = {
      data,
      sourceModel: () => new RidgeClassifierCV({ cv: 'evidence', classes: sourceClasses(data) }).fit(Xs, ys),
      sourceNetwork: () => Promise.reject(new Error('unused')),
      cache: new Map(),
    };
    const draw: DrawData = { Xl: Xt, yl: yt, Xu: undefined, seed: 1 };
    for (const method of resolveMethods(['target-only', 'source-only', 'pooled', 'param'])) {
      const loo = (await method.fit(context, draw)).leaveOneOut?.();
      expect(loo?.cols).toBe(2);
      expect(loo?.rows).toBe(12);
      expect(Array.from(loo?.data ?? []).every(Number.isFinite)).toBe(true);
    }
  });
});
