import { Random, ShapeMismatchError, rootMeanSquaredError, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV } from '@tlkit/ridge';
import { InstanceTransfer, KMM, WEIGHTING_NAMES, type WeightingName } from '@tlkit/transfer-instance';
import { normal1d } from './helpers.js';

// Covariate shift with a misspecified model (Shimodaira 2000, section 6): y = −x + x³ + noise, fitted by a straight
// line. The source rows are spread around 0.5, the target rows concentrate near 0, so the best line for the target
// differs from the best line for the source; weighting the source rows by p_t/p_s moves the fit toward the target's.
const rng = new Random(11);
const f = (x: number) => -x + x ** 3;
const Xs = normal1d(200, 0.5, 0.5, rng);
const Xt = normal1d(150, 0, 0.3, rng);
const ys = Float64Array.from(Xs.data, (x) => f(x) + 0.1 * rng.normal());
const yt = Float64Array.from(Xt.data, (x) => f(x) + 0.1 * rng.normal());
const rmse = (model: { predict(X: DenseMatrix): unknown }, X: DenseMatrix, y: Float64Array) =>
  rootMeanSquaredError(y, model.predict(X) as Float64Array);
const unweighted = rmse(new RidgeCV({ cv: 'evidence' }).fit(Xs, ys), Xt, yt);

describe('InstanceTransfer on covariate shift (no labelled target rows)', () => {
  it('the unweighted source fit is poor on the target (the gap weighting should close)', () => {
    expect(unweighted).toBeGreaterThan(0.2);
  });

  // Measured (seed 11): unweighted 0.439; KMM 0.107, KLIEP 0.107, uLSIF 0.109, RuLSIF 0.112, domain classifier 0.222 —
  // its log-linear ratio is misspecified here (the domains' variances differ), so it over-weights the extremes.
  const bounds: Record<WeightingName, number> = { 'domain-classifier': 0.3, kmm: 0.15, kliep: 0.15, ulsif: 0.15, rulsif: 0.15 };
  it.each(WEIGHTING_NAMES.map((n): [WeightingName] => [n]))('%s weighting lowers the target RMSE of the straight-line fit', (name) => {
    const model = new InstanceTransfer({ weighting: name }).fit({ X: Xs, y: ys }, undefined, { targetUnlabeled: Xt });
    const error = rmse(model, Xt, yt);
    expect(error).toBeLessThan(bounds[name]);
    expect(model.effectiveSourceRows).toBeLessThan(Xs.rows);
    expect(model.effectiveSourceRows).toBeGreaterThan(1);
  });
});

describe('InstanceTransfer with labelled target rows', () => {
  it('fits source rows (weighted) and labelled target rows together; targetWeight 0 ignores the target labels', () => {
    const labelled = { X: { rows: 5, cols: 1, data: Xt.data.slice(0, 5) }, y: yt.slice(0, 5) };
    const a = new InstanceTransfer({ weighting: new KMM(), targetWeight: 0 }).fit({ X: Xs, y: ys }, labelled);
    const b = new InstanceTransfer({ weighting: new KMM() }).fit({ X: Xs, y: ys }, labelled);
    const c = new InstanceTransfer({ weighting: new KMM({ B: 1000 }), targetWeight: 0 }).fit({ X: Xs, y: ys }, labelled);
    expect(Array.from(a.predict([[0.2]]))).toEqual(Array.from(c.predict([[0.2]])));
    expect(a.predict([[0.2]])[0]).not.toBeCloseTo(b.predict([[0.2]])[0] as number, 10);
    expect(a.sourceWeights.reduce((s, w) => s + w, 0) / Xs.rows).toBeCloseTo(1, 12);
  });

  it('classifies with the ridge classifier head on class labels', () => {
    const cs = Array.from(ys, (v) => (v > 0 ? 'pos' : 'neg'));
    const ct = Array.from(yt, (v) => (v > 0 ? 'pos' : 'neg'));
    const model = new InstanceTransfer().fit({ X: Xs, y: cs }, undefined, { targetUnlabeled: Xt });
    expect(model.headKind).toBe('classification');
    // Measured: the unweighted ridge classifier 0.52, with domain-classifier weights 0.83.
    expect(new RidgeClassifierCV({ cv: 'evidence' }).fit(Xs, cs).score(Xt, ct)).toBeLessThan(0.6);
    expect(model.score(Xt, ct)).toBeGreaterThan(0.75);
  });

  it('names what is wrong with bad input', () => {
    expect(() => new InstanceTransfer().fit({ X: Xs, y: ys })).toThrow(/needs target rows/);
    expect(() => new InstanceTransfer().fit({ X: Xs, y: ys.slice(1) }, undefined, { targetUnlabeled: Xt })).toThrow(
      /source.y has 199 rows, source.X has 200/,
    );
    expect(() => new InstanceTransfer().fit({ X: Xs, y: ys }, undefined, { targetUnlabeled: [[1, 2]] })).toThrow(ShapeMismatchError);
    expect(() => new InstanceTransfer({ weighting: 'knn' as WeightingName })).toThrow(/weighting must be one of/);
    expect(() => new InstanceTransfer({ targetWeight: -1 })).toThrow(RangeError);
    const fitted = new InstanceTransfer().fit({ X: Xs, y: ys }, undefined, { targetUnlabeled: Xt });
    expect(() => fitted.predict([[1, 2]])).toThrow(/X has 2 columns, expected 1/);
  });
});
