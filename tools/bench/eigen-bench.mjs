// Symmetric eigendecomposition rows: tensor-core's symmetricEigen (all eigenpairs) against numpy.linalg.eigh on the
// same matrix, and the accuracy of tlkit's result (backward error and orthogonality relative to ‖A‖).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { matmul, Random, symmetricEigen, transpose } from '@tlkit/tensor-core';

export const EIGEN_CASES = [
  { name: 'symmetric eigendecomposition d=1000 (all pairs)', n: 1000, target: 3 },
  { name: 'symmetric eigendecomposition d=2000 (all pairs)', n: 2000, target: 3 },
];

export function prepareEigen(c, dir) {
  const rng = new Random(c.n);
  const A = new Float64Array(c.n * c.n);
  for (let i = 0; i < c.n; i++) for (let j = 0; j <= i; j++) A[i * c.n + j] = A[j * c.n + i] = rng.normal();
  const path = join(dir, `sym-${c.n}.f64`);
  writeFileSync(path, Buffer.from(A.buffer));
  return { A: { rows: c.n, cols: c.n, data: A }, path };
}

export function runEigen(A) {
  return symmetricEigen(A);
}

/** ‖AV − VΛ‖_F/‖A‖_F and ‖VᵀV − I‖_F of a decomposition. */
export function eigenAccuracy(A, { values, vectors }) {
  const n = A.rows;
  const AV = matmul(A, vectors);
  let r = 0;
  let a = 0;
  for (let i = 0; i < n * n; i++) {
    r += (AV.data[i] - vectors.data[i] * values[i % n]) ** 2;
    a += A.data[i] ** 2;
  }
  const VtV = matmul(transpose(vectors), vectors);
  let o = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) o += (VtV.data[i * n + j] - (i === j ? 1 : 0)) ** 2;
  return { residual: Math.sqrt(r / a), orthogonality: Math.sqrt(o) };
}
