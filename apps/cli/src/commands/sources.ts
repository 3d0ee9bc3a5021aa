import { maxOf } from '@tlkit/tensor-core';
import { prepareTables, rankSources, type NamedSource, type SourceRanking } from '@tlkit/experiment';
import { UsageError } from '../errors.js';
import { readTableFile } from '../read-table.js';
import { parseList } from './options.js';

export interface SourcesFlags {
  source: string[];
  target: string;
  label: string;
  task: string;
  ignore?: string;
  json?: boolean;
}

function formatLambda(v: number): string {
  return v === Infinity ? '∞' : v === 0 ? '0' : v.toExponential(1);
}

function renderRanking(ranking: SourceRanking, targetRows: number): string {
  const width = maxOf(
    ranking.sources.map((s) => s.name.length),
    6,
  );
  const lines = [
    `sources ranked on ${targetRows} labelled target rows by the evidence of parameter transfer (posterior: equal prior odds, "no source" included)`,
    `${'source'.padEnd(width)}  ${'rows'.padStart(6)}  ${'log evidence ratio'.padStart(18)}  ${'λ'.padStart(8)}  ${'LogME'.padStart(8)}  posterior`,
    ...ranking.sources.map(
      (s) =>
        `${s.name.padEnd(width)}  ${String(s.rows).padStart(6)}  ${s.logEvidenceRatio.toFixed(2).padStart(18)}  ${formatLambda(s.lambda).padStart(8)}  ${s.logme.toFixed(3).padStart(8)}  ${s.posterior.toFixed(3)}`,
    ),
    `${'(none)'.padEnd(width)}  ${''.padStart(6)}  ${'0.00'.padStart(18)}  ${''.padStart(8)}  ${''.padStart(8)}  ${ranking.none.toFixed(3)}`,
  ];
  return lines.join('\n');
}

/**
 * `tlkit sources`: several source files ranked for one labelled target file. Every source is encoded with the schema
 * and scaler of the first, so that their weights live in one space.
 */
export async function sourcesCommand(flags: SourcesFlags): Promise<void> {
  if (flags.source.length < 1) throw new UsageError('sources needs at least one --source FILE (repeat it for several)');
  if (new Set(flags.source).size !== flags.source.length) throw new UsageError('--source: the same file is given twice');
  const tables = await Promise.all(flags.source.map((f) => readTableFile(f)));
  const target = await readTableFile(flags.target);
  const options = {
    label: flags.label,
    task: flags.task as 'auto' | 'regression' | 'classification',
    ...(flags.ignore ? { ignore: parseList(flags.ignore) } : {}),
  };
  const first = prepareTables(tables[0], target, options);
  const preprocessor = first.preprocessor;
  if (!preprocessor) throw new Error('sources: prepareTables returned no preprocessor');
  const sources: NamedSource[] = tables.map((t, i) => {
    if (i === 0) return { name: flags.source[0], X: first.Xs, y: first.ys };
    const rows = preprocessor.transform(t);
    if (!rows.y) throw new UsageError(`${flags.source[i]}: no label column "${flags.label}"`);
    return { name: flags.source[i], X: rows.X, y: rows.y };
  });
  const ranking = rankSources(first.task, sources, first.Xt, first.yt);
  process.stdout.write(
    flags.json ? `${JSON.stringify({ targetRows: first.Xt.rows, ...ranking }, null, 2)}\n` : `${renderRanking(ranking, first.Xt.rows)}\n`,
  );
}
