import { CommanderError, type Command } from 'commander';
import { buildProgram } from './program.js';
import { UsageError, exitCodeOf } from './errors.js';
import { printable } from './printable.js';

/** Runs the CLI on argv (without node and script) and resolves to the exit code; prints one clear line on error. */
export async function run(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const program = buildProgram();
  // TensorFlow.js loads only when a command runs: `--help` and `--version` never reach an action.
  program.hook('preAction', async () => {
    await (await import('./backend.js')).prepareBackend();
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed its own message (or the help/version, which exit 0).
      return error.exitCode === 0 ? 0 : 2;
    }
    const message = withDataFile(error instanceof Error ? error.message : String(error), program, error);
    process.stderr.write(`tlkit: ${printable(message, { oneLine: true })}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return exitCodeOf(error);
  }
}

/** The file whose rows a command fits or scores, by command: what an error from inside a model is about. */
const FILE_FLAGS = ['source', 'target', 'model', 'input', 'out', 'json', 'report'];
const DATA_FLAG: Readonly<Partial<Record<string, string>>> = { fit: 'source', transfer: 'target', predict: 'input', evaluate: 'input' };

/**
 * An error from inside the libraries ("RidgeClassifierCV.fit: y has 1 class") names no file; the user's question is
 * which. When the message names none of the command's files, it gets the data file it came from.
 */
function withDataFile(message: string, program: Command, error: unknown): string {
  if (error instanceof UsageError) return message;
  for (const command of program.commands) {
    const flag = DATA_FLAG[command.name()];
    const opts = command.opts();
    const file: unknown = flag === undefined ? undefined : opts[flag];
    if (typeof file !== 'string') continue;
    // A repeatable flag (--source) holds several files.
    const files = FILE_FLAGS.flatMap((f): unknown[] => {
      const v: unknown = opts[f];
      return Array.isArray(v) ? v : [v];
    }).filter((v): v is string => typeof v === 'string' && v.length > 0);
    return files.some((f) => message.includes(f)) ? message : `${file}: ${message}`;
  }
  return message;
}
