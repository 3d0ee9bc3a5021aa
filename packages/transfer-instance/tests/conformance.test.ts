import { NotFittedError, Random, type DenseMatrix } from '@tlkit/tensor-core';
import {
  DomainClassifierWeighting,
  InstanceTransfer,
  KLIEP,
  KMM,
  RuLSIF,
  TrAdaBoost,
  TrAdaBoostR2,
  TwoStageTrAdaBoostR2,
  ULSIF,
  weightingFromJSON,
  type InstanceWeighting,
} from '@tlkit/transfer-instance';

// The estimator contract (in the spirit of scikit-learn's check_estimator): NotFittedError before fit, fit returns
// this, toJSON → JSON text → fromJSON gives identical outputs, a loaded estimator refits with the saved
// hyper-parameters to the same result, and foreign or newer JSON is rejected.

const rng = new Random(5);
function gaussianRows(n: number, mean: readonly number[], scale: number): DenseMatrix {
  const d = mean.length;
  return { rows: n, cols: d, data: Float64Array.from({ length: n * d }, (_, k) => mean[k % d] + scale * rng.normal()) };
}
const Xs = gaussianRows(60, [0, 0], 1);
const Xt = gaussianRows(40, [0.6, -0.2], 0.7);
const Xnew = gaussianRows(7, [0.3, 0], 1);
const coef = [1.5, -0.7];
const label = (X: DenseMatrix, shift: number) =>
  Array.from({ length: X.rows }, (_, i) => X.data[2 * i] * coef[0] + X.data[2 * i + 1] * coef[1] + shift + 0.1 * rng.normal());
const ys = label(Xs, 0);
const yt = label(Xt, 0.5);
const cs = ys.map((v) => (v > 0 ? 'up' : 'down'));
const ct = yt.map((v) => (v > 0.3 ? 'up' : 'down'));
const roundTrip = (json: unknown): unknown => JSON.parse(JSON.stringify(json));

type WeightingClass = { fromJSON(json: unknown): InstanceWeighting };
const weightings: [string, () => InstanceWeighting, WeightingClass][] = [
  ['DomainClassifierWeighting', () => new DomainClassifierWeighting({ Cs: [0.1, 1, 10], seed: 3 }), DomainClassifierWeighting],
  ['KMM', () => new KMM({ B: 50, seed: 3 }), KMM],
  ['KLIEP', () => new KLIEP({ centers: 20, folds: 4, seed: 3 }), KLIEP],
  ['ULSIF', () => new ULSIF({ centers: 20, seed: 3 }), ULSIF],
  ['RuLSIF', () => new RuLSIF({ centers: 20, alpha: 0.2, seed: 3 }), RuLSIF],
];

describe.each(weightings)('%s follows the estimator contract', (kind, make, Class) => {
  it('throws NotFittedError before fit', () => {
    const m = make();
    expect(m.isFitted).toBe(false);
    expect(() => m.weights).toThrow(NotFittedError);
    expect(() => m.toJSON()).toThrow(NotFittedError);
    if (m.inductive) expect(() => m.predictWeights(Xnew)).toThrow(NotFittedError);
  });

  const model = make();
  it('fit returns the estimator, with one finite non-negative weight per source row', () => {
    expect(model.fit(Xs, Xt)).toBe(model);
    expect(model.weights).toHaveLength(Xs.rows);
    expect(model.weights.every((w) => Number.isFinite(w) && w >= 0)).toBe(true);
  });

  it('round-trips through JSON text with identical weights and predictions, and the same options', () => {
    const json = roundTrip(model.toJSON());
    const loaded = Class.fromJSON(json);
    expect(loaded.kind).toBe(kind);
    expect(Array.from(loaded.weights)).toEqual(Array.from(model.weights));
    if (model.inductive) expect(Array.from(loaded.predictWeights(Xnew))).toEqual(Array.from(model.predictWeights(Xnew)));
    expect(roundTrip(loaded.toJSON())).toEqual(json);
    expect(weightingFromJSON(json).kind).toBe(kind);
  });

  it('refits after loading with the saved hyper-parameters (the same weights as the original fit)', () => {
    const loaded = Class.fromJSON(roundTrip(model.toJSON()));
    loaded.fit(Xs, Xt);
    expect(Array.from(loaded.weights)).toEqual(Array.from(model.weights));
  });

  it('rejects foreign and newer JSON', () => {
    const json = model.toJSON() as unknown as Record<string, unknown>;
    expect(() => Class.fromJSON({ ...json, kind: 'Other' })).toThrow(TypeError);
    expect(() => Class.fromJSON({ ...json, version: 2 })).toThrow(RangeError);
    expect(() => Class.fromJSON(null)).toThrow(TypeError);
  });
});

