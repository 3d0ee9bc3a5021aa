import { formatCsv } from '@tlkit/tensor-core';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { labelOf, loadBundle, rowsFor } from '../model-bundle.js';
import { openModel } from '../opened-model.js';
import { readTableFile } from '../read-table.js';

export interface PredictFlags {
  model: string;
  input: string;
  out?: string;
  proba?: boolean;
}

/** A probability as CSV text: enough digits to sum to 1 within 1e-6 over the classes. */
function probabilityText(p: number): string {
  return Number(p.toPrecision(6)).toString();
}

/**
 * `tlkit predict`: the input rows with a predicted_<label> column, and with --proba one probability_<class> column per
 * class (classifiers), as CSV on stdout or in --out.
 */
export async function predictCommand(flags: PredictFlags): Promise<void> {
  const bundle = loadBundle(flags.model);
  if (flags.proba && bundle.task !== 'classification') {
    throw new UsageError(
      `--proba: ${flags.model} is a regression model (it predicts "${labelOf(bundle)}"); class probabilities exist for classifiers only`,
    );
  }
  const table = await readTableFile(flags.input);
  const { X, rowIndex } = rowsFor(bundle, table, false);
  const model = await openModel(bundle, flags.model);
  let predictions;
  let probabilities;
  try {
    if (flags.proba && !model.probabilities)
      throw new UsageError(`--proba: ${flags.model}: ${model.noProbabilities ?? 'no probabilities'}`);
    predictions = model.predict(X);
    probabilities = flags.proba ? model.probabilities?.(X) : undefined;
  } finally {
    model.dispose();
  }
  const classes = model.classes ?? [];
  const extra = probabilities ? classes.map((c) => `probability_${String(c)}`) : [];
  const rows = Array.from(rowIndex, (i, k) => [
    ...table.rows[i],
    String(predictions[k]),
    ...(probabilities ? classes.map((_, c) => probabilityText(probabilities.data[k * probabilities.cols + c])) : []),
  ]);
  const csv = formatCsv([...table.columns, `predicted_${labelOf(bundle)}`, ...extra], rows);
  if (flags.out) writeFileAtomic(flags.out, csv);
  else process.stdout.write(csv);
}
