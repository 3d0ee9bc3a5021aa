import { BadDataError } from '@tlkit/tensor-core';

type Allow = (path: string) => boolean;

/**
 * The path and value of the first number in a value that is NaN or ±Infinity (arrays, typed arrays, objects);
 * `infinityAllowed(path)` names the places where ±Infinity is a meaning rather than a failure.
 */
function firstNonFinite(value: unknown, infinityAllowed: Allow = () => false, path = ''): { path: string; value: number } | undefined {
  const bad = (v: number, p: string) => !Number.isFinite(v) && !(Math.abs(v) === Infinity && infinityAllowed(p));
  if (typeof value === 'number') return bad(value, path) ? { path, value } : undefined;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const a = value as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (bad(a[i], `${path}[${i}]`)) return { path: `${path}[${i}]`, value: a[i] };
    return undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstNonFinite(value[i], infinityAllowed, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      const found = firstNonFinite(v, infinityAllowed, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Refuses a result that holds NaN or ±Infinity (JSON would save it as null, and a printed "rmse Infinity" reads as
 * an answer): one BadDataError naming what it is, where in it, and the usual causes.
 */
export function assertFiniteResult(value: unknown, what: string, infinityAllowed?: Allow): void {
  const found = firstNonFinite(value, infinityAllowed);
  if (!found) return;
  throw new BadDataError(
    `${what}: ${found.path || 'the result'} is ${String(found.value)}, not a finite number (degenerate data: a constant label, too few distinct rows, or values beyond fp64's range?)`,
  );
}
