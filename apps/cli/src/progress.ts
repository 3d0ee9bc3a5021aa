import { SingleBar } from 'cli-progress';
import { formatDuration, progressText } from '@tlkit/experiment/eta';

export interface Progress {
  update(done: number, total: number, label: string): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Where progress goes; default process.stderr. */
  readonly stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Seconds between lines when the stream is not a terminal; default TLKIT_PROGRESS_SECONDS or 5. */
  readonly intervalSeconds?: number;
  /** The clock, in milliseconds (for tests). */
  readonly now?: () => number;
}

function defaultInterval(): number {
  const v = Number(process.env.TLKIT_PROGRESS_SECONDS);
  return process.env.TLKIT_PROGRESS_SECONDS !== undefined && Number.isFinite(v) && v >= 0 ? v : 5;
}

/** Progress lines for a log or a pipe: at most one every few seconds, with done/total, percentage and time left. */
function progressLines(stream: NodeJS.WritableStream, intervalSeconds: number, now: () => number): Progress {
  const started = now();
  let last = started;
  let printed = false;
  let latest: { done: number; total: number } | undefined;
  return {
    update(done, total, label) {
      latest = { done, total };
      const t = now();
      if (t - last < intervalSeconds * 1000 && done < total) return;
      if (done >= total && !printed) return;
      last = t;
      printed = true;
      stream.write(`progress: ${progressText(done, total, (t - started) / 1000)} — ${label}\n`);
    },
    stop() {
      if (printed && latest && latest.done < latest.total)
        stream.write(`progress: stopped at ${latest.done} / ${latest.total} after ${formatDuration((now() - started) / 1000)}\n`);
      else if (printed && latest) stream.write(`progress: ${progressText(latest.done, latest.total, (now() - started) / 1000)}\n`);
    },
  };
}

/**
 * Progress of a run on stderr unless --quiet: a bar with the time left on a terminal; otherwise (a log, a pipe, CI)
 * a line every few seconds, so that a long run is never silent.
 */
export function progressBar(quiet: boolean, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (quiet) return { update: () => undefined, stop: () => undefined };
  const now = options.now ?? Date.now;
  if (!stream.isTTY) return progressLines(stream, options.intervalSeconds ?? defaultInterval(), now);
  const started = now();
  const bar = new SingleBar({
    stream,
    format: '{bar} {percentage}% | {value}/{total} | {left} | {label}',
    hideCursor: true,
    clearOnComplete: true,
  });
  let running = false;
  return {
    update(done, total, label) {
      const elapsed = (now() - started) / 1000;
      const left = done > 0 ? `about ${formatDuration(((total - done) * elapsed) / done)} left` : 'estimating…';
      if (!running) {
        bar.start(total, 0, { label, left });
        running = true;
      }
      bar.update(done, { label, left });
    },
    stop() {
      if (running) bar.stop();
    },
  };
}
