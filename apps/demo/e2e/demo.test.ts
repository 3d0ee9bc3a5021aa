import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadTask, taskToCsv } from '@tlkit/datasets';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { readColumnarTable } from '@tlkit/tensor-core/columnar';
import { panelColumns, panelRows } from '../src/column-logic.js';

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
    // What the method names mean, on the page.
    const meanings = await page.$$eval('#legend dt', (dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent ?? '']));
    for (const m of ['feature:fa', 'auto', 'param', 'constant'])
      expect(meanings.find(([term]) => term === m)?.[1].length).toBeGreaterThan(10);
    // The progress line showed the time left while it ran.
    expect(progressSeen.some((t) => / left — k = /.test(t))).toBe(true);
    expect(failedRequests).toEqual([]);
    // Both pages carry their icon inline: a browser asking for /favicon.ico would get a 404.
    for (const html of ['index.html', 'image.html'])
      expect(readFileSync(join(DIST, html), 'utf8')).toMatch(/<link rel="icon" href="data:image\/svg\+xml,/);
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

  it("column panel: a date column and a typo are refused with the CLI's messages until the panel handles them", async () => {
    // A weather-like file: a date on every row, one typo in a numeric column (row 40, line 42), a few stations.
    const weather = (rows: number, typoAt?: number) =>
      [
        'date,temp,wind,station,y',
        ...Array.from({ length: rows }, (_, i) => {
          const day = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
          const temp = (i * 7) % 13;
          return `${day},${i === typoAt ? 'abc' : 10 + temp},${(i * 3) % 11},${'ABC'[i % 3]},${2 * temp + ((i * 3) % 11) + (i % 3)}`;
        }),
      ].join('\n');
    writeFileSync(join(files, 'weather-source.csv'), weather(60, 40));
    writeFileSync(join(files, 'weather-target.csv'), weather(30));
    await page.goto(url);
    await page.setInputFiles('#source-file', join(files, 'weather-source.csv'));
    await page.setInputFiles('#target-file', join(files, 'weather-target.csv'));
    await page.waitForSelector('#columns[data-ready]');
    expect(await page.inputValue('#label')).toBe('y');
    const row = (name: string) => `#columns tr[data-column="${name}"]`;
    const cells = (name: string) => page.$$eval(`${row(name)} td, ${row(name)} th`, (tds) => tds.map((td) => td.textContent));
    // Each column with the type inferred, its distinct values in source / target and how the run reads it.
    expect(await cells('date')).toEqual(expect.arrayContaining(['date', '60 / 30']));
    expect(await page.getAttribute(row('date'), 'class')).toBe('refused');
    expect((await cells('temp')).join(' ')).toContain(
      'numbers with 1 stray cell (first: weather-source.csv line 42, "abc" is not a number)',
    );
    expect((await cells('station')).join(' ')).toContain('3 one-hot columns');
    expect(await page.isChecked(`${row('y')} input[type=radio]`)).toBe(true);
    expect(await page.textContent('#ignore-flagged')).toContain('date, temp');
    await page.locator('#columns').screenshot({ path: join(ARTIFACTS, 'demo-column-panel.png') });

    await page.fill('#sizes', '5');
    await page.fill('#repeats', '3');
    await run();
    expect(await page.textContent('#error')).toBe(
      'weather-source.csv: column "date" has 60 distinct values in 60 rows (dates), too many to one-hot encode; ' +
        'parse it as dates with the column panel\'s type "date" for date, or leave it out with the column panel\'s "ignore" box for date',
    );
    expect(await page.isHidden('#results')).toBe(true);

    await page.selectOption(`${row('date')} select`, 'date');
    expect((await cells('date')).join(' ')).toContain('days since 1970-01-01 (a number)');
    await run();
    expect(await page.textContent('#error')).toBe(
      'weather-source.csv line 42, column "temp": "abc" is not a number, but 59 of the column\'s 60 values are numbers ' +
        '(fix the cell, or use the column panel\'s type "categorical" for temp if the column holds categories)',
    );
    expect(await page.isHidden('#results')).toBe(true);

    await page.check(`${row('temp')} input.ignore`);
    expect((await cells('temp')).join(' ')).toContain('left out');
    expect(await page.isVisible('#ignore-flagged')).toBe(false);
    await run();
    expect(await page.isHidden('#error')).toBe(true);
    expect(await page.isHidden('#results')).toBe(false);
    // A new run takes the results off the screen as it starts (they are not its results).
    const hiddenAtStart = await page.evaluate(() => {
      (document.querySelector('#run') as HTMLButtonElement).click();
      return (document.querySelector('#results') as HTMLElement).hidden;
    });
    expect(hiddenAtStart).toBe(true);
    await page.waitForFunction(() => (document.querySelector('#progress-label')?.textContent ?? '').startsWith('done'), undefined, {
      timeout: RUN_BOUND_MS,
    });
    expect(await page.isHidden('#results')).toBe(false);
    const table = await page.$$eval('#table td', (tds) => tds.map((td) => td.textContent));
    expect(table.some((c) => /^\d+\.\d+ ± \d+\.\d+$/.test(c))).toBe(true);
    await page.locator('#columns').screenshot({ path: join(ARTIFACTS, 'demo-column-panel-handled.png') });

    // The panel fits a phone-width screen (its table scrolls inside the page).
    await page.setViewportSize({ width: 375, height: 800 });
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: document.documentElement.clientWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.screen);
    await page.setViewportSize({ width: 1280, height: 720 });
  }, 180000);

  it('reads Parquet files in the browser (zstd and snappy): the column panel shows what Node reads from them', async () => {
    // DuckDB-written fixtures (packages/tensor-core/tests/fixtures/README.md): integers, doubles with nulls, text, dates.
    const fixtures = join(__dirname, '..', '..', '..', 'packages', 'tensor-core', 'tests', 'fixtures');
    const [source, target] = ['types-zstd.parquet', 'types-snappy.parquet'];
    await page.goto(url);
    await page.setInputFiles('#source-file', join(fixtures, source));
    await page.setInputFiles('#target-file', join(fixtures, target));
    await page.waitForSelector('#columns[data-ready]');
    const shown = await page.$$eval('#columns tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent).filter((_, j) => [0, 4, 5, 6].includes(j))),
    );
    const read = async (name: string) => panelColumns(await readColumnarTable(readFileSync(join(fixtures, name)), { source: name }));
    const expected = panelRows(await read(source), await read(target), new Map(), undefined).map((r) => [
      r.name,
      r.inferred,
      r.distinct,
      r.missing,
    ]);
    expect(shown).toEqual(expected);
    expect(shown.find((r) => r[0] === 'day')).toEqual(['day', 'date', '3 / 3', '1 / 1']);
  }, 120000);
});
