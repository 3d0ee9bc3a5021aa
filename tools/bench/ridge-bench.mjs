// Ridge benchmark rows: tlkit against scikit-learn on the same data (written once as raw float64).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RidgeCV, RidgeRegression } from '@tlkit/ridge';
import { Random } from '@tlkit/tensor-core';

const ALPHAS = Array.from({ length: 50 }, (_, i) => 10 ** (-3 + (6 * i) / 49));

/** target: the bound on tlkit/peer at default threads (`default`) and at one thread (`one`). */
export const RIDGE_CASES = [
  { name: 'ridge fit n=100000 d=200', kind: 'fit', n: 100000, d: 200, alpha: 1, target: { one: 1.5, default: 1.2 } },
  { name: 'ridge fit n=2000 d=2000', kind: 'fit', n: 2000, d: 2000, alpha: 1, target: { one: 1.5, default: 1.2 } },
  { name: 'ridge fit n=1000 d=10000 (d > n: dual)', kind: 'fit', n: 1000, d: 10000, alpha: 1 },
  { name: 'RidgeCV LOO 50 alphas n=20000 d=200', kind: 'cv', n: 20000, d: 200 },
  {
    name: 'RidgeCV LOO 50 alphas n=2000 d=2000, 10 outputs',
    kind: 'cv',
    n: 2000,
    d: 2000,
    outputs: 10,
    target: { one: 1.5, default: 1.5 },
  },
];

/** Makes the case's data (seeded), writes it for the peer, returns it for tlkit. */
export function prepareCase(c, dir) {
  const k = c.outputs ?? 1;
  const rng = new Random(c.n * 7 + c.d);
  const X = new Float64Array(c.n * c.d);
  for (let i = 0; i < X.length; i++) X[i] = rng.normal();
  const W = Float64Array.from({ length: c.d * k }, () => rng.normal());
  const Y = new Float64Array(c.n * k);
  for (let i = 0; i < c.n; i++) {
    for (let o = 0; o < k; o++) {
      let s = 0.5 * rng.normal();
      for (let j = 0; j < c.d; j++) s += X[i * c.d + j] * W[o * c.d + j];
      Y[i * k + o] = s;
    }
  }
  const x = join(dir, `${c.n}x${c.d}.X.f64`);
  const yPath = join(dir, `${c.n}x${c.d}x${k}.y.f64`);
  writeFileSync(x, Buffer.from(X.buffer));
  writeFileSync(yPath, Buffer.from(Y.buffer));
  const y = k === 1 ? Y : { rows: c.n, cols: k, data: Y };
  return { data: { X: { rows: c.n, cols: c.d, data: X }, y }, peer: { ...c, outputs: k, x, y: yPath, alphas: ALPHAS } };
}

/** One fit; returns the first coefficients (first output) and the chosen alpha. */
export function fitTlkit(c, data) {
  const model =
    c.kind === 'fit'
      ? new RidgeRegression({ alpha: c.alpha }).fit(data.X, data.y)
      : new RidgeCV({ alphas: ALPHAS, cv: 'loo' }).fit(data.X, data.y);
  const coef = model.coef;
  const first = coef instanceof Float64Array ? coef : coef.data.subarray(0, c.d);
  return { coef: Array.from(first.slice(0, 5)), alpha: c.kind === 'fit' ? c.alpha : model.alpha };
}
