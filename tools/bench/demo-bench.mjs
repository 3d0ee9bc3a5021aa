// The demo's built-in run in headless Chromium (Debian's), timed from the click on Run to the results.
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const DIST = join(import.meta.dirname, '..', '..', 'apps', 'demo', 'dist');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

export const DEMO_CASE = { name: 'demo built-in run (cars, 7 methods, k=5,10,20, 10 draws) in headless Chromium' };

export async function runDemo() {
  if (!existsSync('/usr/bin/chromium')) return { skipped: 'Debian chromium is missing (apt-get install -y chromium)' };
  if (!existsSync(join(DIST, 'index.html'))) return { skipped: 'the demo is not built' };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^(\.\.[/\\])+/, '');
    const file = join(DIST, path === '/' ? 'index.html' : path);
    if (!file.startsWith(DIST) || !existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const profile = mkdtempSync(join(tmpdir(), 'tlkit-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
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
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.fill('#sizes', '5, 10, 20');
    await page.fill('#repeats', '10');
    const started = performance.now();
    await page.click('#run');
    await page.waitForFunction(() => document.querySelector('#progress-label')?.textContent?.startsWith('done'), undefined, {
      timeout: 600000,
    });
    const seconds = (performance.now() - started) / 1000;
    return { seconds, backend: await page.textContent('#backend') };
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
