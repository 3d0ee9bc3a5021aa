/**
 * The time a run has left at its pace so far, (total − done) × elapsed / done, in seconds; undefined before the
 * first step is done. (Steps differ in cost — larger target sizes fit longer — so this is an estimate.)
 */
export function estimateRemaining(done: number, total: number, elapsedSeconds: number): number | undefined {
  if (!(done > 0) || !(total >= done) || !Number.isFinite(elapsedSeconds) || elapsedSeconds < 0) return undefined;
  return ((total - done) * elapsedSeconds) / done;
}

/** A duration for people: "8 s", "3 min 05 s", "1 h 12 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  const minutes = Math.round(s / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "12 / 4200 (0%), about 3 min 05 s left": the words of a progress line. */
export function progressText(done: number, total: number, elapsedSeconds: number): string {
  const left = estimateRemaining(done, total, elapsedSeconds);
  const percent = total > 0 ? Math.floor((100 * done) / total) : 0;
  return `${done} / ${total} (${percent}%)${left === undefined ? '' : done >= total ? ` in ${formatDuration(elapsedSeconds)}` : `, about ${formatDuration(left)} left`}`;
}
