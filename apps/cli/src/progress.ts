import { SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number, total: number, label: string): void;
  stop(): void;
}

/** A progress bar on stderr when it is a terminal and not --quiet; silent otherwise. */
export function progressBar(quiet: boolean): Progress {
  if (quiet || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    stream: process.stderr,
    format: '{bar} {percentage}% | {value}/{total} | {label}',
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  return {
    update(done, total, label) {
      if (!started) {
        bar.start(total, 0, { label });
        started = true;
      }
      bar.update(done, { label });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
