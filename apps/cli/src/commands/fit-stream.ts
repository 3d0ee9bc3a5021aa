import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { BadDataError, StandardScaler, inferSchema, parseCsv } from '@tlkit/tensor-core';
import { readCsvBatches, systemReason } from '@tlkit/tensor-core/node';
import { RidgeAccumulator } from '@tlkit/ridge';
import { UsageError } from '../errors.js';
import { checkInputFile } from '../files.js';
import { saveBundle } from '../model-bundle.js';
import { CLI_ADVICE, columnOptionsOf, type ColumnFlags } from '../column-flags.js';

/** Bytes of the file's head that the schema is inferred from (whole lines; more when the first rows are longer). */
const HEAD_BYTES = 1 << 20;
/** The longest line --stream reads (the scanner's bound too). */
const MAX_LINE_BYTES = 64 * 2 ** 20;
/** RidgeAccumulator keeps d×d moments and solves a d×d eigenproblem: past this many features, fit the rows whole. */
export const MAX_STREAM_FEATURES = 2048;

/**
 * The header and first rows of a CSV file (whole lines only), for inferring its schema without reading it all: at
 * least HEAD_BYTES when the file is longer, and as much more as it takes to hold the header and one row, up to
 * MAX_LINE_BYTES a line. The file must be a regular file: --stream reads it twice.
 */
function readHead(path: string): string {
  checkInputFile(path);
  // Before opening: opening a named pipe blocks until something writes to it.
  if (!statSync(path).isFile()) {
    throw new BadDataError(`${path}: is not a regular file (a pipe or a device?); --stream reads the file twice, so it needs a file`, {
      source: path,
    });
  }
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new BadDataError(`${path}: cannot be read (${systemReason(error)})`, { source: path });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      throw new BadDataError(`${path}: is not a regular file (a pipe or a device?); --stream reads the file twice, so it needs a file`, {
        source: path,
      });
    }
    let buffer = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
    let bytes = readSync(fd, buffer, 0, buffer.length, 0);
    for (;;) {
      const text = buffer.subarray(0, bytes);
      const newlines = countNewlines(text, 2);
      if (bytes >= stat.size || newlines >= 2) {
        const end = bytes >= stat.size ? bytes : text.lastIndexOf(0x0a) + 1;
        return text.subarray(0, end).toString('utf8');
      }
      if (bytes >= 2 * MAX_LINE_BYTES) {
        throw new BadDataError(`${path}: line ${newlines + 1} is longer than ${MAX_LINE_BYTES / 2 ** 20} MB; is this a CSV file?`, {
          source: path,
        });
      }
      const grown = Buffer.alloc(Math.min(buffer.length * 2, stat.size));
      buffer.copy(grown, 0, 0, bytes);
      buffer = grown;
      bytes += readSync(fd, buffer, bytes, buffer.length - bytes, bytes);
    }
  } finally {
    closeSync(fd);
  }
}

function countNewlines(bytes: Uint8Array, upTo: number): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && n < upTo; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

/**
 * `tlkit fit --stream`: a ridge regression source model fitted on a numeric CSV file read in blocks, so that the
 * file may be larger than memory. Two passes: the scaler's statistics, then the ridge moments of the scaled rows;
 * alpha by the evidence from the moments. The bundle is the one `tlkit fit` writes for the same file.
 */
export async function fitStreamCommand(flags: { source: string; label: string; task: string; out: string } & ColumnFlags): Promise<void> {
  if (flags.task === 'classification') throw new UsageError('--stream fits regression models only; drop --task classification or --stream');
  const head = parseCsv(readHead(flags.source), { source: flags.source });
  const schema = inferSchema(head, { ...columnOptionsOf(flags), label: flags.label, labelType: 'numeric' });
  const text = schema.features.find((f) => f.type !== 'numeric');
  if (text) {
    throw new BadDataError(
      `${flags.source}: column "${text.name}" is ${text.type === 'date' ? 'dates' : 'text'}; --stream reads numeric columns only (use ${CLI_ADVICE.ignore} ${text.name}, or fit without --stream)`,
      { source: flags.source, column: text.name },
    );
  }
  const features = schema.features.map((f) => f.name);
  if (features.length > MAX_STREAM_FEATURES) {
    throw new BadDataError(
      `${flags.source}: has ${features.length} feature columns; --stream keeps a ${features.length}×${features.length} matrix of moments and handles at most ${MAX_STREAM_FEATURES} (fit without --stream, or use fewer columns)`,
      { source: flags.source },
    );
  }
  const batches = () => readCsvBatches(flags.source, { target: flags.label, features, maxLineBytes: MAX_LINE_BYTES });
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
