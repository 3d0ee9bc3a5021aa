/** The largest value (`initial` when there are none), by a loop: `Math.max(...values)` overflows the stack on long arrays. */
export function maxOf(values: Iterable<number>, initial = -Infinity): number {
  let best = initial;
  for (const v of values) if (v > best || Number.isNaN(v)) best = v;
  return best;
}

/** The smallest value (`initial` when there are none), by a loop. */
export function minOf(values: Iterable<number>, initial = Infinity): number {
  let best = initial;
  for (const v of values) if (v < best || Number.isNaN(v)) best = v;
  return best;
}
