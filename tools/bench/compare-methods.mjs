// Where `tlkit compare`'s time goes on the issue-14 workload: the draws of compare-workload.mjs's synthetic task run
// in this thread through the experiment's draw runner, with the wall time of every method on every draw (the runner
// calls onMethod after each). `auto` carries the candidates it fits itself (feature:pca, feature:sa, instance:ulsif)
// and every candidate's leave-one-out; draw 0 carries the once-per-experiment work (the source model on first use,
// the cached source-side work, the shared uLSIF weights); `constant` carries each draw's setup (the split, LogME of the
// labelled rows). Prints one JSON line per d: seconds per method, first
// draw and the mean of the others.
//
//   node tools/bench/compare-methods.mjs [--d 800] [--repeats 10]     (build first: npm run build)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '@tlkit/tensor-core';
import { DEFAULT_METHODS, prepareTables, runDraws } from '@tlkit/experiment';
import { COMPARE_CASE, writeCompareTask } from './compare-workload.mjs';

const flag = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const dims = flag('--d', '800').split(',').map(Number);
const repeats = Number(flag('--repeats', String(COMPARE_CASE.repeats)));
const dir = mkdtempSync(join(tmpdir(), 'tlkit-compare-methods-'));
try {
  for (const d of dims) {
    const paths = writeCompareTask(dir, d);
    const start = performance.now();
    const data = prepareTables(parseCsv(readFileSync(paths.source, 'utf8')), parseCsv(readFileSync(paths.target, 'utf8')), {
      label: 'label',
    });
    const load = (performance.now() - start) / 1000;
    const settings = { methods: DEFAULT_METHODS, seed: 0, perClass: true, useUnlabeled: true };
    const jobs = Array.from({ length: repeats }, (_, repeat) => ({ size: COMPARE_CASE.perClass, repeat }));
    const times = new Map();
    let last = performance.now();
    const onMethod = (job, method) => {
      const now = performance.now();
      const row = times.get(method) ?? new Array(repeats).fill(0);
      row[job.repeat] += (now - last) / 1000;
      times.set(method, row);
      last = now;
    };
    const onDraw = () => (last = performance.now());
    const drawStart = performance.now();
    await runDraws(data, settings, jobs, { onMethod, onDraw });
    const draws = (performance.now() - drawStart) / 1000;
    const methods = {};
    for (const [name, row] of times) {
      const rest = row.slice(1);
      methods[name] = {
        total: +row.reduce((a, b) => a + b, 0).toFixed(2),
        firstDraw: +row[0].toFixed(2),
        otherDraws: +(rest.reduce((a, b) => a + b, 0) / Math.max(1, rest.length)).toFixed(2),
      };
    }
    console.log(JSON.stringify({ d, repeats, loadSeconds: +load.toFixed(2), drawSeconds: +draws.toFixed(2), methods }));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
