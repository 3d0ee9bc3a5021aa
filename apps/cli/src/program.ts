import { Command, Option } from 'commander';
import { METHOD_NAMES, TERM_LEGEND, legendLines } from '@tlkit/experiment/method-names';
import type { CompareFlags } from './commands/compare.js';
import { checkCommandPaths } from './io-paths.js';
import { checkCommandFlags } from './flag-checks.js';
import { withColumnFlags, type ColumnFlags } from './column-flags.js';
import { printable } from './printable.js';
import type { TransferFlags } from './commands/models.js';
import type { FitMomentsFlags } from './commands/fit-moments.js';
import type { MomentsFlags } from './commands/moments.js';
import type { PredictFlags } from './commands/predict.js';
import type { InspectFlags } from './commands/inspect.js';
import type { SourcesFlags } from './commands/sources.js';
import { UsageError } from './errors.js';

// Command modules load when their command runs: `tlkit --help` or `tlkit inspect` need not load TensorFlow.js.
const compareCommand = async (flags: CompareFlags) => (await import('./commands/compare.js')).compareCommand(flags);
const datasetsCommand = async (flags: { export?: string; name?: string }) =>
  (await import('./commands/datasets.js')).datasetsCommand(flags);
const fitStreamCommand = async (flags: FitFlags) => (await import('./commands/fit-stream.js')).fitStreamCommand(flags);
const fitMomentsCommand = async (flags: FitMomentsFlags) => (await import('./commands/fit-moments.js')).fitMomentsCommand(flags);
const momentsCommand = async (flags: MomentsFlags) => (await import('./commands/moments.js')).momentsCommand(flags);
const models = () => import('./commands/models.js');
const sourceModel = () => import('./commands/source-model.js');
const isModelJson = (path: string) => path.toLowerCase().endsWith('model.json');
const sourcesCommand = async (flags: SourcesFlags) => (await import('./commands/sources.js')).sourcesCommand(flags);
const tourCommand = async (flags: { out: string; quiet?: boolean }) => (await import('./commands/tour.js')).tourCommand(flags);

interface FitFlags extends ColumnFlags {
  source: string;
  label: string;
  task: string;
  out: string;
  stream?: boolean;
}

/** `fit` reads rows (--source, --label) unless its moments come from elsewhere (--moments) or an engine (--engine). */
async function fitAction(flags: FitMomentsFlags & { stream?: boolean }): Promise<void> {
  if (flags.moments !== undefined || flags.engine !== undefined) {
    if (flags.stream) throw new UsageError('--stream reads the rows here; --engine and --moments compute their sums elsewhere: choose one');
    return fitMomentsCommand(flags);
  }
  if (flags.source === undefined || flags.label === undefined)
    throw new UsageError('fit needs --source FILE and --label COLUMN (or --moments FILE)');
  if (flags.weight !== undefined || flags.dropMissing)
    throw new UsageError('--weight and --drop-missing work with --engine duckdb or --moments');
  const rows = { ...flags, source: flags.source, label: flags.label };
  return flags.stream ? fitStreamCommand(rows) : (await models()).fitCommand(rows);
}

export const VERSION = '0.1.0';

/** Commander's collector for a repeatable flag. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The one file of a repeatable flag where a mode takes only one. */
function oneSource(paths: readonly string[] | undefined, mode: string): string | undefined {
  if (paths !== undefined && paths.length > 1)
    throw new UsageError(`${mode} takes one --source; several sources work with --model or files`);
  return paths?.[0];
}

