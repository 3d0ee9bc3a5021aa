import * as tf from '@tensorflow/tfjs';

/**
 * How raw rows become the model's input: x' = (x·scale − mean) / std, with mean and std one number or one per
 * channel (the last input axis). Saved with the network, so Node and the browser feed the model the same values
 * (e.g. `{ scale: 1 / 255 }` for 8-bit pixels, or ImageNet's per-channel mean and std).
 */
export interface Preprocessing {
  readonly scale?: number;
  readonly mean?: number | readonly number[];
  readonly std?: number | readonly number[];
}

function checkValues(fn: string, name: string, v: unknown, channels: number, positive: boolean): void {
  if (typeof v !== 'number' && !Array.isArray(v))
    throw new TypeError(`${fn}: preprocessing.${name} must be a number or an array of numbers`);
  const list: unknown[] = typeof v === 'number' ? [v] : (v as unknown[]);
  if (Array.isArray(v) && list.length !== channels) {
    throw new RangeError(`${fn}: preprocessing.${name} has ${list.length} values, the input has ${channels} channels`);
  }
  list.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || (positive && !(x > 0))) {
      throw new RangeError(`${fn}: preprocessing.${name}[${i}] must be a finite number${positive ? ' > 0' : ''}, got ${String(x)}`);
    }
  });
}

/** Checks a preprocessing spec against the input shape; returns it with nothing missing, or undefined for none. */
export function checkPreprocessing(fn: string, p: Preprocessing | undefined, inputShape: readonly number[]): Preprocessing | undefined {
  if (p === undefined) return undefined;
  if (typeof (p as unknown) !== 'object' || (p as unknown) === null)
    throw new TypeError(`${fn}: preprocessing must be an object { scale, mean, std }`);
  const channels = inputShape[inputShape.length - 1] ?? 1;
  if (p.scale !== undefined) checkValues(fn, 'scale', p.scale, channels, false);
  if (p.mean !== undefined) checkValues(fn, 'mean', p.mean, channels, false);
  if (p.std !== undefined) checkValues(fn, 'std', p.std, channels, true);
  return {
    ...(p.scale !== undefined ? { scale: p.scale } : {}),
    ...(p.mean !== undefined ? { mean: typeof p.mean === 'number' ? p.mean : [...p.mean] } : {}),
    ...(p.std !== undefined ? { std: typeof p.std === 'number' ? p.std : [...p.std] } : {}),
  };
}

/** Applies the preprocessing to a float32 input tensor [n, ...inputShape]; a new tensor. */
export function preprocess(x: tf.Tensor, p: Preprocessing | undefined): tf.Tensor {
  if (!p || (p.scale === undefined && p.mean === undefined && p.std === undefined)) return x.clone();
  return tf.tidy(() => {
    let h = p.scale !== undefined ? tf.mul(x, p.scale) : x;
    if (p.mean !== undefined) h = tf.sub(h, typeof p.mean === 'number' ? p.mean : tf.tensor1d([...p.mean]));
    if (p.std !== undefined) h = tf.div(h, typeof p.std === 'number' ? p.std : tf.tensor1d([...p.std]));
    return h;
  });
}
