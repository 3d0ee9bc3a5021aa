import { removePendingTemporaries } from '@tlkit/tensor-core/node';

/**
 * On SIGINT (Ctrl-C) and SIGTERM: remove the temporary files of writes under way, show the cursor again (the
 * progress bar hides it), say so on one line and exit with 128 + the signal's number, as a shell expects.
 */
export function installSignalCleanup(): void {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      removePendingTemporaries();
      if (process.stderr.isTTY) process.stderr.write('\x1b[?25h\n');
      process.stderr.write(`tlkit: stopped by ${signal}\n`);
      process.exit(code);
    });
  }
}
