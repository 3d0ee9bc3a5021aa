import { loadTask } from '@tlkit/datasets';
import { Random, takeRows, zeros, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import {
  QUICK_METHODS,
  fitMethod,
  methodByName,
  prepareTables,
  restoreMethod,
  type DrawData,
  type ExperimentData,
  type MethodContext,
} from '@tlkit/experiment';
import { sourceClasses } from '../src/source-network.js';

/**
 * Every method compare runs can be deployed: a fit saved as JSON text and restored predicts exactly as the fit did;
 * `restoreMethod` rejects foreign and newer saved methods. (Neural methods: neural-methods.test.ts.)
 */
function contextFor(data: ExperimentData): MethodContext {
  let model: RidgeCV | RidgeClassifierCV | undefined;
  return {
    data,
    sourceModel: () =>
      (model ??=
        data.task === 'classification'
          ? new RidgeClassifierCV({ cv: 'evidence', classes: sourceClasses(data) }).fit(data.Xs, data.ys as ClassLabel[])
          : new RidgeCV({ cv: 'evidence' }).fit(data.Xs, data.ys as Float64Array)),
    sourceNetwork: () => Promise.reject(new Error('no network here')),
    cache: new Map(),
  };
}

function drawOf(data: ExperimentData, labelled: number[]): { draw: DrawData; test: DenseMatrix } {
  const rest = Int32Array.from({ length: data.Xt.rows }, (_, i) => i).filter((i) => !labelled.includes(i));
  const yl =
    data.yt instanceof Float64Array ? Float64Array.from(labelled, (i) => (data.yt as Float64Array)[i]) : labelled.map((i) => data.yt[i]);
  const test = takeRows(data.Xt, rest);
  return { draw: { Xl: takeRows(data.Xt, labelled), yl, Xu: test, seed: 4 }, test };
}

function classificationData(): ExperimentData {
  const rng = new Random(8);
  const rows = (n: number, shift: number) => {
    const X = zeros(n, 3);
    const y: string[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < 3; j++) X.data[i * 3 + j] = rng.normal() + (j === 0 ? shift : 0);
      const v = X.data[i * 3] - shift + 0.8 * X.data[i * 3 + 1];
      y.push(v > 0.5 ? 'up' : v < -0.5 ? 'down' : 'flat');
    }
    return { X, y };
  };
  const s = rows(150, 0);
  const t = rows(40, 0.7);
  return { task: 'classification', Xs: s.X, ys: s.y, Xt: t.X, yt: t.y, classes: ['down', 'flat', 'up'], featureNames: ['a', 'b', 'c'] };
}

const cars = (() => {
  const task = loadTask('cars-usa-japan');
  return prepareTables(task.source, task.target, { label: task.label });
})();
const names = [
  // The multi-source methods need two or more sources: tests/multi-source-experiment.test.ts round-trips them.
  ...QUICK_METHODS.filter((m) => !m.name.startsWith('multi:')).map((m) => m.name),
  'feature:tca',
  'instance:iw',
  'instance:kmm',
  'instance:kliep',
  'instance:ulsif',
  'instance:tradaboost',
  'auto',
  'auto:param+pooled',
];

describe.each([
  ['regression (cars)', cars],
  ['classification', classificationData()],
] as const)('every quick method, %s', (_name, data) => {
  it.each(names)('%s: saved as JSON text and restored, predicts exactly as the fit did', async (name) => {
    const method = methodByName(name);
    const { draw, test } = drawOf(data, [0, 3, 7, 12, 18, 25, 31, 36]);
    const fitted = await method.fit(contextFor(data), draw);
    const saved = JSON.parse(JSON.stringify(fitted.toJSON())) as unknown;
    const restored = await method.restore(saved, { task: data.task, ...(data.classes ? { classes: data.classes } : {}) });
    expect(restored.predict(test)).toEqual(fitted.predict(test));
    restored.dispose?.();
    fitted.dispose?.();
  });
});

describe('fitMethod and restoreMethod', () => {
  it('fit on all labelled target rows (auto records its choice and evidence) and read the fit back', async () => {
    const labelled = {
      ...cars,
      Xt: takeRows(cars.Xt, [1, 4, 9, 16, 25, 36, 49]),
      yt: Float64Array.from([1, 4, 9, 16, 25, 36, 49], (i) => (cars.yt as Float64Array)[i]),
    };
    const saved = await fitMethod(labelled, 'auto');
    expect(saved.kind).toBe('FittedMethod');
    expect(Object.values(saved.diagnostics.weights as Record<string, number>).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(Object.keys(saved.diagnostics.looMse as Record<string, number>)).toContain('feature:fa');
    const restored = await restoreMethod(JSON.parse(JSON.stringify(saved)));
    const direct = await methodByName('auto').fit(contextFor(labelled), { Xl: labelled.Xt, yl: labelled.yt, Xu: undefined, seed: 0 });
    expect(restored.predict(cars.Xt)).toEqual(direct.predict(cars.Xt));
  });

  it('reject foreign and newer saved methods, and methods that need the source rows when they are absent', async () => {
    const saved = await fitMethod({ ...cars, Xt: takeRows(cars.Xt, [0, 1, 2, 3, 4]), yt: (cars.yt as Float64Array).slice(0, 5) }, 'param');
    await expect(restoreMethod({ ...saved, kind: 'Network' })).rejects.toThrow(TypeError);
    await expect(restoreMethod({ ...saved, version: 2 })).rejects.toThrow(RangeError);
    await expect(restoreMethod({ ...saved, method: 'magic' })).rejects.toThrow('unknown method "magic"');
    await expect(restoreMethod(null)).rejects.toThrow(TypeError);
    const noSource = { ...cars, Xs: zeros(0, cars.Xs.cols), ys: new Float64Array(0) };
    await expect(fitMethod(noSource, 'pooled')).rejects.toThrow('pooled needs the source rows, not only the source model');
  });
});