it('weightingFromJSON names the kinds it knows', () => {
  expect(() => weightingFromJSON({ kind: 'PCA', version: 1 })).toThrow(/unknown weighting kind "PCA"/);
});

interface Predictor {
  readonly isFitted: boolean;
  predict(X: DenseMatrix): Float64Array | readonly unknown[];
  toJSON(): unknown;
}
/** One estimator's contract checks, typed by its class through closures. */
interface Contract {
  fresh(): Predictor;
  /** Fits `model` (made by fresh or load) and says whether fit returned it. */
  fit(model: Predictor): boolean;
  load(json: unknown): Predictor;
}
function contract<T extends Predictor>(make: () => T, load: (json: unknown) => T, fit: (m: T) => T): Contract {
  const made = new Set<Predictor>();
  const own = (m: Predictor): T => {
    if (!made.has(m)) throw new Error('contract: not an estimator of this case');
    return m as T;
  };
  const track = (m: T): T => {
    made.add(m);
    return m;
  };
  return {
    fresh: () => track(make()),
    fit: (m) => fit(own(m)) === m,
    load: (json) => track(load(json)),
  };
}

function takeFirst(X: DenseMatrix, k: number): DenseMatrix {
  return { rows: k, cols: X.cols, data: X.data.slice(0, k * X.cols) };
}

const estimators: [string, Contract][] = [
  [
    'InstanceTransfer (regression, KLIEP)',
    contract(
      () => new InstanceTransfer({ weighting: new KLIEP({ centers: 20, folds: 4, seed: 1 }) }),
      (j) => InstanceTransfer.fromJSON(j),
      (m) => m.fit({ X: Xs, y: ys }, { X: takeFirst(Xt, 5), y: yt.slice(0, 5) }, { targetUnlabeled: Xt }),
    ),
  ],
  [
    'InstanceTransfer (classification, domain classifier)',
    contract(
      () => new InstanceTransfer({ weighting: 'domain-classifier', alpha: 1, classes: ['up', 'down'] }),
      (j) => InstanceTransfer.fromJSON(j),
      (m) => m.fit({ X: Xs, y: cs }, undefined, { targetUnlabeled: Xt }),
    ),
  ],
  [
    'TrAdaBoost',
    contract(
      () => new TrAdaBoost({ estimators: 6 }),
      (j) => TrAdaBoost.fromJSON(j),
      (m) => m.fit({ X: Xs, y: cs }, { X: Xt, y: ct }),
    ),
  ],
  [
    'TrAdaBoostR2',
    contract(
      () => new TrAdaBoostR2({ estimators: 6, loss: 'square' }),
      (j) => TrAdaBoostR2.fromJSON(j),
      (m) => m.fit({ X: Xs, y: ys }, { X: Xt, y: yt }),
    ),
  ],
  [
    'TwoStageTrAdaBoostR2',
    contract(
      () => new TwoStageTrAdaBoostR2({ steps: 4, estimators: 3, folds: 3, seed: 2 }),
      (j) => TwoStageTrAdaBoostR2.fromJSON(j),
      (m) => m.fit({ X: Xs, y: ys }, { X: Xt, y: yt }),
    ),
  ],
];

describe.each(estimators)('%s follows the estimator contract', (_name, c) => {
  it('throws NotFittedError before fit', () => {
    const m = c.fresh();
    expect(m.isFitted).toBe(false);
    expect(() => m.predict(Xnew)).toThrow(NotFittedError);
    expect(() => m.toJSON()).toThrow(NotFittedError);
  });

  const model = c.fresh();
  it('fit returns the estimator', () => {
    expect(c.fit(model)).toBe(true);
    expect(model.isFitted).toBe(true);
  });

  it('round-trips through JSON text with identical predictions', () => {
    const json = roundTrip(model.toJSON());
    const loaded = c.load(json);
    expect(Array.from(loaded.predict(Xnew))).toEqual(Array.from(model.predict(Xnew)));
    expect(roundTrip(loaded.toJSON())).toEqual(json);
  });

  it('refits after loading with the saved hyper-parameters (the same predictions as the original fit)', () => {
    const loaded = c.load(roundTrip(model.toJSON()));
    c.fit(loaded);
    expect(Array.from(loaded.predict(Xnew))).toEqual(Array.from(model.predict(Xnew)));
  });

  it('rejects foreign and newer JSON', () => {
    const json = model.toJSON() as Record<string, unknown>;
    expect(() => c.load({ ...json, kind: 'Other' })).toThrow(TypeError);
    expect(() => c.load({ ...json, version: 2 })).toThrow(RangeError);
  });
});
