import { Random, type DenseMatrix } from '@tlkit/tensor-core';
import { CORAL, FeatureTransfer, SubspaceAlignment } from '@tlkit/transfer-feature';

function rows(n: number, d: number, rng: Random, scale = 1): DenseMatrix {
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = scale * rng.normal() + (i % d) * 0.1;
  return { rows: n, cols: d, data };
}

// The source-side work a map keeps in `sourceCache` must change nothing: a fit that takes it from the store equals
// a fresh fit on the same rows, bit for bit, for every target it is reused with (odd sizes; both the d×d and the
// n×n paths of the source side).
describe('sourceCache: source-side work kept between fits on the same source rows', () => {
  const rng = new Random(14);
  const cases = [
    { name: 'tall (d×d side)', source: rows(53, 7, rng), targets: [rows(19, 7, rng, 2), rows(31, 7, rng, 0.5)] },
    { name: 'wide (n×n side)', source: rows(11, 29, rng), targets: [rows(9, 29, rng, 2), rows(13, 29, rng, 0.5)] },
  ];
  const maps = [
    { name: 'CORAL', make: () => new CORAL({ lambda: 0.01 }) },
    { name: 'subspace alignment', make: () => new SubspaceAlignment({ components: 3 }) },
  ];
  for (const c of cases) {
    for (const m of maps) {
      it(`${m.name}, ${c.name}: the cached fit equals a fresh one for every target`, () => {
        const cache = new Map<string, unknown>();
        for (const target of c.targets) {
          const cached = m.make().fit(c.source, { targetUnlabeled: target, sourceCache: cache });
          const fresh = m.make().fit(c.source, { targetUnlabeled: target });
          expect(cached.toJSON()).toEqual(fresh.toJSON());
          for (const domain of ['source', 'target'] as const) {
            expect(cached.transform(c.source, { domain }).data).toEqual(fresh.transform(c.source, { domain }).data);
          }
        }
        expect(cache.size).toBe(1);
      });
    }
  }

  it('keys the store by the settings that shape the source side (another λ or k is computed, not reused)', () => {
    const { source, targets } = cases[0];
    const cache = new Map<string, unknown>();
    new CORAL({ lambda: 0.01 }).fit(source, { targetUnlabeled: targets[0], sourceCache: cache });
    const other = new CORAL({ lambda: 1 }).fit(source, { targetUnlabeled: targets[0], sourceCache: cache });
    expect(other.toJSON()).toEqual(new CORAL({ lambda: 1 }).fit(source, { targetUnlabeled: targets[0] }).toJSON());
    new SubspaceAlignment({ components: 2 }).fit(source, { targetUnlabeled: targets[0], sourceCache: cache });
    new SubspaceAlignment({ components: 3 }).fit(source, { targetUnlabeled: targets[0], sourceCache: cache });
    expect(cache.size).toBe(4);
  });

  it('FeatureTransfer hands the store to its map: the same predictions with or without it', () => {
    const { source, targets } = cases[0];
    const y = Float64Array.from({ length: source.rows }, (_, i) => source.data[i * source.cols] - source.data[i * source.cols + 3]);
    const cache = new Map<string, unknown>();
    for (const target of targets) {
      const fit = (options: { sourceCache?: Map<string, unknown> }) =>
        new FeatureTransfer({ map: new CORAL(), cv: 'evidence' }).fit({ X: source, y }, undefined, { targetUnlabeled: target, ...options });
      expect(fit({ sourceCache: cache }).predict(target)).toEqual(fit({}).predict(target));
    }
    expect(cache.size).toBe(1);
  });
});
