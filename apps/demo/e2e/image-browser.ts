import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

// The built image page served on 127.0.0.1 and opened in Debian's Chromium (the launch settings of demo.test.ts).
const DIST = join(__dirname, '..', 'dist');
const CHROMIUM = '/usr/bin/chromium';
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

export interface ImagePage {
  readonly url: string;
  readonly page: Page;
  close(): Promise<void>;
}

export async function openImagePage(): Promise<ImagePage> {
  if (!existsSync(join(DIST, 'image.html'))) throw new Error('the demo is not built: run `nx build @tlkit/demo`');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const server: Server = createServer((req, res) => {
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
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/image.html`;
  const profile = mkdtempSync(join(tmpdir(), 'tlkit-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
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
  const page = await context.newPage();
  return {
    url,
    page,
    close: async () => {
      await context.close();
      await new Promise((resolve) => server.close(resolve));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export type Stroke = [number, number][];

/** Strokes drawn on the pad with the mouse; a two-point stroke is drawn as a straight line of 12 points. */
export async function draw(page: Page, strokes: Stroke[]): Promise<void> {
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
