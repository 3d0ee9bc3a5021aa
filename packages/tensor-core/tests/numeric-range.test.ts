import { StandardScaler, columnMeans, meanAbsoluteError, meanSquaredError, r2Score, rootMeanSquaredError } from '@tlkit/tensor-core';

// Identities that must hold at any magnitude fp64 can hold: scaling data by a power of two scales means, standard
// deviations and errors by the same power exactly, and leaves R² unchanged. Before, squares of values near 1e200
// overflowed: the scaler's scale became Infinity (saved as null) and the RMSE of labels near 1e300 was Infinity.
const base = [1.5, -2.25, 3, 0.5, 7, -1, 2.75, 4.5];
const preds = [1, -2, 2.5, 1, 6.5, -0.5, 3, 4];
const times = (values: number[], k: number) => values.map((v) => v * 2 ** k);

describe('numbers near the ends of fp64', () => {
  it('StandardScaler: mean and scale of a column near 1e300 are the ordinary ones times the power', () => {
    const ordinary = new StandardScaler().fit(base.map((v) => [v]));
    for (const k of [997, 700, 520]) {
      const s = new StandardScaler().fit(times(base, k).map((v) => [v]));
      expect(s.mean[0]).toBe(ordinary.mean[0] * 2 ** k);
      expect(s.scale[0] / 2 ** k).toBeCloseTo(ordinary.scale[0], 14);
      const z = s.transform(times(base, k).map((v) => [v])).data;
      const zo = ordinary.transform(base.map((v) => [v])).data;
      z.forEach((v, i) => expect(v).toBeCloseTo(zo[i], 12));
      expect(StandardScaler.fromJSON(JSON.parse(JSON.stringify(s.toJSON()))).scale[0]).toBe(s.scale[0]);
    }
  });

  it('StandardScaler.partialFit merges blocks of different magnitudes as fit does', () => {
    const rows = [...times(base, 990), ...base].map((v) => [v]);
    const whole = new StandardScaler().fit(rows);
    const parts = new StandardScaler().partialFit(rows.slice(8)).partialFit(rows.slice(0, 8));
    expect(parts.mean[0]).toBeCloseTo(whole.mean[0], -290);
    expect(parts.scale[0] / whole.scale[0]).toBeCloseTo(1, 12);
    expect(Number.isFinite(whole.scale[0])).toBe(true);
  });

  it('columnMeans of values whose sum overflows', () => {
    const m = { rows: 4, cols: 1, data: Float64Array.from([1.7e308, 1.7e308, 1.6e308, 1.6e308]) };
    expect(columnMeans(m)[0]).toBeCloseTo(1.65e308, -295);
  });

  it('metrics of labels near 1e300 are the ordinary ones times the power (R² unchanged)', () => {
    const k = 996;
    expect(rootMeanSquaredError(times(base, k), times(preds, k))).toBe(rootMeanSquaredError(base, preds) * 2 ** k);
    expect(meanAbsoluteError(times(base, k), times(preds, k))).toBe(meanAbsoluteError(base, preds) * 2 ** k);
    expect(r2Score(times(base, k), times(preds, k))).toBe(r2Score(base, preds));
    expect(meanSquaredError(times(base, k), times(preds, k))).toBe(Infinity);
    expect(meanSquaredError(times(base, 400), times(preds, 400))).toBe(meanSquaredError(base, preds) * 2 ** 800);
  });
});
