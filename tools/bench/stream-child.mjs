// Child of stream-bench.mjs: fits ridge on a CSV file read in batches and prints time, rows and peak RSS as JSON.
import { RidgeAccumulator } from '@tlkit/ridge';
import { readCsvBatches } from '@tlkit/tensor-core/node';

const start = performance.now();
const accumulator = new RidgeAccumulator();
for await (const batch of readCsvBatches(process.argv[2], { target: 'y' })) accumulator.add(batch.X, batch.y);
const model = accumulator.fit({ alpha: 1 });
const seconds = (performance.now() - start) / 1000;
console.log(
  JSON.stringify({
    seconds,
    rows: accumulator.rows,
    peakMB: process.resourceUsage().maxRSS / 1024,
    coef: Array.from(model.coef.slice(0, 3)),
  }),
);
