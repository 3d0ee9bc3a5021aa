import { closeSync, openSync, readSync } from 'node:fs';
import { BadDataError, StandardScaler, describeBadCell, describeRow, inferSchema, parseCsv, parseNumberCell } from '@tlkit/tensor-core';
import { readCsvBatches } from '@tlkit/tensor-core/node';
import { RidgeAccumulator } from '@tlkit/ridge';
import { UsageError } from '../errors.js';
import { checkInputFile } from '../files.js';
import { saveBundle } from '../model-bundle.js';
import { parseList } from './options.js';

/** Bytes of the file's head that the schema is inferred from. */
const HEAD_BYTES = 1 << 20;

/** The header and first rows of a CSV file (whole lines only), for inferring its schema without reading it all. */
function readHead(path: string): string {
  checkInputFile(path);
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const bytes = readSync(fd, buffer, 0, HEAD_BYTES, 0);
    const text = buffer.subarray(0, bytes).toString('utf8');
    if (bytes < HEAD_BYTES) return text;
    const lastNewline = text.lastIndexOf('\n');
    return lastNewline > 0 ? text.slice(0, lastNewline + 1) : text;
  } finally {
    closeSync(fd);
  }
}

/**
 * `tlkit fit --stream`: a ridge regression source model fitted on a numeric CSV file read in blocks, so that the
 * file may be larger than memory. Two passes: the scaler's statistics, then the ridge moments of the scaled rows;
 * alpha by the evidence from the moments. The bundle is the one `tlkit fit` writes for the same file.
 */
export async function fitStreamCommand(flags: {
  source: string;
  label: string;
  task: string;
  out: string;
  ignore?: string;
}): Promise<void> {
  if (flags.task === 'classification') throw new UsageError('--stream fits regression models only; drop --task classification or --stream');
  const head = parseCsv(readHead(flags.source), { source: flags.source });
  const schema = inferSchema(head, {
    label: flags.label,
    ignore: flags.ignore ? parseList(flags.ignore) : undefined,
    labelType: 'numeric',
  });
  const text = schema.features.find((f) => f.type !== 'numeric');
  if (text) {
    const j = head.columns.indexOf(text.name);
    const row = head.rows.findIndex((r) => parseNumberCell(r[j]) === undefined);
    throw new BadDataError(
      `${describeRow(head, row)}, column '${text.name}': ${describeBadCell(head.rows[row][j] ?? '')} — --stream reads numeric columns only (use --ignore, or fit without --stream)`,
      { source: flags.source, column: text.name, line: head.lines[row] },
    );
  }
  const features = schema.features.map((f) => f.name);
  const batches = () => readCsvBatches(flags.source, { target: flags.label, features });
  const scaler = new StandardScaler();
  for await (const batch of batches()) scaler.partialFit(batch.X);
  const accumulator = new RidgeAccumulator();
  for await (const batch of batches()) accumulator.add(scaler.transform(batch.X), batch.y);
  const model = accumulator.fitCV({ cv: 'evidence' });
  saveBundle(flags.out, {
    kind: 'source',
    method: 'ridge',
    task: 'regression',
    label: flags.label,
    schema,
    scaler: scaler.toJSON(),
    model: model.toJSON(),
    details: { alpha: model.alpha, rows: accumulator.rows, streamed: true },
  });
  process.stdout.write(
    `fitted regression ridge on ${accumulator.rows} rows of ${flags.source}, read in blocks (alpha ${model.alpha.toPrecision(3)}); saved ${flags.out}\n`,
  );
}
