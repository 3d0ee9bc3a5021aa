import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { draw as drawOn, openImagePage, type ImagePage, type Stroke } from './image-browser.js';

// The image page end to end in Debian's Chromium: strokes drawn with the mouse for three classes, training in the
// worker, a learning curve and verdicts, then a new drawing predicted live (the slow suite: about 40 s of training;
// image-page.test.ts checks the page cheaply in the fast one).
const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts');
// A hang guard, not a speed check: one training run takes under a minute on a quiet 2-core machine.
const RUN_BOUND_MS = 900000;

let browser: ImagePage;
let page: Page;
let url: string;

beforeAll(async () => {
  browser = await openImagePage();
  ({ page, url } = browser);
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120000);

afterAll(() => browser.close());

const SHAPES: Record<string, (j: number) => Stroke[]> = {
  // a vertical bar, a horizontal bar, a ring; j shifts and tilts each example a little
  A: (j) => [
    [
      [140 + 6 * j, 50],
      [140 - 4 * j, 230],
    ],
  ],
  B: (j) => [
    [
      [50, 140 + 6 * j],
      [230, 140 - 4 * j],
    ],
  ],
  C: (j) => [
    Array.from({ length: 25 }, (_, i): [number, number] => [
      140 + (75 + 4 * j) * Math.cos((i / 24) * 2 * Math.PI),
      140 + (75 - 3 * j) * Math.sin((i / 24) * 2 * Math.PI),
    ]),
  ],
};

const draw = (strokes: Stroke[]) => drawOn(page, strokes);

async function train(): Promise<{ seconds: number; tensors: number }> {
  await page.click('#train');
  await page.waitForFunction(
    () =>
      (document.querySelector('#progress-label')?.textContent ?? '').startsWith('done in') ||
      !(document.querySelector('#error') as HTMLElement).hidden,
    undefined,
    { timeout: RUN_BOUND_MS, polling: 500 },
  );
  expect(await page.isHidden('#error')).toBe(true);
  const label = (await page.textContent('#progress-label')) ?? '';
  return { seconds: Number(/done in ([\d.]+) s/.exec(label)?.[1]), tensors: Number(await page.getAttribute('#run-info', 'data-tensors')) };
}

describe('the image page', () => {
  it(
    'learns three drawn classes on the backbone in the worker and predicts a new drawing; repeated runs leak no tensors',
    async () => {
      await page.goto(url);
      const classes = Object.keys(SHAPES);
      for (const [i, name] of classes.entries()) {
        await page.check(`input[name="class"][value="${i}"]`);
        for (let j = 0; j < 3; j++) {
          await draw(SHAPES[name](j - 1));
          await page.click('#add-drawing');
        }
      }
      expect(await page.textContent('#gallery')).toContain('C (3)');
      await page.fill('#repeats', '2');
      await page.fill('#epochs', '15');
      const first = await train();
      expect(await page.textContent('#backend')).toContain('wasm');
      // tlkit's float32 kernels instantiate on tfjs' heap in the browser too (the same module as in Node).
      expect(await page.textContent('#backend')).toContain('network kernels: tlkit float32 SIMD');
      const verdicts = await page.$$eval('#verdicts li', (lis) => lis.map((li) => li.textContent));
      expect(verdicts).toHaveLength(2);
      for (const v of verdicts) expect(v).toMatch(/transfer helped|no clear difference|transfer hurt/);
      const cells = await page.$$eval('#table td', (tds) => tds.map((td) => td.textContent));
      expect(cells.length).toBe(3 * 2);
      expect(cells.every((c) => /^\d+\.\d% ± \d+\.\d$/.test(c))).toBe(true);
      // The report's SVG chart: accuracy against examples per class, every method in the legend.
      const chart = (await page.textContent('#chart svg')) ?? '';
      expect(chart).toContain('labelled target rows per class');
      expect(chart).toContain('fine-tuned backbone');
      // A new drawing: a vertical bar a little off the ones it learnt from.
      await page.click('#clear-pad');
      await draw([
        [
          [150, 60],
          [132, 225],
        ],
      ]);
      await page.waitForFunction(() => (document.querySelector('#prediction') as HTMLElement).dataset.label !== undefined, undefined, {
        timeout: 60000,
      });
      expect(await page.getAttribute('#prediction', 'data-label')).toBe('A');
      await page.screenshot({ path: join(ARTIFACTS, 'demo-image.png'), fullPage: true });
      const second = await train();
      expect(second.tensors).toBe(first.tensors);
      writeFileSync(join(ARTIFACTS, 'demo-image-runs.json'), JSON.stringify({ first, second }, null, 2));
      console.log(
        `image page: ${first.seconds} s and ${second.seconds} s per training run in Chromium; ${first.tensors} tensors held after each`,
      );
    },
    2 * RUN_BOUND_MS + 120000,
  );
});
