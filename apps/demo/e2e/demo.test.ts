import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadTask, taskToCsv } from '@tlkit/datasets';
import { tableFromArrays, tableToIPC } from 'apache-arrow';

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
const failedRequests: string[] = [];

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
  page.on('response', (response) => {
    if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.url()}`);
  });
  files = mkdtempSync(join(tmpdir(), 'tlkit-demo-files-'));
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120000);

afterAll(async () => {
  await context.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(profile, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

/** Every text the progress line showed during the run. */
async function run(): Promise<string[]> {
  await page.evaluate(() => {
    const label = document.querySelector('#progress-label');
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    if (label)
      new MutationObserver(() => seen.push(label.textContent)).observe(label, {
        childList: true,
        characterData: true,
        subtree: true,
      });
  });
  await page.click('#run');
  await page.waitForFunction(
    () =>
      (document.querySelector('#progress-label')?.textContent ?? '').startsWith('done') ||
      !(document.querySelector('#error') as HTMLElement).hidden,
    undefined,
    { timeout: RUN_BOUND_MS },
  );
  return page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
}

/** The file a button downloads, as bytes. */
async function download(button: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  const path = await file.path();
  return readFileSync(path);
}

describe('the web demo', () => {
  it('runs a built-in task on the wasm backend: chart, table with numbers and the verdicts appear', async () => {
    await page.goto(url);
    await page.fill('#sizes', '5, 10');
    await page.fill('#repeats', '5');
    const progressSeen = await run();
    expect(await page.isHidden('#error')).toBe(true);
    expect(await page.textContent('#backend')).toContain('wasm');
    // The ridge package's fp64 SIMD kernels, the same code as in Node, run in the browser's worker.
    expect(await page.textContent('#backend')).toContain('ridge kernels: WebAssembly SIMD');
    const cells = await page.$$eval('#table td', (tds) => tds.map((td) => td.textContent));
    expect(cells.some((c) => /^\d+\.\d+ ± \d+\.\d+$/.test(c))).toBe(true);
    const verdicts = await page.$$eval('#verdicts li', (lis) => lis.map((li) => li.textContent));
    expect(verdicts).toHaveLength(2);
    expect(verdicts[0]).toMatch(/transfer helped|no clear difference|transfer hurt/);
    // The chart is the HTML report's: error bars said to be 95% CIs, one series per method.
    expect(await page.textContent('#chart svg')).toContain('bars: 95% CI of the mean.');
    expect(await page.$$eval('#chart svg polyline', (lines) => lines.length)).toBeGreaterThanOrEqual(5);
    const verdictCells = await page.$$eval('#verdict-table tbody tr', (rows) => rows.length);
    expect(verdictCells).toBeGreaterThan(0);
    // The progress line showed the time left while it ran.
    expect(progressSeen.some((t) => / left — k = /.test(t))).toBe(true);
    expect(failedRequests).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'demo-builtin.png'), fullPage: true });

    // Exports: the HTML report the CLI writes, and the chart as PNG.
    const html = (await download('#download-html')).toString('utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('bars: 95% CI of the mean.');
    const png = await download('#download-png');
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    writeFileSync(join(ARTIFACTS, 'demo-chart-export.png'), png);
    const report = await context.newPage();
    await report.setViewportSize({ width: 1000, height: 900 });
    await report.setContent(html);
    await report.screenshot({ path: join(ARTIFACTS, 'report-from-demo.png'), fullPage: true });
    await report.close();

    // A phone-width screen: nothing wider than the page, the chart's legend below the plot and inside it.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForTimeout(400);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: document.documentElement.clientWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.screen);
    const legend = await page.$eval('#chart svg', (svg) => {
      const box = svg.getBoundingClientRect();
      const texts = [...svg.querySelectorAll('text')].map((t) => t.getBoundingClientRect());
      return { right: texts.reduce((m, t) => Math.max(m, t.right), -Infinity), svgRight: box.right, svgWidth: box.width };
    });
    expect(legend.right).toBeLessThanOrEqual(legend.svgRight + 0.5);
    await page.screenshot({ path: join(ARTIFACTS, 'demo-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });
  }, 240000);

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

  it('runs two source files picked together: the sources ranked and what the chosen model leaned on', async () => {
    writeFileSync(join(files, 'usa.csv'), taskToCsv(loadTask('cars-usa-japan')).source);
    writeFileSync(join(files, 'europe.csv'), taskToCsv(loadTask('cars-usa-europe')).target);
    writeFileSync(join(files, 'japan.csv'), taskToCsv(loadTask('cars-usa-japan')).target);
    await page.goto(url);
    await page.setInputFiles('#source-file', [join(files, 'usa.csv'), join(files, 'europe.csv')]);
    await page.setInputFiles('#target-file', join(files, 'japan.csv'));
    await page.waitForFunction(() => !(document.querySelector('#label') as HTMLSelectElement).disabled);
    expect(await page.inputValue('#label')).toBe('Miles_per_Gallon');
    // Several sources tick the multi-source methods; auto is left out to keep the run short.
    expect(await page.isChecked('input[value="multi:param"]')).toBe(true);
    await page.uncheck('input[value="auto"]');
    await page.fill('#sizes', '10');
    await page.fill('#repeats', '3');
    await run();
    expect(await page.isHidden('#error')).toBe(true);
    expect(await page.textContent('#title')).toContain('usa.csv + europe.csv → japan.csv');
    expect(await page.isHidden('#sources')).toBe(false);
    const names = await page.$$eval('#sources table.sources tbody tr th, #sources table.sources tbody tr td:first-child', (cells) =>
      cells.map((c) => c.textContent),
    );
    expect(names).toEqual(expect.arrayContaining(['usa.csv', 'europe.csv', 'no source']));
    expect(await page.textContent('#leaned-on')).toMatch(/^k = 10: .+ leaned on /);
    const cells = await page.$$eval('#table tbody tr', (rows) => rows.map((r) => r.textContent));
    expect(cells.some((c) => c.startsWith('multi:param'))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'demo-two-sources.png'), fullPage: true });
  }, 180000);

  it('runs an Arrow source and a CSV target, read in the browser', async () => {
    const task = loadTask('penguins-adelie-chinstrap');
    const csv = taskToCsv(task);
    const [header, ...lines] = csv.source.trim().split('\n');
    const names = header.split(',').map((n) => n.replace(/^"|"$/g, ''));
    const rows = lines.map((l) => l.split(','));
    const columns = Object.fromEntries(
      names.map((n, j) => {
        const cells = rows.map((r) => r[j]);
        return [n, cells.every((c) => c !== '' && Number.isFinite(Number(c))) ? Float64Array.from(cells, Number) : cells];
      }),
    );
    writeFileSync(join(files, 'adelie.arrow'), tableToIPC(tableFromArrays(columns), 'file'));
    writeFileSync(join(files, 'chinstrap.csv'), csv.target);
    await page.goto(url);
    await page.setInputFiles('#source-file', join(files, 'adelie.arrow'));
    await page.setInputFiles('#target-file', join(files, 'chinstrap.csv'));
    await page.waitForFunction(() => !(document.querySelector('#label') as HTMLSelectElement).disabled);
    expect(await page.inputValue('#label')).toBe('Body Mass (g)');
    await page.fill('#sizes', '5');
    await page.fill('#repeats', '3');
    await run();
    expect(await page.isHidden('#error')).toBe(true);
    expect(await page.textContent('#title')).toContain('adelie.arrow → chinstrap.csv');
  }, 180000);

  it('shows a clear error for a malformed file, and no earlier results under it', async () => {
    writeFileSync(join(files, 'ragged.csv'), 'a,b,y\n1,2,3\n4,5\n6,7,8\n');
    writeFileSync(join(files, 'ok.csv'), 'a,b,y\n1,2,3\n4,5,6\n7,8,9\n');
    // The Arrow run's results are still on screen: a new run's error must not sit above them.
    expect(await page.isHidden('#results')).toBe(false);
    await page.setInputFiles('#source-file', join(files, 'ok.csv'));
    await page.setInputFiles('#target-file', join(files, 'ragged.csv'));
    await page.waitForFunction(() => !(document.querySelector('#label') as HTMLSelectElement).disabled);
    await page.fill('#sizes', '1');
    await page.fill('#repeats', '2');
    await run();
    expect(await page.textContent('#error')).toContain('ragged.csv line 3: row has 2 fields, the header has 3');
    expect(await page.isHidden('#results')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'demo-error.png'), fullPage: true });
  }, 120000);
});
