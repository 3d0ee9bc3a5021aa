import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadTask } from '@tlkit/datasets';
import { DEFAULT_METHODS, prepareTables, renderHtmlReport, renderTextTable, runExperiment } from '@tlkit/experiment';
import { colourVerdict } from '../colour.js';
import { writeFileAtomic } from '../files.js';
import { progressBar } from '../progress.js';

/** The built-in showcase behind `npm start`: a regression and a classification task, tables and HTML reports. */
// Digits have 196 features: feature augmentation (588 columns), PCA and SA cost seconds per draw there, so the tour
// leaves them out of that task and restricts auto to the methods it shows.
const TOUR = [
  { dataset: 'cars-usa-japan', sizes: [0, 5, 10, 20, 40], perClass: false, repeats: 20, methods: DEFAULT_METHODS },
  { dataset: 'penguins-adelie-gentoo', sizes: [5, 10, 20], perClass: false, repeats: 20, methods: DEFAULT_METHODS },
  {
    dataset: 'digits-rotated',
    sizes: [1, 5],
    perClass: true,
    repeats: 5,
    methods: ['target-only', 'source-only', 'pooled', 'param', 'feature:coral', 'auto:target-only+source-only+pooled+param+feature:coral'],
  },
] as const;

export async function tourCommand(flags: { out: string; quiet?: boolean }): Promise<void> {
  if (!existsSync(flags.out)) mkdirSync(flags.out, { recursive: true });
  const started = Date.now();
  for (const step of TOUR) {
    const task = loadTask(step.dataset);
    const data = prepareTables(task.source, task.target, { label: task.label, task: task.kind });
    const bar = progressBar(flags.quiet ?? false);
    const report = await runExperiment(data, {
      sizes: step.sizes,
      perClass: step.perClass,
      repeats: step.repeats,
      methods: step.methods,
      onProgress: (e) => bar.update(e.done, e.total, `${step.dataset} k=${e.size} ${e.method}`),
    }).finally(() => bar.stop());
    const path = join(flags.out, `${task.name}.html`);
    writeFileAtomic(path, renderHtmlReport(report, task.title));
    process.stdout.write(
      `\n${renderTextTable(report, `${task.title} — ${task.description}`, { styleVerdict: colourVerdict })}\nreport: ${path}\n`,
    );
  }
  process.stdout.write(
    `\ndone in ${((Date.now() - started) / 1000).toFixed(0)} s. Try your own data: npx tlkit compare --source S.csv --target T.csv --label COLUMN\n`,
  );
}
