import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { BadDataError, imageToRow, imagesToMatrix, type PixelImage } from '@tlkit/tensor-core';
import { readImageFolder } from '@tlkit/tensor-core/node';

/** A grey image from a function of (x, y) with values in [0, 255]. */
function grey(width: number, height: number, f: (x: number, y: number) => number): PixelImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y);
  return { width, height, channels: 1, data };
}

function rgba(image: PixelImage): Buffer {
  const out = Buffer.alloc(image.width * image.height * 4);
  for (let p = 0; p < image.width * image.height; p++) {
    out.fill(image.data[p], p * 4, p * 4 + 3);
    out[p * 4 + 3] = 255;
  }
  return out;
}

describe('imageToRow', () => {
  it('downscales by area averaging: each output pixel is the mean of the block it covers', () => {
    const image = grey(8, 4, (x, y) => (x * 7 + y * 13) % 256);
    const row = imageToRow(image, { width: 4, height: 2, invert: false, layout: 'stretch' });
    for (let Y = 0; Y < 2; Y++) {
      for (let X = 0; X < 4; X++) {
        let sum = 0;
        for (let y = 2 * Y; y < 2 * Y + 2; y++) for (let x = 2 * X; x < 2 * X + 2; x++) sum += image.data[y * 8 + x] / 255;
        expect(row[Y * 4 + X]).toBeCloseTo(sum / 4, 12);
      }
    }
  });

  it('inverts dark strokes on a light page (auto), keeps light-on-dark, composites transparency onto white', () => {
    const paper = grey(10, 10, (x) => (x === 5 ? 0 : 255));
    expect(imageToRow(paper, { width: 10, height: 10, layout: 'stretch' })[5]).toBeCloseTo(1, 12);
    const screen = grey(10, 10, (x) => (x === 5 ? 255 : 0));
    expect(imageToRow(screen, { width: 10, height: 10, layout: 'stretch' })[5]).toBeCloseTo(1, 12);
    const clear: PixelImage = { width: 1, height: 1, channels: 4, data: [0, 0, 0, 0] };
    expect(imageToRow(clear, { width: 1, height: 1, invert: false })[0]).toBeCloseTo(1, 12);
  });

  it("centres the ink the MNIST way: a 20-pixel box, the centre of mass at the image's centre", () => {
    const corner = grey(100, 100, (x, y) => (x >= 5 && x < 25 && y >= 60 && y < 70 ? 255 : 0));
    const row = imageToRow(corner, { layout: 'center' });
    let mass = 0;
    let cx = 0;
    let cy = 0;
    let width = 0;
    for (let y = 0; y < 28; y++) {
      let inRow = 0;
      for (let x = 0; x < 28; x++) {
        const v = row[y * 28 + x];
        mass += v;
        cx += v * (x + 0.5);
        cy += v * (y + 0.5);
        if (v > 0.5) inRow++;
      }
      width = Math.max(width, inRow);
    }
    expect(cx / mass).toBeCloseTo(14, 1);
    expect(cy / mass).toBeCloseTo(14, 1);
    expect(width).toBe(20);
  });

  it('makes RGB rows in NHWC order and rejects a bad image', () => {
    const image: PixelImage = { width: 1, height: 1, channels: 3, data: [255, 0, 51] };
    expect(Array.from(imageToRow(image, { width: 1, height: 1, channels: 3, invert: false }))).toEqual([1, 0, 0.2]);
    expect(imagesToMatrix([image, image], { width: 2, height: 2, channels: 3, invert: false })).toMatchObject({ rows: 2, cols: 12 });
    expect(() => imageToRow({ width: 2, height: 2, channels: 1, data: [1, 2, 3] })).toThrow(
      'imageToRow: the image has 3 values, 2×2×1 needs 4',
    );
  });
});

describe('readImageFolder', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tlkit-images-'));
    const root = join(dir, 'shapes');
    mkdirSync(join(root, 'bar'), { recursive: true });
    mkdirSync(join(root, 'dot'));
    const bar = grey(32, 32, (x) => (x > 12 && x < 20 ? 0 : 255));
    const dot = grey(32, 32, (x, y) => ((x - 16) ** 2 + (y - 16) ** 2 < 30 ? 0 : 255));
    const png = (image: PixelImage) => {
      const p = new PNG({ width: image.width, height: image.height });
      rgba(image).copy(p.data);
      return PNG.sync.write(p);
    };
    writeFileSync(join(root, 'bar', 'a.png'), png(bar));
    writeFileSync(join(root, 'bar', 'b.jpg'), jpeg.encode({ width: 32, height: 32, data: rgba(bar) }, 95).data);
    writeFileSync(join(root, 'dot', 'a.PNG'), png(dot));
    writeFileSync(join(root, 'dot', 'notes.txt'), 'not an image');
    writeFileSync(join(dir, 'outside.png'), png(dot));
    symlinkSync(join(dir, 'outside.png'), join(root, 'dot', 'link.png'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads one class per sub-folder, PNG and JPEG, regular files only', async () => {
    const folder = await readImageFolder(join(dir, 'shapes'), { width: 16, height: 16 });
    expect(folder.classes).toEqual(['bar', 'dot']);
    expect(folder.files).toEqual(['bar/a.png', 'bar/b.jpg', 'dot/a.PNG']);
    expect(folder.y).toEqual(['bar', 'bar', 'dot']);
    expect(folder.inputShape).toEqual([16, 16, 1]);
    expect([folder.X.rows, folder.X.cols]).toEqual([3, 256]);
    // The bar is dark on white: inverted, the centre column is bright, the border dark — in both encodings.
    for (const r of [0, 1]) {
      expect(folder.X.data[r * 256 + 8 * 16 + 8]).toBeGreaterThan(0.9);
      expect(folder.X.data[r * 256 + 8 * 16]).toBeLessThan(0.1);
    }
  });

  it('names the file that does not decode, and a folder without classes', async () => {
    writeFileSync(join(dir, 'shapes', 'dot', 'broken.png'), 'garbage');
    await expect(readImageFolder(join(dir, 'shapes'))).rejects.toThrow(BadDataError);
    await expect(readImageFolder(join(dir, 'shapes'))).rejects.toThrow(/broken\.png is not a readable PNG image/);
    rmSync(join(dir, 'shapes', 'dot', 'broken.png'));
    await expect(readImageFolder(join(dir, 'shapes', 'bar'))).rejects.toThrow('needs one sub-folder per class (at least 2), found 0');
    await expect(readImageFolder(join(dir, 'missing'))).rejects.toThrow('readImageFolder: cannot read the folder');
  });
});
