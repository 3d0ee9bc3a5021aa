import { BadDataError } from '@tlkit/tensor-core';
import type { ClassLabel } from '@tlkit/ridge';
import { summariseClassification, summariseRegression, summaryLines } from '../evaluation.js';
import { labelOf, loadBundle, rowsFor } from '../model-bundle.js';
import { openModel } from '../opened-model.js';
import { readTableFile } from '../read-table.js';

/**
 * `tlkit evaluate`: a saved model on labelled rows. Classifiers: accuracy, the confusion matrix, precision and
 * recall per class (log loss where the model has probabilities). Regression: RMSE, MAE, R² and the residuals' spread.
 */
export async function evaluateCommand(flags: { model: string; input: string; json?: boolean }): Promise<void> {
  const bundle = loadBundle(flags.model);
  const { X, y } = rowsFor(bundle, await readTableFile(flags.input), true);
  if (y === undefined) throw new BadDataError(`${flags.input}: the label column "${labelOf(bundle)}" is missing`, { source: flags.input });
  if (X.rows === 0) throw new BadDataError(`${flags.input}: no rows to evaluate`, { source: flags.input });
  const model = await openModel(bundle, flags.model);
  let summary;
  try {
    const predicted = model.predict(X);
    summary =
      bundle.task === 'classification'
        ? summariseClassification(
            y as readonly ClassLabel[],
            predicted as readonly ClassLabel[],
            model.classes ?? [],
            model.probabilities?.(X),
          )
        : summariseRegression(y as Float64Array, predicted as Float64Array);
  } finally {
    model.dispose();
  }
  process.stdout.write(flags.json ? `${JSON.stringify(summary)}\n` : `${summaryLines(summary).join('\n')}\n`);
}
