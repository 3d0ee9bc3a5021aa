import { Command, Option } from 'commander';
import { METHOD_NAMES } from '@tlkit/experiment/method-names';
import type { CompareFlags } from './commands/compare.js';
import { checkCommandPaths } from './io-paths.js';
import { checkCommandFlags } from './flag-checks.js';
import { withColumnFlags, type ColumnFlags } from './column-flags.js';
import { printable } from './printable.js';

// Command modules load when their command runs: `tlkit --help` or `tlkit inspect` need not load TensorFlow.js.
const compareCommand = async (flags: CompareFlags) => (await import('./commands/compare.js')).compareCommand(flags);
const datasetsCommand = async (flags: { export?: string; name?: string }) =>
  (await import('./commands/datasets.js')).datasetsCommand(flags);
const fitStreamCommand = async (flags: FitFlags) => (await import('./commands/fit-stream.js')).fitStreamCommand(flags);
const models = () => import('./commands/models.js');
const tourCommand = async (flags: { out: string; quiet?: boolean }) => (await import('./commands/tour.js')).tourCommand(flags);

interface FitFlags extends ColumnFlags {
  source: string;
  label: string;
  task: string;
  out: string;
  stream?: boolean;
}

export const VERSION = '0.1.0';

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
    .option('--source <file>', 'source CSV (plenty of labelled rows)')
    .option('--target <file>', 'target CSV (the rows of the new task)')
    .option('--label <column>', 'the label column')
    .option('--dataset <name>', 'a built-in task instead of files (see `tlkit datasets`)')
    .addOption(new Option('--task <kind>', 'task kind').choices(['auto', 'regression', 'classification']).default('auto'))
    .option('--sizes <list>', 'labelled target rows per draw (0 = unsupervised adaptation)', '5,10,20')
    .option('--per-class', 'sizes count rows per class (classification)')
    .option('--repeats <n>', 'seeded draws per size', '10')
    .option('--methods <list>', `comma-separated methods, or "all": ${METHOD_NAMES.join(', ')}`)
    .option('--seed <n>', 'seed of all draws', '0')
    .option('--json <file>', 'write the machine-readable report here')
    .option('--report <file>', 'write a self-contained HTML report (learning curves, tables) here')
    .option('--no-unlabeled', 'do not let alignment methods see the unlabelled target rows')
    .option('--ignore <columns>', 'comma-separated columns that are neither features nor label')
    .option('--drop-missing', 'drop rows with missing values instead of stopping at the first')
    .option('-q, --quiet', 'no progress bar')
    .addHelpText(
      'after',
      '\nExamples:\n  tlkit compare --dataset cars-usa-japan --sizes 5,10,20 --repeats 40 --report cars.html\n  tlkit compare --source usa.csv --target japan.csv --label mpg --json report.json\n  tlkit compare --dataset digits-rotated --per-class --sizes 1,5 --methods target-only,param,feature:coral',
    )
    .action((flags: CompareFlags) => compareCommand(flags));

  program
    .command('datasets')
    .description('list the built-in tasks, or export them as CSV files')
    .option('--export <folder>', 'write <task>.source.csv and <task>.target.csv here')
    .option('--name <task>', 'export only this task')
    .addHelpText('after', '\nExamples:\n  tlkit datasets\n  tlkit datasets --export data --name cars-usa-japan')
    .action((flags: { export?: string; name?: string }) => datasetsCommand(flags));

  withColumnFlags(program.command('fit'))
    .description('fit a source model (ridge, alpha by evidence) and save it with its schema and scaler')
    .requiredOption('--source <file>', 'source CSV')
    .requiredOption('--label <column>', 'the label column')
    .requiredOption('--out <file>', 'where to save the model (JSON)')
    .addOption(new Option('--task <kind>', 'task kind').choices(['auto', 'regression', 'classification']).default('auto'))
    .option('--ignore <columns>', 'comma-separated columns that are neither features nor label')
    .option('--stream', 'read the source in blocks of rows, for files larger than memory (numeric columns, regression)')
    .addHelpText(
      'after',
      '\nExamples:\n  tlkit fit --source usa.csv --label mpg --out source.json\n  tlkit fit --source big.csv --label y --out source.json --stream',
    )
    .action(async (flags: FitFlags) => (flags.stream ? fitStreamCommand(flags) : (await models()).fitCommand(flags)));

  program
    .command('transfer')
    .description('fit a target model from a saved source model and labelled target rows')
    .requiredOption('--model <file>', 'the source model (from `tlkit fit`)')
    .requiredOption('--target <file>', 'labelled target CSV')
    .requiredOption('--out <file>', 'where to save the target model')
    .option('--method <name>', 'param, target-only, feature:pca, feature:coral, feature:sa or feature:fa', 'param')
    .option('--source <file>', 'the source CSV (feature methods need the source rows)')
    .addHelpText('after', '\nExample:\n  tlkit transfer --model source.json --target japan.csv --out japan.json')
    .action(async (flags: { model: string; target: string; method: string; out: string; source?: string }) =>
      (await models()).transferCommand(flags),
    );

  program
    .command('predict')
    .description('predict new rows with a saved model; CSV with a predicted_<label> column')
    .requiredOption('--model <file>', 'a saved model')
    .requiredOption('--input <file>', 'rows to predict (CSV, the label column may be absent)')
    .option('--out <file>', 'write the CSV here instead of stdout')
    .addHelpText('after', '\nExample:\n  tlkit predict --model japan.json --input new-cars.csv --out predictions.csv')
    .action(async (flags: { model: string; input: string; out?: string }) => (await models()).predictCommand(flags));

  program
    .command('evaluate')
    .description('metrics of a saved model on labelled rows')
    .requiredOption('--model <file>', 'a saved model')
    .requiredOption('--input <file>', 'labelled rows (CSV)')
    .option('--json', 'print the metrics as JSON')
    .addHelpText('after', '\nExample:\n  tlkit evaluate --model japan.json --input japan-test.csv')
    .action(async (flags: { model: string; input: string; json?: boolean }) => (await models()).evaluateCommand(flags));

  program
    .command('inspect')
    .description('what a saved model holds')
    .argument('<file>', 'a saved model')
    .addHelpText('after', '\nExample:\n  tlkit inspect japan.json')
    .action(async (file: string) => (await models()).inspectCommand(file));

  program
    .command('columns')
    .description('what each column of a CSV file holds: its type, distinct values, missing cells, and how fit and compare read it')
    .argument('<file>', 'a CSV file')
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
