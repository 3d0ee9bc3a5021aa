import * as tf from '@tensorflow/tfjs';
import { Random, type DenseMatrix } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';

export async function useWasm(): Promise<void> {
  await selectBackend('wasm');
}

/** XOR-like classes on two inputs: the class is the sign of x0·x1. */
export function xorData(n: number, seed: number): { X: DenseMatrix; y: string[] } {
  const rng = new Random(seed);
  const data = new Float64Array(n * 2);
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.uniform(-1, 1);
    const b = rng.uniform(-1, 1);
    data[2 * i] = a;
    data[2 * i + 1] = b;
    y.push(a * b > 0 ? 'same' : 'different');
  }
  return { X: { rows: n, cols: 2, data }, y };
}

export function weightsOf(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}
