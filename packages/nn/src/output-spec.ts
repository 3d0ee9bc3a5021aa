/** A class label: any JSON-safe primitive. */
export type ClassLabel = string | number | boolean;

/** What the network predicts: real values, or one of a fixed list of classes. */
export type OutputSpec =
  | { readonly kind: 'regression'; readonly units?: number }
  | { readonly kind: 'classification'; readonly classes: number | readonly ClassLabel[] };

/** An OutputSpec with the class list spelled out. */
export type ResolvedOutput =
  { readonly kind: 'regression'; readonly units: number } | { readonly kind: 'classification'; readonly classes: readonly ClassLabel[] };

export function resolveOutput(fn: string, output: OutputSpec | undefined): ResolvedOutput {
  if (output === undefined)
    throw new TypeError(`${fn}: output is required ({ kind: 'regression', units } or { kind: 'classification', classes })`);
  if (output.kind === 'regression') {
    const units = output.units ?? 1;
    if (!Number.isInteger(units) || units < 1) throw new RangeError(`${fn}: output.units must be a positive integer, got ${units}`);
    return { kind: 'regression', units };
  }
  if ((output as { kind: string }).kind !== 'classification') {
    throw new RangeError(
      `${fn}: output.kind must be 'regression' or 'classification', got ${JSON.stringify((output as { kind: unknown }).kind)}`,
    );
  }
  const classes = typeof output.classes === 'number' ? Array.from({ length: output.classes }, (_, i) => i) : [...output.classes];
  if (classes.length < 2) throw new RangeError(`${fn}: a classifier needs at least 2 classes, got ${classes.length}`);
  if (new Set(classes).size !== classes.length) throw new RangeError(`${fn}: output.classes has duplicates`);
  return { kind: 'classification', classes };
}

export function outputUnits(output: ResolvedOutput): number {
  return output.kind === 'regression' ? output.units : output.classes.length;
}
