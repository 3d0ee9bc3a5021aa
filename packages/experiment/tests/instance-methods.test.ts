import { loadTask } from '@tlkit/datasets';
import { takeRows, vstack } from '@tlkit/tensor-core';
import { RidgeCV, RidgeRegression } from '@tlkit/ridge';
import { InstanceTransfer } from '@tlkit/transfer-instance';
import { QUICK_METHODS, methodByName, prepareTables, runExperiment, type DrawData, type MethodContext } from '@tlkit/experiment';

const cars = (() => {
  const task = loadTask('cars-usa-japan');
  return prepareTables(task.source, task.target, { label: task.label });
})();

function contextFor(): MethodContext {
  let model: RidgeCV | undefined;
  return {
    data: cars,
    sourceModel: () => (model ??= new RidgeCV({ cv: 'evidence' }).fit(cars.Xs, cars.ys as Float64Array)),
    sourceNetwork: () => Promise.reject(new Error('unused')),
    cache: new Map(),
  };
}

const labelled = Int32Array.from([0, 5, 11, 19, 23, 31, 40]);
const draw: DrawData = {
  Xl: takeRows(cars.Xt, labelled),
  yl: Float64Array.from(labelled, (i) => (cars.yt as Float64Array)[i]),
  Xu: cars.Xt,
  seed: 1,
};

describe('instance methods in the registry', () => {
  it('are compare methods, none of them quick (auto takes instance:ulsif only where its weights are shared by the draws)', () => {
    for (const name of ['instance:iw', 'instance:kmm', 'instance:kliep', 'instance:ulsif', 'instance:tradaboost'])
      expect(methodByName(name).name).toBe(name);
    for (const name of ['instance:iw', 'instance:kmm', 'instance:kliep', 'instance:ulsif', 'instance:tradaboost'])
      expect(QUICK_METHODS.map((m) => m.name)).not.toContain(name);
    expect(methodByName('instance:kliep').needsLabels).toBe(false);
    expect(methodByName('instance:tradaboost').needsLabels).toBe(true);
  });

  it.each(['instance:ulsif', 'instance:kliep'])(
    '%s: leave-one-out outputs equal refits without each labelled row, weights and alpha held fixed',
    async (name) => {
      const fitted = await methodByName(name).fit(contextFor(), draw);
      const loo = fitted.leaveOneOut?.();
      const transfer = InstanceTransfer.fromJSON(fitted.toJSON());
      const sw = transfer.sourceWeights;
      const all = Float64Array.from([...sw, ...new Array<number>(labelled.length).fill(1)]);
      const keep = Int32Array.from(all.keys()).filter((i) => all[i] > 0);
      const scale = keep.length / keep.reduce((s, i) => s + all[i], 0);
      const alpha = (transfer.model as RidgeCV).alpha;
      const ns = cars.Xs.rows;
      const yl = draw.yl as Float64Array;
      for (const i of [0, 3, 6]) {
        const rows = Int32Array.from(keep).filter((r) => r !== ns + i);
        const X = takeRows(vstack([cars.Xs, draw.Xl]), rows);
        const y = Float64Array.from(rows, (r) => (r < ns ? (cars.ys as Float64Array)[r] : yl[r - ns]));
        const refit = new RidgeRegression({ alpha }).fit(X, y, { sampleWeight: Float64Array.from(rows, (r) => scale * all[r]) });
        expect(loo?.data[i]).toBeCloseTo(refit.predictMatrix(takeRows(draw.Xl, [i])).data[0], 8);
      }
    },
  );

  it('run at size 0 on unlabelled target rows (the weighting methods) and skip TrAdaBoost there', async () => {
    const report = await runExperiment(cars, {
      sizes: [0, 10],
      repeats: 2,
      methods: ['source-only', 'instance:ulsif', 'instance:tradaboost'],
      bootstrap: 200,
    });
    const at = (m: string, k: number) => report.results.find((r) => r.method === m && r.size === k);
    expect(at('instance:ulsif', 0)?.mean).toBeGreaterThan(0);
    expect(at('instance:tradaboost', 0)?.skipped).toMatch(/labelled/);
    expect(at('instance:tradaboost', 10)?.mean).toBeGreaterThan(0);
    // Cars USA → Japan: weighting the American cars toward the Japanese ones beats the unweighted source model at size 0.
    expect(at('instance:ulsif', 0)?.mean).toBeLessThan(at('source-only', 0)?.mean ?? 0);
  });
});