/** The `tlkit` command line, built with commander. Actions may be async; errors propagate to `run`. */
export function buildProgram(): Command {
  const program = new Command('tlkit')
    .description('Transfer learning for tabular and image data: does a big source task help a small target task?')
    .version(VERSION, '-v, --version')
    .option('--debug', 'show stack traces of errors')
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(printable(s)),
      // One line, as for every other error: commander's message (and its "Did you mean" hint) and where help is.
      outputError: (s, write) =>
        write(
          `tlkit: ${printable(
            s
              .replace(/^error: /, '')
              .trim()
              .replace(/\s*\n\s*/g, ' '),
            { oneLine: true },
          )} (run with --help for usage)\n`,
        ),
    })
    .hook('preAction', (_program, command) => {
      checkCommandFlags(command.name(), command.opts());
      checkCommandPaths(command.name(), command.opts());
    });

  withColumnFlags(program.command('compare'))
    .description('learning curves of transfer methods on a source and a target (CSV files or a built-in task)')
    .option(
      '--source <file>',
      'source file: CSV, Parquet or Arrow (plenty of labelled rows); repeat for several sources (same columns)',
      collect,
    )
    .option('--target <file>', 'target file: CSV, Parquet or Arrow (the rows of the new task)')
    .option('--label <column>', 'the label column')
    .option('--dataset <name>', 'a built-in task instead of files (see `tlkit datasets`)')
    .option(
      '--source-model <path>',
      'a pretrained TensorFlow.js model (PATH/model.json): compares scratch, frozen features + head and fine-tuning; --target is a CSV or a folder of images',
    )
    .option('--epochs <n>', 'with --source-model: training epochs per fit', '40')
    .option(
      '--cut-at <layer>',
      'with --source-model: the layer (or graph node) whose outputs are the features (default: the one feeding the head)',
    )
    .addOption(new Option('--task <kind>', 'task kind').choices(['auto', 'regression', 'classification']).default('auto'))
    .option('--sizes <list>', 'labelled target rows per draw (0 = unsupervised adaptation)', '5,10,20')
    .option('--per-class', 'sizes count rows per class (classification)')
    .option('--repeats <n>', 'seeded draws per size', '10')
    .option('--methods <list>', `comma-separated methods, or "all": ${METHOD_NAMES.join(', ')}`)
    .option('--seed <n>', 'seed of all draws', '0')
    .option(
      '--workers <n>',
      'worker threads the draws are spread over (default: cores / TLKIT_THREADS, so 1 unless TLKIT_THREADS is lowered); the report is the same for any number',
    )
    .option('--json <file>', 'write the machine-readable report here')
    .option('--report <file>', 'write a self-contained HTML report (learning curves, tables) here')
    .option('--no-unlabeled', 'do not let alignment methods see the unlabelled target rows')
    .option('--ignore <columns>', 'comma-separated columns that are neither features nor label')
    .option('--drop-missing', 'drop rows with missing values instead of stopping at the first')
    .option('-q, --quiet', 'no progress bar')
    .addHelpText(
      'after',
      `\nWhat these names mean:\n${legendLines([...METHOD_NAMES, 'constant']).join('\n')}\n` +
        `${Object.entries(TERM_LEGEND)
          .map(([term, meaning]) => `  ${term}: ${meaning}`)
          .join('\n')}\n` +
        '\nExamples:\n  tlkit compare --dataset cars-usa-japan --sizes 5,10,20 --repeats 40 --report cars.html\n  tlkit compare --source usa.csv --target japan.csv --label mpg --json report.json\n  tlkit compare --source usa.csv --source europe.csv --target japan.csv --label mpg   # several sources\n  tlkit compare --dataset digits-rotated --per-class --sizes 1,5 --methods target-only,param,feature:coral',
    )
    .action(async (flags: CompareFlags & { sourceModel?: string; epochs: string }) =>
      flags.sourceModel === undefined
        ? compareCommand(flags)
        : (await sourceModel()).compareWithSourceModel({
            ...flags,
            source: oneSource(flags.source, '--source-model'),
            sourceModel: flags.sourceModel,
            sizes: flags.sizes === '5,10,20' ? undefined : flags.sizes,
          }),
    );

  program
    .command('datasets')
    .description('list the built-in tasks, or export them as CSV files')
    .option('--export <folder>', 'write <task>.source.csv and <task>.target.csv here')
    .option('--name <task>', 'export only this task')
    .addHelpText('after', '\nExamples:\n  tlkit datasets\n  tlkit datasets --export data --name cars-usa-japan')
    .action((flags: { export?: string; name?: string }) => datasetsCommand(flags));

  withColumnFlags(program.command('fit'))
    .description('fit a source model (ridge, alpha by evidence) and save it with its schema and scaler')
    .option('--source <file>', 'source file: CSV, Parquet or Arrow')
    .option('--label <column>', 'the label column')
    .requiredOption('--out <file>', 'where to save the model (JSON)')
    .addOption(new Option('--task <kind>', 'task kind').choices(['auto', 'regression', 'classification']).default('auto'))
    .option('--ignore <columns>', 'comma-separated columns that are neither features nor label')
    .option('--stream', 'read the source in blocks of rows, for files larger than memory (numeric columns, regression)')
    .addOption(
      new Option('--engine <name>', 'compute the sums in this engine, out of core (Parquet, CSV or JSON files; numeric columns)').choices([
        'duckdb',
      ]),
    )
    .option('--moments <file>', 'fit from the result of `tlkit moments --sql` run elsewhere (CSV or JSON)')
    .option('--weight <column>', 'positive row weights (with --engine)')
    .option('--drop-missing', 'leave out rows with a missing value (with --engine or --moments)')
    .addHelpText(
      'after',
      '\nExamples:\n  tlkit fit --source usa.csv --label mpg --out source.json\n  tlkit fit --source big.csv --label y --out source.json --stream\n  tlkit fit --engine duckdb --source flights.parquet --label delay --ignore date,origin,destination --out source.json\n  tlkit fit --moments result.csv --out source.json     # the result of `tlkit moments --sql` from Spark, Trino, …',
    )
    .action((flags: FitMomentsFlags & { stream?: boolean }) => fitAction(flags));

  program
    .command('moments')
    .description("ridge's sufficient statistics of a source as one SQL query (--sql), or computed here on DuckDB")
    .option('--sql', 'print the query (for DuckDB, Spark, or with small changes Trino and BigQuery) instead of running it')
    .addOption(new Option('--dialect <name>', 'SQL dialect of --sql').choices(['duckdb', 'spark']).default('duckdb'))
    .option('--source <file>', 'a file the engine reads (Parquet, CSV, JSON)')
    .option('--table <name>', 'a table or view of the engine, used as written (e.g. lake.flights)')
    .requiredOption('--label <column>', 'the numeric label column')
    .option('--features <columns>', 'comma-separated numeric feature columns (default: every numeric column of --source)')
    .option('--ignore <columns>', 'comma-separated columns that are neither features nor label')
    .option('--weight <column>', 'a column of positive row weights')
    .option('--out <file>', 'write the query or the result here instead of stdout')
    .addHelpText(
      'after',
      '\nThe query sums over the rows where every used value is present and finite, after shifting each column by its mean\n' +
        '(so large means lose no digits). Run it, export the one-row result as CSV or JSON, then: tlkit fit --moments FILE.\n' +
        'Trino: the duckdb text with fsum replaced by sum. BigQuery: the spark text with DOUBLE replaced by FLOAT64.\n' +
        '\nExamples:\n  tlkit moments --sql --dialect spark --table lake.flights --features distance,dep_hour --label delay > moments.sql\n' +
        '  tlkit moments --sql --source flights.parquet --label delay --ignore date,origin,destination\n' +
        '  tlkit moments --source flights.parquet --label delay --ignore date,origin,destination --out moments.json',
    )
    .action((flags: MomentsFlags) => momentsCommand(flags));

  program
    .command('transfer')
    .description('fit a target model from a saved source model and labelled target rows')
    .option('--model <file>', 'the source model (from `tlkit fit`)')
    .option('--source-model <path>', 'or a pretrained TensorFlow.js model (PATH/model.json): fine-tune it (--method fine-tune or frozen)')
    .requiredOption('--target <file>', 'labelled target file: CSV, Parquet or Arrow (or, with --source-model, a folder of images)')
    .option('--label <column>', 'with --source-model and a CSV target: the label column')
    .option('--epochs <n>', 'with --source-model: training epochs', '40')
    .option('--cut-at <layer>', 'with --source-model: cut the model at this layer (a new head on it)')
    .option('--seed <n>', 'the seed of network training (with --source-model, of the new head too)', '0')
    .requiredOption('--out <file>', 'where to save the target model')
    .option('--method <name>', `any method compare runs: ${METHOD_NAMES.join(', ')} (auto:a+b+c restricts auto)`, 'param')
    .option(
      '--source <file>',
      'the source file (methods other than param, target-only and source-only need the source rows); repeat for several (multi:param, multi:pooled)',
      collect,
    )
    .option(
      '--unlabeled <file>',
      'unlabelled target rows (e.g. those to predict) for the methods that align domains (CORAL, SA, TCA, DANN) or weight the source rows (instance:iw, kmm, kliep, ulsif)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  tlkit transfer --model source.json --target japan.csv --out japan.json\n  tlkit transfer --model source.json --target japan.csv --source usa.csv --method auto --out japan.json\n  tlkit transfer --model source.json --target japan.csv --source usa.csv --source europe.csv --method multi:param --out japan.json\n  tlkit transfer --source-model cnn/model.json --target shapes/ --method fine-tune --out tuned',
    )
    .action(async (flags: Omit<TransferFlags, 'model'> & { model?: string; sourceModel?: string; label?: string; epochs: string }) => {
      if (flags.sourceModel !== undefined) {
        await (
          await sourceModel()
        ).transferFromSourceModel({
          ...flags,
          source: oneSource(flags.source, '--source-model'),
          sourceModel: flags.sourceModel,
        });
        return;
      }
      if (flags.model === undefined)
        throw new UsageError('transfer needs --model FILE (from `tlkit fit`) or --source-model PATH/model.json');
      await (await models()).transferCommand({ ...flags, model: flags.model });
    });

  program
    .command('predict')
    .description('predict new rows with a saved model; CSV with a predicted_<label> column')
    .requiredOption('--model <file>', 'a saved model')
    .requiredOption('--input <file>', 'rows to predict (CSV, Parquet or Arrow; the label column may be absent)')
    .option('--out <file>', 'write the CSV here instead of stdout')
    .option('--proba', 'classifiers: also a probability_<class> column per class')
    .addHelpText(
      'after',
      '\nExamples:\n  tlkit predict --model japan.json --input new-cars.csv --out predictions.csv\n  tlkit predict --model penguins.json --input new.csv --proba',
    )
    .action(async (flags: PredictFlags) => (await import('./commands/predict.js')).predictCommand(flags));

  program
    .command('evaluate')
    .description('metrics of a saved model on labelled rows')
    .requiredOption('--model <file>', 'a saved model')
    .requiredOption('--input <file>', 'labelled rows (CSV, Parquet or Arrow)')
    .option('--json', 'print the metrics as JSON')
    .addHelpText(
      'after',
      '\nClassifiers: accuracy, the confusion matrix, precision and recall per class (log loss with probabilities).\n' +
        'Regression: RMSE, MAE, R² and the quantiles of the residuals (label − prediction).\n' +
        '\nExample:\n  tlkit evaluate --model japan.json --input japan-test.csv',
    )
    .action(async (flags: { model: string; input: string; json?: boolean }) =>
      (await import('./commands/evaluate.js')).evaluateCommand(flags),
    );

  program
    .command('inspect')
    .description('what a saved model holds; for PATH/model.json (any TensorFlow.js layers model) its layers')
    .argument('<file>', 'a saved model, or PATH/model.json')
    .option('--json', 'print it as JSON (every coefficient)')
    .option('--top <n>', 'coefficients shown, largest first', '15')
    .addHelpText(
      'after',
      '\nLinear models (ridge, param, pooled, feature maps that are linear, auto): the coefficients, largest first, by name.\n' +
        'Networks (deep, deep:l2sp, dann, feature:embed): the layers, their output shapes and parameter counts.\n' +
        '\nExamples:\n  tlkit inspect japan.json\n  tlkit inspect japan.json --json\n  tlkit inspect my-cnn/model.json',
    )
    .action(async (file: string, flags: InspectFlags) =>
      isModelJson(file)
        ? (await sourceModel()).inspectModelJson(file)
        : (await import('./commands/inspect.js')).inspectCommand(file, flags),
    );

  program
    .command('sources')
    .description('rank several source files for one labelled target file (the evidence of parameter transfer toward each, LogME)')
    .requiredOption(
      '--source <file>',
      'a source file (CSV, Parquet or Arrow); repeat for several',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .requiredOption('--target <file>', 'the labelled target rows')
    .requiredOption('--label <column>', 'the label column')
    .option('--task <kind>', 'auto, regression or classification', 'auto')
    .option('--ignore <columns>', 'comma-separated columns to leave out')
    .option('--json', 'print the ranking as JSON')
    .addHelpText('after', '\nExample:\n  tlkit sources --source usa.csv --source europe.csv --target japan-few.csv --label mpg')
    .action((flags: SourcesFlags) => sourcesCommand(flags));

  program
    .command('columns')
    .description('what each column of a file holds: its type, distinct values, missing cells, and how fit and compare read it')
    .argument('<file>', 'a CSV, Parquet or Arrow file')
    .option('--label <column>', 'the label column (not a feature)')
    .addHelpText('after', '\nExample:\n  tlkit columns weather.csv --label temp_max')
    .action(async (file: string, flags: { label?: string }) => (await import('./commands/columns.js')).columnsCommand(file, flags));

  program
    .command('tour')
    .description('the built-in showcase (what `npm start` runs): regression and classification tasks, tables and HTML reports')
    .option('--out <folder>', 'where the HTML reports go', 'tlkit-reports')
    .option('-q, --quiet', 'no progress bar')
    .action((flags: { out: string; quiet?: boolean }) => tourCommand(flags));

  return program;
}
