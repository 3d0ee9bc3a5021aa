import type { DenseMatrix } from '../dense-matrix.js';

/** Decoded pixels: width × height, row-major, `channels` values a pixel (1 grey, 3 RGB, 4 RGBA), each in [0, 255]. */
export interface PixelImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3 | 4;
  readonly data: ArrayLike<number>;
}

export interface ImageRowOptions {
  /** The size the image is brought to (default 28 × 28). */
  readonly width?: number;
  readonly height?: number;
  /** 1: grey (default), 3: RGB. */
  readonly channels?: 1 | 3;
  /**
   * Light-on-dark is what digit models expect. true inverts, false keeps; 'auto' (default) inverts when the border
   * is mostly light (dark strokes on paper or a white canvas).
   */
  readonly invert?: boolean | 'auto';
  /**
   * 'stretch' resizes the whole image; 'fit' (default) keeps the aspect ratio, letterboxed; 'center' crops to the
   * ink's bounding box, fits it into a 20 × 20 box and centres it by its centre of mass in 28 × 28, as MNIST was made
   * (scaled for other sizes).
   */
  readonly layout?: 'stretch' | 'fit' | 'center';
}

function checkImage(fn: string, image: PixelImage): void {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`${fn}: the image is ${width}×${height}; both sides must be positive integers`);
  }
  if (![1, 3, 4].includes(channels)) throw new RangeError(`${fn}: channels must be 1, 3 or 4, got ${channels}`);
  if (data.length !== width * height * channels) {
    throw new RangeError(`${fn}: the image has ${data.length} values, ${width}×${height}×${channels} needs ${width * height * channels}`);
  }
}

/** Planes in [0, 1] (grey, or R, G, B), transparent pixels composited onto white. */
function planes(image: PixelImage, channels: 1 | 3): Float64Array[] {
  const n = image.width * image.height;
  const out = Array.from({ length: channels }, () => new Float64Array(n));
  const c = image.channels;
  for (let p = 0; p < n; p++) {
    const alpha = c === 4 ? image.data[p * 4 + 3] / 255 : 1;
    const rgb = c === 1 ? [image.data[p], image.data[p], image.data[p]] : [image.data[p * c], image.data[p * c + 1], image.data[p * c + 2]];
    const v = rgb.map((x) => (x / 255) * alpha + (1 - alpha));
    if (channels === 1) out[0][p] = 0.299 * v[0] + 0.587 * v[1] + 0.114 * v[2];
    else for (let k = 0; k < 3; k++) out[k][p] = v[k];
  }
  return out;
}

/** Mean of the border pixels of the first plane. */
function borderMean(plane: Float64Array, w: number, h: number): number {
  let sum = 0;
  let count = 0;
  for (let x = 0; x < w; x++) {
    sum += plane[x] + plane[(h - 1) * w + x];
    count += 2;
  }
  for (let y = 1; y < h - 1; y++) {
    sum += plane[y * w] + plane[y * w + w - 1];
    count += 2;
  }
  return sum / count;
}

/** Area-averaging resize of the source rectangle [x0, x1) × [y0, y1) to W × H (a box filter, exact for downscaling). */
function resizeArea(src: Float64Array, w: number, rect: readonly [number, number, number, number], W: number, H: number): Float64Array {
  const [x0, y0, x1, y1] = rect;
  const sx = (x1 - x0) / W;
  const sy = (y1 - y0) / H;
  const out = new Float64Array(W * H);
  for (let Y = 0; Y < H; Y++) {
    const ya = y0 + Y * sy;
    const yb = ya + sy;
    for (let X = 0; X < W; X++) {
      const xa = x0 + X * sx;
      const xb = xa + sx;
      let sum = 0;
      let area = 0;
      for (let y = Math.floor(ya); y < Math.ceil(yb); y++) {
        const wy = Math.min(yb, y + 1) - Math.max(ya, y);
        for (let x = Math.floor(xa); x < Math.ceil(xb); x++) {
          const wx = Math.min(xb, x + 1) - Math.max(xa, x);
          sum += wx * wy * src[y * w + x];
          area += wx * wy;
        }
      }
      out[Y * W + X] = area > 0 ? sum / area : 0;
    }
  }
  return out;
}

