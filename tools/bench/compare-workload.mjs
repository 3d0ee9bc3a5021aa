// The `tlkit compare` workload of issue 14, rebuilt synthetically so it can be rerun anywhere: a 10-class task with
// 1000 source rows × d features and 1000 target rows, 3 labelled target rows per class, 10 draws, the default
// (auto) method set. The classes live on a 20-dimensional latent space embedded in d features with noise; the
// target domain rescales and shifts the features (a covariate shift CORAL can undo). Prints the wall time of the
// CLI for each d as JSON lines.
//
//   node tools/bench/compare-workload.mjs [--d 200,400,800,1600] [--repeats 10] [--workers N] [--keep DIR]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '@tlkit/tensor-core';

export const COMPARE_CASE = { sourceRows: 1000, targetRows: 1000, classes: 10, latent: 20, perClass: 3, repeats: 10 };

const CLI = join(import.meta.dirname, '..', '..', 'apps', 'cli', 'bin', 'tlkit.js');

/** Writes source.csv and target.csv of the synthetic task with d features into dir; returns their paths. */
export function writeCompareTask(dir, d, c = COMPARE_CASE) {
  const rng = new Random(1400 + d);
  const embed = Array.from({ length: c.latent * d }, () => rng.normal() / Math.sqrt(c.latent));
  const centres = Array.from({ length: c.classes }, () => Array.from({ length: c.latent }, () => 1.5 * rng.normal()));
  const scale = Float64Array.from({ length: d }, () => Math.exp(0.5 * rng.normal()));
  const shift = Float64Array.from({ length: d }, () => 0.5 * rng.normal());
  const header = [...Array.from({ length: d }, (_, j) => `f${j}`), 'label'].join(',');
  const table = (rows, target) => {
    const lines = [header];
    const z = new Float64Array(c.latent);
    for (let i = 0; i < rows; i++) {
      const label = i % c.classes;
      for (let l = 0; l < c.latent; l++) z[l] = centres[label][l] + rng.normal();
      const cells = new Array(d + 1);
      for (let j = 0; j < d; j++) {
        let v = 0.5 * rng.normal();
        for (let l = 0; l < c.latent; l++) v += embed[l * d + j] * z[l];
        cells[j] = (target ? scale[j] * v + shift[j] : v).toFixed(5);
      }
      cells[d] = `c${label}`;
      lines.push(cells.join(','));
    }
    return `${lines.join('\n')}\n`;
  };
  const source = join(dir, `source-${d}.csv`);
  const target = join(dir, `target-${d}.csv`);
  writeFileSync(source, table(c.sourceRows, false));
  writeFileSync(target, table(c.targetRows, true));
  return { source, target };
}

/** Runs `tlkit compare` on the task in a fresh process (`workers`: its --workers, default the CLI's); returns its wall time in seconds. */
export function runCompare(paths, c = COMPARE_CASE, env = process.env, workers = undefined) {
  const args = [CLI, 'compare', '--source', paths.source, '--target', paths.target, '--label', 'label'];
  args.push('--sizes', String(c.perClass), '--per-class', '--repeats', String(c.repeats), '--quiet');
  if (workers !== undefined) args.push('--workers', String(workers));
  const start = performance.now();
  execFileSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 26 });
  return (performance.now() - start) / 1000;
}

if (process.argv[1] === import.meta.filename) {
  const flag = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const dims = flag('--d', '200,400,800,1600').split(',').map(Number);
  const repeats = Number(flag('--repeats', String(COMPARE_CASE.repeats)));
  const keep = flag('--keep', undefined);
  const workers = flag('--workers', undefined);
  if (keep) mkdirSync(keep, { recursive: true });
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'tlkit-compare-'));
  try {
    for (const d of dims) {
      const paths = writeCompareTask(dir, d);
      const seconds = runCompare(paths, { ...COMPARE_CASE, repeats }, process.env, workers);
      console.log(JSON.stringify({ d, repeats, workers: workers ?? 'default', seconds }));
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
