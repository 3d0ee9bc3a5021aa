import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { exitCodeOf } from './errors.js';

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
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`tlkit: ${message}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return exitCodeOf(error);
  }
}