/** Pastes a plane of size w × h into a zero canvas W × H with its top-left corner at (left, top) (fractional: bilinear). */
function paste(plane: Float64Array, w: number, h: number, W: number, H: number, left: number, top: number): Float64Array {
  const out = new Float64Array(W * H);
  for (let Y = 0; Y < H; Y++) {
    for (let X = 0; X < W; X++) {
      const x = X - left;
      const y = Y - top;
      const xf = Math.floor(x);
      const yf = Math.floor(y);
      const fx = x - xf;
      const fy = y - yf;
      const at = (r: number, c: number) => (r < 0 || r >= h || c < 0 || c >= w ? 0 : plane[r * w + c]);
      out[Y * W + X] =
        (1 - fy) * ((1 - fx) * at(yf, xf) + fx * at(yf, xf + 1)) + fy * ((1 - fx) * at(yf + 1, xf) + fx * at(yf + 1, xf + 1));
    }
  }
  return out;
}

/** MNIST's recipe: the ink's bounding box into a box of 20/28 of the side, centred by the centre of mass. */
function centred(planeList: Float64Array[], w: number, h: number, W: number, H: number): Float64Array[] {
  const ink = planeList[0];
  let [x0, y0, x1, y1] = [w, h, -1, -1];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (ink[y * w + x] > 0.1) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
  }
  if (x1 < 0) return planeList.map(() => new Float64Array(W * H));
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const box = (20 / 28) * Math.min(W, H);
  const scale = box / Math.max(bw, bh);
  const sw = Math.max(1, Math.round(bw * scale));
  const sh = Math.max(1, Math.round(bh * scale));
  const small = planeList.map((p) => resizeArea(p, w, [x0, y0, x1 + 1, y1 + 1], sw, sh));
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      const v = small[0][y * sw + x];
      mass += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
    }
  }
  const left = W / 2 - (mass > 0 ? cx / mass : sw / 2);
  const top = H / 2 - (mass > 0 ? cy / mass : sh / 2);
  return small.map((p) => paste(p, sw, sh, W, H, left, top));
}

/**
 * One image as one model row: grey or RGB values in [0, 1], height × width × channels (NHWC order, as tfjs
 * convolutions take them), resized by area averaging, optionally inverted and centred the MNIST way.
 */
export function imageToRow(image: PixelImage, options: ImageRowOptions = {}): Float64Array {
  const fn = 'imageToRow';
  checkImage(fn, image);
  const W = options.width ?? 28;
  const H = options.height ?? 28;
  const channels = options.channels ?? 1;
  if (!Number.isInteger(W) || !Number.isInteger(H) || W < 1 || H < 1)
    throw new RangeError(`${fn}: width and height must be positive integers`);
  const layout = options.layout ?? 'fit';
  if (!['stretch', 'fit', 'center'].includes(layout))
    throw new RangeError(`${fn}: layout must be 'stretch', 'fit' or 'center', got ${JSON.stringify(layout)}`);
  const { width: w, height: h } = image;
  let p = planes(image, channels);
  const invert = options.invert ?? 'auto';
  if (invert === true || (invert === 'auto' && borderMean(p[0], w, h) > 0.5)) p = p.map((q) => q.map((v) => 1 - v));
  let out: Float64Array[];
  if (layout === 'stretch') out = p.map((q) => resizeArea(q, w, [0, 0, w, h], W, H));
  else if (layout === 'center') out = centred(p, w, h, W, H);
  else {
    const scale = Math.min(W / w, H / h);
    const sw = Math.max(1, Math.round(w * scale));
    const sh = Math.max(1, Math.round(h * scale));
    out = p.map((q) => paste(resizeArea(q, w, [0, 0, w, h], sw, sh), sw, sh, W, H, Math.floor((W - sw) / 2), Math.floor((H - sh) / 2)));
  }
  const row = new Float64Array(W * H * channels);
  for (let i = 0; i < W * H; i++) for (let k = 0; k < channels; k++) row[i * channels + k] = Math.min(1, Math.max(0, out[k][i]));
  return row;
}

/** Several images as the rows of one matrix (each row height × width × channels values). */
export function imagesToMatrix(images: readonly PixelImage[], options: ImageRowOptions = {}): DenseMatrix {
  const width = (options.width ?? 28) * (options.height ?? 28) * (options.channels ?? 1);
  const data = new Float64Array(images.length * width);
  images.forEach((image, i) => data.set(imageToRow(image, options), i * width));
  return { rows: images.length, cols: width, data };
}
