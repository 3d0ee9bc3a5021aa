import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

// The image page end to end in Debian's Chromium (the launch settings of demo.test.ts): strokes drawn with the mouse
// for three classes, training in the worker, a learning curve and verdicts, then a new drawing predicted live.
const DIST = join(__dirname, '..', 'dist');
const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts');
const CHROMIUM = '/usr/bin/chromium';
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};
// A hang guard, not a speed check: one training run takes under a minute on a quiet 2-core machine.
const RUN_BOUND_MS = 900000;

let server: Server;
let url: string;
let context: BrowserContext;
let page: Page;
let profile: string;

beforeAll(async () => {
  if (!existsSync(join(DIST, 'image.html'))) throw new Error('the demo is not built: run `nx build @tlkit/demo`');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^(\.\.[/\\])+/, '');
    const file = join(DIST, path === '/' ? 'image.html' : path);
    if (!file.startsWith(DIST) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/image.html`;
  profile = mkdtempSync(join(tmpdir(), 'tlkit-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await context.newPage();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120000);

afterAll(async () => {
  await context.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(profile, { recursive: true, force: true });
});

type Stroke = [number, number][];
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

async function draw(strokes: Stroke[]): Promise<void> {
  const box = await page.locator('#pad').boundingBox();
  if (!box) throw new Error('no pad');
  for (const stroke of strokes) {
    const [first, ...rest] =
      stroke.length === 2
        ? Array.from({ length: 12 }, (_, i): [number, number] => [
            stroke[0][0] + ((stroke[1][0] - stroke[0][0]) * i) / 11,
            stroke[0][1] + ((stroke[1][1] - stroke[0][1]) * i) / 11,
          ])
        : stroke;
    await page.mouse.move(box.x + first[0], box.y + first[1]);
    await page.mouse.down();
    for (const [x, y] of rest) await page.mouse.move(box.x + x, box.y + y, { steps: 2 });
    await page.mouse.up();
  }
}

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
      const verdicts = await page.$$eval('#verdicts li', (lis) => lis.map((li) => li.textContent));
      expect(verdicts).toHaveLength(2);
      for (const v of verdicts) expect(v).toMatch(/transfer helped|no clear difference|transfer hurt/);
      const cells = await page.$$eval('#table td', (tds) => tds.map((td) => td.textContent));
      expect(cells.length).toBe(3 * 2);
      expect(cells.every((c) => /^\d+\.\d% ± \d+\.\d$/.test(c))).toBe(true);
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
