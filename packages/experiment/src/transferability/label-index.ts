/** Distinct labels in first-seen order and each row's index among them. */
export function indexLabels(fn: string, labels: readonly unknown[], arg: string): { classes: unknown[]; index: Int32Array } {
  if (!Array.isArray(labels)) throw new TypeError(`${fn}: ${arg} must be an array of labels`);
  const map = new Map<unknown, number>();
  const index = new Int32Array(labels.length);
  labels.forEach((label, i) => {
    if (label === null || label === undefined || (typeof label === 'number' && !Number.isFinite(label))) {
      throw new RangeError(`${fn}: ${arg} has an invalid label (${String(label)}) at row ${i}`);
    }
    let k = map.get(label);
    if (k === undefined) {
      k = map.size;
      map.set(label, k);
    }
    index[i] = k;
  });
  return { classes: [...map.keys()], index };
}
