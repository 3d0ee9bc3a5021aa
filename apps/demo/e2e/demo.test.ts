import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadTask, taskToCsv } from '@tlkit/datasets';

// End-to-end in a real browser: Debian's Chromium (apt-get install chromium; .ci/run does it) driven by
// playwright-core, against the built demo served on 127.0.0.1.
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
// A hang guard, not a speed check (speed is measured by `npm run bench`): the built-in run below takes a few seconds.
const RUN_BOUND_MS = 120000;

let server: Server;
let url: string;
let context: BrowserContext;
let page: Page;
let profile: string;
let files: string;

beforeAll(async () => {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('the demo is not built: run `nx build @tlkit/demo`');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^(\.\.[/\\])+/, '');
    const file = join(DIST, path === '/' ? 'index.html' : path);
    if (!file.startsWith(DIST) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
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
  files = mkdtempSync(join(tmpdir(), 'tlkit-demo-files-'));
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120000);

afterAll(async () => {
  await context.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(profile, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

async function run(): Promise<void> {
  await page.click('#run');
  await page.waitForFunction(
    () =>
      (document.querySelector('#progress-label')?.textContent ?? '').startsWith('done') ||
      !(document.querySelector('#error') as HTMLElement).hidden,
    undefined,
    { timeout: RUN_BOUND_MS },
  );
}

describe('the web demo', () => {
  it('runs a built-in task on the wasm backend: chart, table with numbers and the verdicts appear', async () => {
    await page.goto(url);
    await page.fill('#sizes', '5, 10');
    await page.fill('#repeats', '5');
    await run();
    expect(await page.isHidden('#error')).toBe(true);
    expect(await page.textContent('#backend')).toContain('wasm');
    // The ridge package's fp64 SIMD kernels, the same code as in Node, run in the browser's worker.
    expect(await page.textContent('#backend')).toContain('ridge kernels: WebAssembly SIMD');
    const cells = await page.$$eval('#table td', (tds) => tds.map((td) => td.textContent));
    expect(cells.some((c) => /^\d+\.\d+ ± \d+\.\d+$/.test(c))).toBe(true);
    const verdicts = await page.$$eval('#verdicts li', (lis) => lis.map((li) => li.textContent));
    expect(verdicts).toHaveLength(2);
    expect(verdicts[0]).toMatch(/transfer helped|no clear difference|transfer hurt/);
    const chartPixels = await page.$eval('#chart', (c) => (c as HTMLCanvasElement).width * (c as HTMLCanvasElement).height);
    expect(chartPixels).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'demo-builtin.png'), fullPage: true });
  }, 180000);

  it('runs two uploaded CSV files with the label chosen from the header', async () => {
    const csv = taskToCsv(loadTask('penguins-adelie-chinstrap'));
    writeFileSync(join(files, 'adelie.csv'), csv.source);
    writeFileSync(join(files, 'chinstrap.csv'), csv.target);
    await page.goto(url);
    await page.setInputFiles('#source-file', join(files, 'adelie.csv'));
    await page.setInputFiles('#target-file', join(files, 'chinstrap.csv'));
    await page.waitForFunction(() => !(document.querySelector('#label') as HTMLSelectElement).disabled);
    expect(await page.inputValue('#label')).toBe('Body Mass (g)');
    await page.fill('#sizes', '5');
    await page.fill('#repeats', '3');
    await run();
    expect(await page.isHidden('#error')).toBe(true);
    expect(await page.textContent('#title')).toContain('adelie.csv → chinstrap.csv');
    await page.screenshot({ path: join(ARTIFACTS, 'demo-csv.png'), fullPage: true });
  }, 180000);

  it('shows a clear error for a malformed file', async () => {
    writeFileSync(join(files, 'ragged.csv'), 'a,b,y\n1,2,3\n4,5\n6,7,8\n');
    writeFileSync(join(files, 'ok.csv'), 'a,b,y\n1,2,3\n4,5,6\n7,8,9\n');
    await page.goto(url);
    await page.setInputFiles('#source-file', join(files, 'ok.csv'));
    await page.setInputFiles('#target-file', join(files, 'ragged.csv'));
    await page.waitForFunction(() => !(document.querySelector('#label') as HTMLSelectElement).disabled);
    await page.fill('#sizes', '1');
    await page.fill('#repeats', '2');
    await run();
    expect(await page.textContent('#error')).toContain('ragged.csv line 3: row has 2 fields, the header has 3');
    await page.screenshot({ path: join(ARTIFACTS, 'demo-error.png'), fullPage: true });
  }, 120000);
});
