import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { progressBar } from '../src/progress.js';

function sink(isTTY: boolean): Writable & { text: string; isTTY: boolean } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { text: string; isTTY: boolean };
  Object.defineProperty(stream, 'text', { get: () => chunks.join('') });
  stream.isTTY = isTTY;
  return stream;
}

describe('progress', () => {
  it('writes a line every few seconds when stderr is not a terminal, with done/total and the time left', () => {
    const stream = sink(false);
    let t = 0;
    const p = progressBar(false, { stream, intervalSeconds: 5, now: () => t });
    for (let done = 1; done <= 100; done++) {
      t = done * 200; // 0.2 s a step: a line every 25 steps
      p.update(done, 100, `k=5 step ${done}`);
    }
    p.stop();
    expect(stream.text.split('\n').filter(Boolean)).toEqual([
      'progress: 25 / 100 (25%), about 15 s left — k=5 step 25',
      'progress: 50 / 100 (50%), about 10 s left — k=5 step 50',
      'progress: 75 / 100 (75%), about 5 s left — k=5 step 75',
      'progress: 100 / 100 (100%) in 20 s — k=5 step 100',
      'progress: 100 / 100 (100%) in 20 s',
    ]);
  });

  it('stays silent for a run shorter than the interval, and with --quiet', () => {
    const short = sink(false);
    let t = 0;
    const p = progressBar(false, { stream: short, intervalSeconds: 5, now: () => t });
    for (let done = 1; done <= 10; done++) {
      p.update(done, 10, 'x');
      t += 100;
    }
    p.stop();
    expect(short.text).toBe('');
    const quiet = sink(false);
    const q = progressBar(true, { stream: quiet, intervalSeconds: 0 });
    q.update(1, 2, 'x');
    q.stop();
    expect(quiet.text).toBe('');
  });

  it('says where a cancelled or failed run stopped', () => {
    const stream = sink(false);
    let t = 0;
    const p = progressBar(false, { stream, intervalSeconds: 1, now: () => t });
    t = 2000;
    p.update(3, 10, 'x');
    t = 2500;
    p.stop();
    expect(stream.text).toBe('progress: 3 / 10 (30%), about 5 s left — x\nprogress: stopped at 3 / 10 after 3 s\n');
  });

  it('draws a bar with the time left on a terminal', () => {
    const stream = sink(true);
    Object.assign(stream, { columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    let t = 0;
    const p = progressBar(false, { stream, now: () => t });
    t = 4000;
    try {
      p.update(2, 10, 'k=5 param');
    } finally {
      p.stop();
    }
    expect(stream.text).toMatch(/\d+% \| \d+\/10 \| about 16 s left \| k=5 param/);
  });
});

describe('tlkit compare with stderr piped', () => {
  it('prints progress lines with the time left (TLKIT_PROGRESS_SECONDS=0: every step), none with --quiet', () => {
    const bin = join(__dirname, '..', 'bin', 'tlkit.js');
    const args = [bin, 'compare', '--dataset', 'cars-usa-japan', '--sizes', '5', '--repeats', '2', '--methods', 'target-only,param'];
    const env = { ...process.env, NO_COLOR: '1', TLKIT_PROGRESS_SECONDS: '0' };
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', env, timeout: 300000 });
    expect(r.status).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('progress:'));
    expect(lines[0]).toMatch(/^progress: 1 \/ 4 \(25%\), about \d+ s left — k=5 target-only$/);
    expect(lines.at(-1)).toMatch(/^progress: 4 \/ 4 \(100%\) in \d+ s$/);
    const quiet = spawnSync(process.execPath, [...args, '--quiet'], { encoding: 'utf8', env, timeout: 300000 });
    expect(quiet.stderr).not.toContain('progress:');
  });
});
