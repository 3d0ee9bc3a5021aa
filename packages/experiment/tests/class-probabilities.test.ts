import { Random, zeros, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeClassifierCV } from '@tlkit/ridge';
import { calibrateRidgeClassifier, fitMethod, fitSoftmaxScale, restoreMethod, softmaxRows, type ExperimentData } from '@tlkit/experiment';

const CLASSES = ['a', 'b', 'c'];

/** Rows of logits and labels drawn from softmax(logits): the true scale of D = logits / 2 is 2. */
function drawn(n: number, seed: number): { D: DenseMatrix; y: string[] } {
  const rng = new Random(seed);
  const D = zeros(n, 3);
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    const logits = [rng.normal() * 2, rng.normal() * 2, rng.normal() * 2];
    const p = softmaxRows({ rows: 1, cols: 3, data: Float64Array.from(logits) }, 1).data;
    const u = rng.next();
    y.push(u < p[0] ? 'a' : u < p[0] + p[1] ? 'b' : 'c');
    for (let c = 0; c < 3; c++) D.data[i * 3 + c] = logits[c] / 2;
  }
  return { D, y };
}

describe('class probabilities', () => {
  it('softmax rows sum to one and survive large values', () => {
    const P = softmaxRows({ rows: 2, cols: 3, data: Float64Array.from([1, 2, 3, 1000, 999, -1000]) }, 1.5);
    for (let i = 0; i < 2; i++) expect(P.data[i * 3] + P.data[i * 3 + 1] + P.data[i * 3 + 2]).toBeCloseTo(1, 14);
    expect(P.data[3]).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 12);
    expect(Number.isFinite(P.data[5])).toBe(true);
  });

  it('recovers the scale of a known softmax model (the truth: 2)', () => {
    const { D, y } = drawn(6000, 3);
    const fit = fitSoftmaxScale(D, y, CLASSES);
    expect(fit?.scale).toBeGreaterThan(1.85);
    expect(fit?.scale).toBeLessThan(2.15);
    expect(fit?.rows).toBe(6000);
  });

  it('gives a finite scale on separable rows, and none on fewer than two usable rows', () => {
    const D = { rows: 4, cols: 2, data: Float64Array.from([1, -1, 1, -1, -1, 1, -1, 1]) };
    const fit = fitSoftmaxScale(D, ['x', 'x', 'y', 'y'], ['x', 'y']);
    expect(Number.isFinite(fit?.scale)).toBe(true);
    // Platt's smoothed targets for two rows of a class: 3/4, so softmax(2s) = 3/4 at the optimum: s = ln 3 / 2.
    expect(fit?.scale).toBeCloseTo(Math.log(3) / 2, 6);
    const nan = { rows: 3, cols: 2, data: Float64Array.from([1, -1, NaN, 0, NaN, 1]) };
    expect(fitSoftmaxScale(nan, ['x', 'y', 'x'], ['x', 'y'])).toBeUndefined();
  });

  it('calibrates a ridge classifier on its leave-one-out outputs, not its training fit', () => {
    const rng = new Random(5);
    const n = 400;
    const X = zeros(n, 2);
    const y: string[] = [];
    for (let i = 0; i < n; i++) {
      X.data[i * 2] = rng.normal();
      X.data[i * 2 + 1] = rng.normal();
      y.push(X.data[i * 2] + 0.7 * rng.normal() > 0 ? 'yes' : 'no');
    }
    const head = new RidgeClassifierCV({ cv: 'evidence' }).fit(X, y);
    const fit = calibrateRidgeClassifier(head, X, y);
    expect(fit?.by).toBe('leave-one-out');
    // Noisy labels: probabilities well short of certainty, and a log loss between perfect (0) and guessing (ln 2).
    expect(fit?.logLoss).toBeGreaterThan(0.2);
    expect(fit?.logLoss).toBeLessThan(Math.log(2));
    const inSample = fitSoftmaxScale(head.decisionFunction(X), y, head.classes);
    expect(fit?.scale).toBeLessThanOrEqual((inSample?.scale ?? 0) + 1e-9);
  });

  it('fitMethod saves the calibration and restoreMethod gives probabilities in the class order', async () => {
    const rng = new Random(9);
    const rows = (k: number, shift: number) => {
      const X = zeros(k, 2);
      const y: string[] = [];
      for (let i = 0; i < k; i++) {
        X.data[i * 2] = rng.normal() + shift;
        X.data[i * 2 + 1] = rng.normal();
        y.push(X.data[i * 2] - shift + rng.normal() * 0.5 > 0 ? 'b' : 'a');
      }
      return { X, y };
    };
    const s = rows(200, 0);
    const t = rows(30, 0.5);
    const data: ExperimentData = {
      task: 'classification',
      Xs: s.X,
      ys: s.y,
      Xt: t.X,
      yt: t.y,
      classes: ['a', 'b'],
      featureNames: ['u', 'v'],
    };
    for (const method of ['param', 'feature:coral', 'auto']) {
      const saved = await fitMethod(data, method);
      expect(saved.probabilities?.scale).toBeGreaterThan(0);
      const restored = await restoreMethod(JSON.parse(JSON.stringify(saved)));
      const P = restored.probabilities?.(t.X);
      expect(P?.cols).toBe(2);
      const labels = restored.predict(t.X);
      for (let i = 0; i < t.X.rows; i++) {
        const p = P?.data.subarray(i * 2, i * 2 + 2) ?? new Float64Array(2);
        expect(p[0] + p[1]).toBeCloseTo(1, 12);
        if (Math.abs(p[0] - p[1]) > 1e-9) expect(labels[i]).toBe(p[0] > p[1] ? 'a' : 'b');
      }
      restored.dispose?.();
    }
    const saved = await fitMethod(data, 'param');
    await expect(restoreMethod({ ...saved, probabilities: { scale: -1 } })).rejects.toThrow('no finite scale ≥ 0');
  });
});
