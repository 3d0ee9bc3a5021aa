import { loadTask } from '@tlkit/datasets';
import { ShapeMismatchError, takeRows } from '@tlkit/tensor-core';
import { makeWeighting } from '@tlkit/transfer-instance';
import { prepareTables, runExperiment, type DrawData, type MethodContext } from '@tlkit/experiment';
import { seesEveryTargetRow, sharedWeighting } from '../src/methods/shared-weighting.js';

const cars = (() => {
  const task = loadTask('cars-usa-japan');
  return prepareTables(task.source, task.target, { label: task.label });
})();

const context = (): MethodContext => ({
  data: cars,
  sourceModel: () => {
    throw new Error('unused');
  },
  sourceNetwork: () => Promise.reject(new Error('unused')),
  cache: new Map(),
});

function drawOf(labelled: readonly number[], unlabelled: 'rest' | 'none' | 'all'): DrawData {
  const rest = Int32Array.from({ length: cars.Xt.rows }, (_, i) => i).filter((i) => !labelled.includes(i));
  return {
    Xl: takeRows(cars.Xt, Int32Array.from(labelled)),
    yl: Float64Array.from(labelled, (i) => (cars.yt as Float64Array)[i]),
    Xu: unlabelled === 'none' ? undefined : unlabelled === 'all' ? cars.Xt : takeRows(cars.Xt, rest),
    seed: 3,
  };
}

describe('a weighting shared by the draws that see every target row', () => {
  it('is fitted once, on the source rows and every target row in their order, and gives that fit its weights', () => {
    const c = context();
    const a = sharedWeighting(c, drawOf([0, 4, 9], 'rest'), 'ulsif');
    const b = sharedWeighting(c, drawOf([2, 7, 30, 41], 'rest'), 'ulsif');
    expect(c.cache.size).toBe(1);
    const direct = makeWeighting('ulsif', 0).fit(cars.Xs, cars.Xt).weights;
    expect(Array.from(a?.fit(cars.Xs, cars.Xt).weights ?? [])).toEqual(Array.from(direct));
    expect(Array.from(b?.weights ?? [])).toEqual(Array.from(direct));
    expect(() => a?.fit(takeRows(cars.Xs, Int32Array.from([0, 1])), cars.Xt)).toThrow(ShapeMismatchError);
  });

  it('is not used where a draw sees only some target rows (no unlabelled rows, or other rows)', () => {
    const c = context();
    expect(seesEveryTargetRow(c, drawOf([0, 4, 9], 'rest'))).toBe(true);
    expect(seesEveryTargetRow(c, drawOf([0, 4, 9], 'none'))).toBe(false);
    expect(seesEveryTargetRow(c, drawOf([0, 4, 9], 'all'))).toBe(false);
    expect(sharedWeighting(c, drawOf([0, 4, 9], 'none'), 'ulsif')).toBeUndefined();
    expect(c.cache.size).toBe(0);
  });

  it('makes instance:ulsif one of auto candidates with the unlabelled rows, and leaves it out without them', async () => {
    const candidates = async (useUnlabeled: boolean) => {
      const report = await runExperiment(cars, { sizes: [8], repeats: 2, methods: ['auto'], useUnlabeled, bootstrap: 100 });
      const auto = report.results.find((r) => r.method === 'auto');
      return Object.keys((auto?.diagnostics?.looMse as { mean: Record<string, number> } | undefined)?.mean ?? {});
    };
    expect(await candidates(true)).toContain('instance:ulsif');
    const without = await candidates(false);
    expect(without).toContain('param');
    expect(without).not.toContain('instance:ulsif');
  }, 120000);
});
