import type { DenseMatrix } from '@tlkit/tensor-core';

export interface DigitShift {
  /** Rotation in degrees, counter-clockwise, about the image centre (bilinear; outside pixels are 0). */
  readonly rotate?: number;
  /** Replace each pixel v by 1 − v (white digits on black become black on white). */
  readonly invert?: boolean;
}

/**
 * A shifted domain of digit images (rows of height·width pixels in [0, 1]): rotated and/or inverted copies, the
 * classic synthetic targets for domain adaptation on MNIST.
 */
export function shiftDigits(images: DenseMatrix, shift: DigitShift, height = 28, width = 28): DenseMatrix {
  if (images.cols !== height * width) throw new RangeError(`shiftDigits: rows have ${images.cols} pixels, expected ${height}×${width}`);
  const out = new Float64Array(images.data.length);
  const angle = ((shift.rotate ?? 0) * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cy = (height - 1) / 2;
  const cx = (width - 1) / 2;
  const pixel = (base: number, r: number, c: number): number =>
    r < 0 || r >= height || c < 0 || c >= width ? 0 : images.data[base + r * width + c];
  for (let n = 0; n < images.rows; n++) {
    const base = n * images.cols;
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        // The source position that lands on (r, c) after rotating by `angle`.
        const y = cos * (r - cy) + sin * (c - cx) + cy;
        const x = -sin * (r - cy) + cos * (c - cx) + cx;
        const r0 = Math.floor(y);
        const c0 = Math.floor(x);
        const fy = y - r0;
        const fx = x - c0;
        let v =
          (1 - fy) * ((1 - fx) * pixel(base, r0, c0) + fx * pixel(base, r0, c0 + 1)) +
          fy * ((1 - fx) * pixel(base, r0 + 1, c0) + fx * pixel(base, r0 + 1, c0 + 1));
        if (shift.invert) v = 1 - v;
        out[base + r * width + c] = v;
      }
    }
  }
  return { rows: images.rows, cols: images.cols, data: out };
}
