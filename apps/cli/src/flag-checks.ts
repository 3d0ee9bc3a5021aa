import { UsageError } from './errors.js';

/** Bounds of the numeric flags: past these a run would not end (or a number would not be a whole number in fp64). */
export const FLAG_BOUNDS: Readonly<Record<string, { readonly min: number; readonly max: number }>> = {
  repeats: { min: 2, max: 10_000 },
  seed: { min: 0, max: Number.MAX_SAFE_INTEGER },
  sizes: { min: 0, max: 1_000_000 },
  // Each draw worker holds a copy of the data and its own kernels; past the cores more only cost memory.
  workers: { min: 1, max: 64 },
};
const MAX_SIZES = 100;

function checkWhole(flag: string, text: string, min: number, max: number): void {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max.toLocaleString('en-US')}, got "${text}"`);
  }
}

/**
 * Checks a command's flag values before it runs, where the command files would otherwise accept them: bounded
 * numbers (--repeats 99999999999999999999 ran forever), a non-empty --methods, --per-class only with classification,
 * --name only with --export.
 */
export function checkCommandFlags(command: string, flags: Readonly<Record<string, unknown>>): void {
  if (command === 'compare') {
    for (const key of ['repeats', 'seed', 'workers'] as const) {
      const value = flags[key];
      if (typeof value === 'string') checkWhole(`--${key}`, value, FLAG_BOUNDS[key].min, FLAG_BOUNDS[key].max);
    }
    if (typeof flags.sizes === 'string') {
      const parts = flags.sizes.split(',');
      if (parts.length > MAX_SIZES) throw new UsageError(`--sizes lists ${parts.length} sizes; at most ${MAX_SIZES}`);
      for (const p of parts) {
        if (!/^\s*\d+\s*$/.test(p)) throw new UsageError(`--sizes must be a comma-separated list of whole numbers, got "${flags.sizes}"`);
        checkWhole('--sizes', p, FLAG_BOUNDS.sizes.min, FLAG_BOUNDS.sizes.max);
      }
    }
    if (typeof flags.methods === 'string' && flags.methods.split(',').every((m) => m.trim() === '')) {
      throw new UsageError('--methods is empty; give comma-separated method names, or "all"');
    }
    if (flags.perClass === true && flags.task === 'regression')
      throw new UsageError('--per-class applies to classification, not to --task regression');
  }
  if (command === 'datasets' && flags.name !== undefined && flags.export === undefined) {
    throw new UsageError('--name picks the task to export; use it with --export FOLDER');
  }
}
