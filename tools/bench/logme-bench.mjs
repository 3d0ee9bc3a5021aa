// LogME row: tlkit's logME on 5000 rows × 2048 features with 10 one-hot classes, against a numpy LogME written from
// the paper (peers/logme_numpy.py) on the same data; the two values are compared too.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logME, oneHot } from '@tlkit/experiment';
import { Random } from '@tlkit/tensor-core';

export const LOGME_CASE = { name: 'LogME 5000 rows × 2048 features, 10 classes', n: 5000, d: 2048, classes: 10, target: 1.5 };

/** Features with class structure in a 64-dimensional subspace plus noise (as embeddings tend to be). */
export function prepareLogme(c, dir) {
  const rng = new Random(5);
  const basis = Float64Array.from({ length: 64 * c.d }, () => rng.normal() / 8);
  const centres = Array.from({ length: c.classes }, () => Float64Array.from({ length: 64 }, () => rng.normal()));
  const F = new Float64Array(c.n * c.d);
  const labels = new Float64Array(c.n);
  const z = new Float64Array(64);
  for (let i = 0; i < c.n; i++) {
    const label = i % c.classes;
    labels[i] = label;
    for (let l = 0; l < 64; l++) z[l] = centres[label][l] + rng.normal();
    for (let j = 0; j < c.d; j++) {
      let v = 0.3 * rng.normal();
      for (let l = 0; l < 64; l++) v += z[l] * basis[l * c.d + j];
      F[i * c.d + j] = v;
    }
  }
  const features = join(dir, 'logme-F.f64');
  const labelPath = join(dir, 'logme-labels.f64');
  writeFileSync(features, Buffer.from(F.buffer));
  writeFileSync(labelPath, Buffer.from(labels.buffer));
  const classes = Array.from({ length: c.classes }, (_, k) => k);
  return {
    F: { rows: c.n, cols: c.d, data: F },
    targets: oneHot(Array.from(labels), classes),
    peer: { ...c, features, labels: labelPath },
  };
}

export function runLogme(data) {
  return logME(data.F, data.targets).logme;
}
