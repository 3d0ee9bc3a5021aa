// Ridge benchmark rows: tlkit against scikit-learn on the same data (written once as raw float64), one thread each.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RidgeCV, RidgeRegression } from '@tlkit/ridge';
import { Random } from '@tlkit/tensor-core';

export const RIDGE_CASES = [
  { name: 'ridge fit n=100000 d=200', kind: 'fit', n: 100000, d: 200, alpha: 1, repeats: 2 },
  { name: 'ridge fit n=2000 d=2000', kind: 'fit', n: 2000, d: 2000, alpha: 1, repeats: 2 },
  { name: 'ridge fit n=1000 d=10000 (d > n: dual)', kind: 'fit', n: 1000, d: 10000, alpha: 1, repeats: 2 },
  { name: 'RidgeCV LOO 50 alphas n=20000 d=200', kind: 'cv', n: 20000, d: 200, repeats: 2 },
];

const ALPHAS = Array.from({ length: 50 }, (_, i) => 10 ** (-3 + (6 * i) / 49));

/** Makes the case's data (seeded), writes it for the peer, returns it for tlkit. */
export function prepareCase(c, dir) {
  const rng = new Random(c.n * 7 + c.d);
  const X = new Float64Array(c.n * c.d);
  for (let i = 0; i < X.length; i++) X[i] = rng.normal();
  const w = Float64Array.from({ length: c.d }, () => rng.normal());
  const y = new Float64Array(c.n);
  for (let i = 0; i < c.n; i++) {
    let s = 0.5 * rng.normal();
    for (let j = 0; j < c.d; j++) s += X[i * c.d + j] * w[j];
    y[i] = s;
  }
  const x = join(dir, `${c.n}x${c.d}.X.f64`);
  const yPath = join(dir, `${c.n}x${c.d}.y.f64`);
  writeFileSync(x, Buffer.from(X.buffer));
  writeFileSync(yPath, Buffer.from(y.buffer));
  return { data: { X: { rows: c.n, cols: c.d, data: X }, y }, peer: { ...c, x, y: yPath, alphas: ALPHAS } };
}

function bestTime(fn, repeats) {
  fn();
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    fn();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

export function runTlkit(c, data) {
  let coef;
  const seconds =
    c.kind === 'fit'
      ? bestTime(() => (coef = new RidgeRegression({ alpha: c.alpha }).fit(data.X, data.y).coef), c.repeats)
      : bestTime(() => (coef = new RidgeCV({ alphas: ALPHAS, cv: 'loo' }).fit(data.X, data.y).coef), c.repeats);
  return { seconds, coef: Array.from(coef.slice(0, 5)) };
}
