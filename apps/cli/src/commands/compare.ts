import { listTasks, loadTask } from '@tlkit/datasets';
import {
  DEFAULT_METHODS,
  METHOD_NAMES,
  defaultMethodsFor,
  prepareTables,
  renderHtmlReport,
  renderTextTable,
  resolveMethods,
  runExperiment,
  type ExperimentData,
} from '@tlkit/experiment';
import type { Network } from '@tlkit/nn';
import { colourVerdict } from '../colour.js';
import { reportJsonText } from '@tlkit/experiment/report-json';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { readTableFile } from '../read-table.js';
import { readSourceTables } from '../read-sources.js';
import { progressBar } from '../progress.js';
import { defaultWorkers, workerExecutor } from '../draw-pool.js';
import { drawWorkerScript } from '../draw-worker-script.js';
import { parseInteger, parseIntegerList, parseList } from './options.js';
import { columnOptionsOf, type ColumnFlags } from '../column-flags.js';

export interface CompareFlags extends ColumnFlags {
  /** Repeatable: two or more make a multi-source comparison. */
  source?: string[];
  target?: string;
  label?: string;
  dataset?: string;
  task: string;
  sizes: string;
  perClass?: boolean;
  repeats: string;
  methods?: string;
  seed: string;
  workers?: string;
  json?: string;
  report?: string;
  unlabeled: boolean;
  dropMissing?: boolean;
  quiet?: boolean;
}

async function loadData(flags: CompareFlags): Promise<{ data: ExperimentData; title: string }> {
  const sources = flags.source ?? [];
  if (flags.dataset !== undefined) {
    if (sources.length > 0 || flags.target !== undefined)
      throw new UsageError('compare takes either --dataset or --source/--target, not both');
    const names = listTasks().map((t) => t.name);
    if (!names.includes(flags.dataset))
      throw new UsageError(`--dataset: unknown task "${flags.dataset}"; built-in tasks are ${names.join(', ')}`);
    const task = loadTask(flags.dataset);
    const inputShape = task.name.startsWith('digits') ? [14, 14, 1] : undefined;
    return { data: prepareTables(task.source, task.target, { label: task.label, task: task.kind, inputShape }), title: task.title };
  }
  if (sources.length === 0 || flags.target === undefined || flags.label === undefined) {
    throw new UsageError('compare needs --source FILE (repeat it for several), --target FILE and --label COLUMN (or --dataset NAME)');
  }
  const tables = await readSourceTables(sources);
  const target = await readTableFile(flags.target);
  const task = flags.task as 'auto' | 'regression' | 'classification';
  const data = prepareTables(tables.length === 1 ? tables[0].table : tables, target, {
    label: flags.label,
    task,
    ignore: flags.ignore ? parseList(flags.ignore) : undefined,
    missing: flags.dropMissing ? 'drop' : 'error',
    columns: columnOptionsOf(flags),
  });
  return { data, title: `${sources.join(' + ')} → ${flags.target} (${flags.label})` };
}

/** The methods of --methods (default the fast ones; "all" every one), checked. */
export function parseMethods(flag: string | undefined, defaults: readonly string[] = DEFAULT_METHODS): string[] {
  const methods = flag === undefined ? [...defaults] : flag === 'all' ? [...METHOD_NAMES] : parseList(flag);
  try {
    resolveMethods(methods);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`--methods: ${error.message} (or "all")`);
    throw error;
  }
  return methods;
}

export async function compareCommand(flags: CompareFlags): Promise<void> {
  const given = flags.methods === undefined ? undefined : parseMethods(flags.methods);
  parseIntegerList('--sizes', flags.sizes);
  const { data, title } = await loadData(flags);
  await runComparison(data, title, flags, given ?? defaultMethodsFor(data.sources?.length ?? 1));
}

/** Runs the comparison on prepared data and writes the table, the JSON and the HTML report the flags ask for. */
export async function runComparison(
  data: ExperimentData,
  title: string,
  flags: CompareFlags,
  methods: readonly string[],
  sourceNetwork?: Network,
): Promise<void> {
  if (flags.perClass && data.task === 'regression') throw new UsageError('--per-class applies to classification; this task is regression');
  const sizes = parseIntegerList('--sizes', flags.sizes);
  const repeats = parseInteger('--repeats', flags.repeats, 2);
  const seed = parseInteger('--seed', flags.seed, 0);
  const workers = flags.workers === undefined ? defaultWorkers() : parseInteger('--workers', flags.workers, 1);
  const script = drawWorkerScript();
  if (data.task === 'classification' && !flags.perClass && sizes.some((k) => k > 0 && k < (data.classes?.length ?? 0))) {
    process.stderr.write(`note: some sizes are below the number of classes (${data.classes?.length ?? 0}); consider --per-class\n`);
  }
  const bar = progressBar(flags.quiet ?? false);
  const report = await runExperiment(data, {
    sizes,
    repeats,
    seed,
    methods,
    perClass: flags.perClass ?? false,
    useUnlabeled: flags.unlabeled,
    ...(sourceNetwork ? { sourceNetwork } : {}),
    ...(workers > 1 && script ? { executor: workerExecutor(workers, script) } : {}),
    onProgress: (e) => bar.update(e.done, e.total, `k=${e.size} ${e.method}`),
  }).finally(() => bar.stop());
  process.stdout.write(`${renderTextTable(report, title, { styleVerdict: colourVerdict })}\n`);
  if (flags.json) writeFileAtomic(flags.json, reportJsonText({ title, ...report }));
  if (flags.report) writeFileAtomic(flags.report, renderHtmlReport(report, title));
}
