// Kernel rates against the physical ceiling of WebAssembly SIMD on this machine (wasm/ceiling.wat: independent
// f64x2 / f32x4 multiply and add chains, no memory traffic; wasm SIMD is 128-bit and Node 20's has no FMA), measured
// in the same process and alternated with the kernels, so the fractions hold under load too.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gram, matmul, Random, setLinalgThreads, symmetricEigenvalues } from '@tlkit/tensor-core';
import { fastKernels } from '@tlkit/ridge';

const require = createRequire(import.meta.url);

async function ceilingKernels() {
  const wabt = await require('wabt')();
  const module = wabt.parseWat('ceiling.wat', readFileSync(join(import.meta.dirname, 'wasm', 'ceiling.wat'), 'utf8'), { simd: true });
  const { buffer } = module.toBinary({});
  module.destroy();
  return new WebAssembly.Instance(new WebAssembly.Module(buffer), {}).exports;
}

function rate(flops, fn) {
  fn();
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    fn();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return flops / best / 1e9;
}

function random(rows, cols, seed) {
  const rng = new Random(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => rng.normal()) };
}

/** GFLOP/s of the ceiling and of each kernel on one thread, and each kernel's fraction of the fp64 ceiling. */
export async function measureCeiling(rounds = 3) {
  const { peak, peak32 } = await ceilingKernels();
  const previous = setLinalgThreads(1);
  try {
    const n = 1000;
    const A = random(n, n, 1);
    const B = random(n, n, 2);
    const S = { rows: n, cols: n, data: A.data.map((v, k) => v + A.data[(k % n) * n + Math.floor(k / n)]) };
    const X = random(20000, 200, 3);
    const rows = [];
    for (let r = 0; r < rounds; r++) {
      rows.push({
        peak64: rate(24e8, () => peak(1e8)),
        peak32: rate(48e8, () => peak32(1e8)),
        gemm: rate(2 * n ** 3, () => matmul(A, B)),
        // The Gram by tensor-core's gemm (upper triangle only) and by ridge's packed syrk: n·d² flops each.
        gram: rate(20000 * 200 * 200, () => gram(X)),
        syrk: rate(20000 * 200 * 200, () => fastKernels.gram(X)),
        // Tridiagonalisation: 4n³/3 flops, half in the symmetric matrix-vector kernel, half in gemm.
        tridiagonal: rate((4 * n ** 3) / 3, () => symmetricEigenvalues(S)),
      });
    }
    const best = (key) => Math.max(...rows.map((row) => row[key]));
    const fraction = (key) => Math.max(...rows.map((row) => row[key] / row.peak64));
    return {
      peak64: best('peak64'),
      peak32: best('peak32'),
      kernels: ['gemm', 'gram', 'syrk', 'tridiagonal'].map((key) => ({ key, gflops: best(key), fraction: fraction(key) })),
    };
  } finally {
    setLinalgThreads(previous);
  }
}
