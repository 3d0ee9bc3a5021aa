import { NotFittedError, Random, zeros, type DenseMatrix } from '@tlkit/tensor-core';
import { CORAL, FeatureAugmentation, FeatureTransfer, PCA, SubspaceAlignment, TCA, type FeatureMap } from '@tlkit/transfer-feature';

/**
 * The estimator contract for FeatureTransfer with each map: NotFittedError before fit; fit → toJSON → JSON text →
 * fromJSON predicts identically; a refit after loading behaves as the original refitted (every option saved); foreign
 * and newer JSON rejected.
 */
function rows(n: number, rng: Random, shift: number): DenseMatrix {
  const m = zeros(n, 4);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal() * (1 + (i % 4) * 0.3) + shift;
  return m;
}
const rng = new Random(12);
const source = rows(60, rng, 0);
const target = rows(14, rng, 0.4);
const other = rows(50, rng, -0.3);
const fresh = rows(9, rng, 0.2);
const value = (X: DenseMatrix) =>
  Float64Array.from({ length: X.rows }, (_, i) => X.data[i * 4] - 2 * X.data[i * 4 + 1] + 0.5 * X.data[i * 4 + 3]);
const labels = (X: DenseMatrix) => Array.from(value(X), (v) => (v > 0.3 ? 'hi' : v < -0.3 ? 'lo' : 'mid'));

const MAPS: readonly [string, () => FeatureMap, boolean][] = [
  ['CORAL', () => new CORAL({ lambda: 0.5, alignMeans: false }), true],
  ['FeatureAugmentation', () => new FeatureAugmentation(), true],
  ['SubspaceAlignment', () => new SubspaceAlignment({ components: 2 }), true],
  // PCA's and TCA's JSON keep the fitted projection but not varianceRatio / useTarget / maxSamples / gamma 'auto':
  // a refit after loading does not behave as the original (reported; the maps are outside this file's owner).
  ['PCA', () => new PCA({ components: { varianceRatio: 0.9 }, useTarget: true }), false],
  ['TCA', () => new TCA({ components: 2, maxSamples: 40 }), false],
];

describe.each(MAPS)('FeatureTransfer with %s', (_name, map, keepsOptions) => {
  const make = (kind: 'regression' | 'classification') =>
    new FeatureTransfer({
      map: map(),
      head: kind,
      cv: 'gcv',
      train: 'source+target',
      ...(kind === 'classification' ? { classes: ['lo', 'mid', 'hi'] } : {}),
    });
  const fit = (t: FeatureTransfer, kind: 'regression' | 'classification', s: DenseMatrix) =>
    t.fit(
      { X: s, y: kind === 'regression' ? value(s) : labels(s) },
      { X: target, y: kind === 'regression' ? value(target) : labels(target) },
    );

  it.each(['regression', 'classification'] as const)(
    '%s: NotFittedError before fit, identical predictions after JSON, foreign JSON rejected',
    async (kind) => {
      expect(() => make(kind).predict(fresh)).toThrow(NotFittedError);
      expect(() => make(kind).toJSON()).toThrow(NotFittedError);
      const model = fit(make(kind), kind, source);
      const loaded = await FeatureTransfer.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
      expect(loaded.predict(fresh)).toEqual(model.predict(fresh));
      expect(loaded.cv).toBe('gcv');
      const json = model.toJSON();
      await expect(FeatureTransfer.fromJSON({ ...json, kind: 'ParameterTransfer' })).rejects.toThrow(TypeError);
      await expect(FeatureTransfer.fromJSON({ ...json, version: 2 })).rejects.toThrow(RangeError);
    },
  );

  (keepsOptions ? it : it.failing)('refits after loading with the saved options', async () => {
    const loaded = await FeatureTransfer.fromJSON(JSON.parse(JSON.stringify(fit(make('regression'), 'regression', source).toJSON())));
    fit(loaded, 'regression', other);
    expect(loaded.predict(fresh)).toEqual(fit(make('regression'), 'regression', other).predict(fresh));
  });
});

describe('FeatureTransfer on many source rows', () => {
  it('fits 300,000 source rows (no spread of the labels into a call)', () => {
    const r = new Random(1);
    const n = 300000;
    const X = zeros(n, 2);
    for (let i = 0; i < X.data.length; i++) X.data[i] = r.normal();
    const y = Float64Array.from({ length: n }, (_, i) => X.data[i * 2] + 0.1 * r.normal());
    const few = { rows: 5, cols: 2, data: Float64Array.from({ length: 10 }, () => r.normal()) };
    const ft = new FeatureTransfer({ map: new FeatureAugmentation(), cv: 'evidence' }).fit(
      { X, y },
      { X: few, y: Float64Array.from({ length: 5 }, () => r.normal()) },
    );
    expect(ft.model.coefMatrix.cols).toBe(6);
  });
});
