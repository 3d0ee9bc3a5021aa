import { CommanderError } from 'commander';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { buildProgram } from './program.js';
import { exitCodeOf } from './errors.js';
import { printable } from './printable.js';

/** Runs the CLI on argv (without node and script) and resolves to the exit code; prints one clear line on error. */
export async function run(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const program = buildProgram();
  try {
    await selectBackend('auto');
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed its own message (or the help/version, which exit 0).
      return error.exitCode === 0 ? 0 : 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`tlkit: ${printable(message, { oneLine: true })}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return exitCodeOf(error);
  }
}
