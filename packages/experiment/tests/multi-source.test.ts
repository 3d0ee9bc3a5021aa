import { Random, zeros, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV } from '@tlkit/ridge';
import { fitMultiSourcePrior, rankSources, type NamedSource } from '@tlkit/experiment';

// Known truth: the target follows y = X·w + noise; "same" follows the same w, "null" has labels of pure noise and
// "other" follows an unrelated w. The evidence must rank "same" first and put nearly all posterior mass on it.
const d = 6;
function rows(n: number, rng: Random): DenseMatrix {
  const X = zeros(n, d);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.normal();
  return X;
}
function labels(X: DenseMatrix, w: readonly number[] | undefined, rng: Random): Float64Array {
  return Float64Array.from(
    { length: X.rows },
    (_, i) => (w ? w.reduce((s, v, j) => s + v * X.data[i * d + j], 0) : 0) + 0.3 * rng.normal(),
  );
}

const rng = new Random(5);
const w = [2, -1, 0.5, 1.5, -2, 1];
const sources: NamedSource[] = ['same', 'null', 'other'].map((name) => {
  const X = rows(300, rng);
  return { name, X, y: labels(X, name === 'same' ? w : name === 'other' ? [-1, 2, 1, -2, 0.5, 0] : undefined, rng) };
});
const Xl = rows(4, rng);
const yl = labels(Xl, w, rng);
const Xtest = rows(500, rng);
const ytest = labels(Xtest, w, rng);
const rmse = (p: Float64Array) => Math.sqrt(p.reduce((s, v, i) => s + (v - ytest[i]) ** 2, 0) / p.length);

describe('several sources', () => {
  it('rank by the evidence of parameter transfer on the labelled target rows: the source with the same rule first', () => {
    const ranking = rankSources('regression', sources, Xl, yl);
    expect(ranking.sources.map((s) => s.name)[0]).toBe('same');
    // Four rows are weak evidence: 'same' holds the most mass (0.59 here), more than the others and 'none' together.
    expect(ranking.sources[0].posterior).toBeGreaterThan(0.5);
    expect(ranking.sources.reduce((a, s) => a + s.posterior, ranking.none)).toBeCloseTo(1, 12);
    expect(ranking.sources.find((s) => s.name === 'null')?.logEvidenceRatio).toBeLessThan(ranking.sources[0].logEvidenceRatio);
  });

  it('with only a null source, the evidence says no source helps', () => {
    const ranking = rankSources('regression', [sources[1]], Xl, yl);
    expect(ranking.none).toBeGreaterThan(ranking.sources[0].posterior);
  });

  it('the multi-source prior leans on the helpful source and beats target-only ridge on 4 rows (fewer than the 6 features)', () => {
    const { model, leanedOn } = fitMultiSourcePrior(sources, Xl, yl);
    expect(leanedOn).toBe('same');
    const targetOnly = new RidgeCV({ cv: 'evidence' }).fit(Xl, yl);
    expect(rmse(model.predict(Xtest) as Float64Array)).toBeLessThan(0.5 * rmse(targetOnly.predict(Xtest)));
  });

  it('reject bad input with one clear message', () => {
    expect(() => rankSources('regression', [], Xl, yl)).toThrow('rankSources: give at least one source');
    expect(() => rankSources('regression', [sources[0], sources[0]], Xl, yl)).toThrow('two sources are named "same"');
    expect(() => rankSources('regression', [{ ...sources[0], X: zeros(300, 2) }], Xl, yl)).toThrow('has 2 columns, the target 6');
  });
});
