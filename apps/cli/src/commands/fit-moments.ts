import { fitFromMoments, readMomentsText, type MomentsResult } from '@tlkit/sql';
import { duckdbMoments } from '@tlkit/sql/duckdb';
import { BadDataError } from '@tlkit/tensor-core';
import { UsageError } from '../errors.js';
import { checkRegularFile, readTextFile } from '../files.js';
import { saveBundle } from '../model-bundle.js';
import { parseList } from './options.js';

export interface FitMomentsFlags {
  source?: string;
  label?: string;
  task: string;
  out: string;
  ignore?: string;
  moments?: string;
  engine?: string;
  weight?: string;
  dropMissing?: boolean;
}

async function momentsOf(flags: FitMomentsFlags): Promise<{ result: MomentsResult; from: string }> {
  if (flags.moments !== undefined) {
    if (flags.engine !== undefined || flags.source !== undefined) throw new UsageError('--moments FILE replaces --source and --engine');
    // One row of sums: a few MB at most, even for thousands of features.
    const result = readMomentsText(readTextFile(flags.moments, 64 * 2 ** 20), flags.moments);
    if (flags.label !== undefined && flags.label !== result.label)
      throw new BadDataError(`${flags.moments}: the moments are of label "${result.label}", not "${flags.label}"`, {
        source: flags.moments,
      });
    return { result, from: flags.moments };
  }
  if (flags.source === undefined || flags.label === undefined)
    throw new UsageError('fit --engine duckdb needs --source FILE and --label COLUMN');
  checkRegularFile(flags.source, 'DuckDB');
  const { result } = await duckdbMoments({
    source: flags.source,
    label: flags.label,
    weight: flags.weight,
    ignore: flags.ignore ? parseList(flags.ignore) : undefined,
  });
  return { result, from: flags.source };
}

/**
 * `tlkit fit --moments FILE` and `tlkit fit --engine duckdb --source FILE`: the source model from ridge's sufficient
 * statistics, computed by another engine or by an embedded DuckDB over a file larger than memory. The bundle is the
 * one `tlkit fit` writes for the same rows (numeric features, regression).
 */
export async function fitMomentsCommand(flags: FitMomentsFlags): Promise<void> {
  if (flags.task === 'classification') throw new UsageError('a fit from moments is a regression; drop --task classification');
  if (flags.moments !== undefined && (flags.weight !== undefined || flags.ignore !== undefined))
    throw new UsageError('--weight and --ignore belong in the query (tlkit moments --sql), not in fit --moments');
  const { result, from } = await momentsOf(flags);
  const fit = fitFromMoments(result, { missing: flags.dropMissing ? 'drop' : 'error', source: from });
  saveBundle(flags.out, {
    kind: 'source',
    method: 'ridge',
    task: 'regression',
    label: result.label,
    schema: fit.schema,
    scaler: fit.scaler.toJSON(),
    model: fit.model.toJSON(),
    details: {
      alpha: fit.model.alpha,
      rows: fit.rows,
      moments: flags.engine ?? 'file',
      ...(result.weight ? { weight: result.weight } : {}),
      ...(result.rowsRead > fit.rows ? { rowsLeftOut: result.rowsRead - fit.rows } : {}),
    },
  });
  const left = result.rowsRead > fit.rows ? `, ${result.rowsRead - fit.rows} with missing values left out` : '';
  process.stdout.write(
    `fitted regression ridge on ${fit.rows} rows of ${from} from their moments${flags.engine ? ` (computed by ${flags.engine})` : ''}${left} (alpha ${fit.model.alpha.toPrecision(3)}); saved ${flags.out}\n`,
  );
}
