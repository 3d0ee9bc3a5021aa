import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { DenseMatrix } from '../dense-matrix.js';
import { BadDataError } from '../errors.js';
import { imageToRow, type ImageRowOptions, type PixelImage } from '../images/pixels.js';

export interface ImageFolder {
  /** One row per image: height × width × channels values in [0, 1]. */
  readonly X: DenseMatrix;
  /** The class of each row: the name of its sub-folder. */
  readonly y: string[];
  /** The sub-folders, sorted: the classes. */
  readonly classes: string[];
  /** Each row's file, relative to the folder. */
  readonly files: string[];
  /** [height, width, channels] of one row. */
  readonly inputShape: [number, number, number];
}

const MAX_BYTES = 64 * 1024 * 1024;
/** The most pixels an image may have: a small compressed file can declare a huge image (a "decompression bomb"). */
const MAX_PIXELS = 2 ** 26;

/** A PNG's width × height from its IHDR chunk, read before decoding it; undefined when the header is not there. */
function pngPixels(bytes: Buffer): number | undefined {
  if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return bytes.readUInt32BE(16) * bytes.readUInt32BE(20);
}

type Decoder = (bytes: Buffer, file: string) => PixelImage;

async function decoders(): Promise<Record<string, Decoder>> {
  const missing = (name: string) => (error: unknown) => {
    throw new Error(`readImageFolder: decoding images needs the npm package ${name} (npm install ${name})`, { cause: error });
  };
  const { PNG } = (await import('pngjs').catch(missing('pngjs'))) as typeof import('pngjs');
  const jpeg = (await import('jpeg-js').catch(missing('jpeg-js'))) as typeof import('jpeg-js');
  const png: Decoder = (bytes) => {
    const pixels = pngPixels(bytes);
    if (pixels !== undefined && pixels > MAX_PIXELS) throw new Error(`it declares ${pixels} pixels, more than the ${MAX_PIXELS} read`);
    const image = PNG.sync.read(bytes);
    return { width: image.width, height: image.height, channels: 4, data: image.data };
  };
  const jpg: Decoder = (bytes) => {
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 512, maxResolutionInMP: MAX_PIXELS / 1e6 });
    return { width: image.width, height: image.height, channels: 4, data: image.data };
  };
  return { '.png': png, '.jpg': jpg, '.jpeg': jpg };
}

/**
 * Reads a folder of labelled images, one sub-folder per class (`digits/seven/a.png`, …), PNG or JPEG, decoded in
 * plain JavaScript (pngjs, jpeg-js: no native build) and brought to one size by `imageToRow`. Only regular files
 * directly inside the class folders are read (no links, nothing outside the folder); a file that does not decode is
 * one error naming it.
 */
export async function readImageFolder(folder: string, options: ImageRowOptions = {}): Promise<ImageFolder> {
  const fn = 'readImageFolder';
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    throw new BadDataError(`${fn}: cannot read the folder ${folder}: ${(error as Error).message}`, { source: folder });
  }
  const classes = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  if (classes.length < 2)
    throw new BadDataError(`${fn}: ${folder} needs one sub-folder per class (at least 2), found ${classes.length}`, { source: folder });
  const decode = await decoders();
  const rows: Float64Array[] = [];
  const y: string[] = [];
  const files: string[] = [];
  for (const label of classes) {
    const names = readdirSync(join(folder, label), { withFileTypes: true })
      .filter((e) => e.isFile() && extname(e.name).toLowerCase() in decode)
      .map((e) => e.name)
      .sort();
    if (names.length === 0)
      throw new BadDataError(`${fn}: the class folder ${join(folder, label)} holds no .png or .jpg file`, { source: folder });
    for (const name of names) {
      const path = join(folder, label, name);
      const size = statSync(path).size;
      if (size > MAX_BYTES)
        throw new BadDataError(`${fn}: ${path} is ${size} bytes, more than the ${MAX_BYTES} an image may have`, { source: path });
      let image: PixelImage;
      try {
        image = decode[extname(name).toLowerCase()](readFileSync(path), path);
      } catch (error) {
        throw new BadDataError(
          `${fn}: ${path} is not a readable ${extname(name).slice(1).toUpperCase()} image: ${(error as Error).message}`,
          { source: path },
        );
      }
      rows.push(imageToRow(image, options));
      y.push(label);
      files.push(join(label, name));
    }
  }
  const width = rows[0].length;
  const data = new Float64Array(rows.length * width);
  rows.forEach((r, i) => data.set(r, i * width));
  return {
    X: { rows: rows.length, cols: width, data },
    y,
    classes,
    files,
    inputShape: [options.height ?? 28, options.width ?? 28, options.channels ?? 1],
  };
}
