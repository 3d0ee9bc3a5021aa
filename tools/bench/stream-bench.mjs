// Streaming ridge benchmark row: a numeric CSV of 1,000,000 rows × 100 features (+ target), written once (seeded),
// read in batches by readCsvBatches into a RidgeAccumulator in a fresh Node process whose peak RSS is reported.
import { execFileSync } from 'node:child_process';
import { createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '@tlkit/tensor-core';

export const STREAM_CASE = { name: 'streaming ridge over a CSV file, 1,000,000 rows × 100 columns', n: 1_000_000, d: 100 };

/** Writes the case's CSV (4 decimals a value) and resolves to its path. */
export async function writeStreamCsv(c, dir) {
  const path = join(dir, `stream-${c.n}x${c.d}.csv`);
  const out = createWriteStream(path);
  const rng = new Random(2026);
  const w = Float64Array.from({ length: c.d }, () => rng.normal());
  const drained = () => new Promise((resolve) => out.once('drain', resolve));
  if (!out.write([...Array.from({ length: c.d }, (_, j) => `x${j}`), 'y'].join(',') + '\n')) await drained();
  const row = new Array(c.d + 1);
  for (let i = 0; i < c.n;) {
    const lines = [];
    for (let r = 0; r < 2000 && i < c.n; r++, i++) {
      let y = 0.5 * rng.normal();
      for (let j = 0; j < c.d; j++) {
        const v = Math.round(rng.normal() * 1e4) / 1e4;
        row[j] = v.toFixed(4);
        y += w[j] * v;
      }
      row[c.d] = y.toFixed(4);
      lines.push(row.join(','));
    }
    if (!out.write(lines.join('\n') + '\n')) await drained();
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  return path;
}

/** Streams the file through RidgeAccumulator in a child process: seconds, peak RSS (MB), file size (MB), rows. */
export function runStream(path) {
  const out = execFileSync(process.execPath, [join(import.meta.dirname, 'stream-child.mjs'), path], { maxBuffer: 1 << 20 });
  const result = JSON.parse(out.toString());
  return { ...result, fileMB: statSync(path).size / 2 ** 20 };
}
