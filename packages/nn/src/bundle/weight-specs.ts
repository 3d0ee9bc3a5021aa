import type * as tf from '@tensorflow/tfjs';
import { BadDataError } from '@tlkit/tensor-core';

/** Bytes per value of the weight dtypes tlkit saves. */
const BYTES: Readonly<Partial<Record<string, number>>> = { float32: 4, int32: 4 };

/** The most values one saved network may hold (2^31 floats: 8 GB), far past anything tlkit trains. */
const MAX_VALUES = 2 ** 31;

/**
 * Checks the weight entries of a saved network before anything is built from them (a name, a shape of whole
 * numbers ≥ 0, float32 or int32, no quantisation) and returns the bytes the weights take: tfjs would otherwise fail
 * deep inside with its own messages, or leak the tensors it made on the way.
 */
export function checkWeightSpecs(specs: unknown, where: string, source?: string): { specs: tf.io.WeightsManifestEntry[]; bytes: number } {
  if (!Array.isArray(specs)) throw new BadDataError(`${where}: the weight list is not an array`, { source });
  let bytes = 0;
  let values = 0;
  specs.forEach((raw: unknown, i) => {
    const s = raw as Partial<tf.io.WeightsManifestEntry> | null;
    const bad = (what: string): never => {
      throw new BadDataError(`${where}: weight entry ${i} ${what}`, { source });
    };
    if (typeof s !== 'object' || s === null) bad('is not an object');
    const spec = s as Partial<tf.io.WeightsManifestEntry>;
    if (typeof spec.name !== 'string' || spec.name === '') bad('has no name');
    if (!Array.isArray(spec.shape) || !spec.shape.every((n) => Number.isSafeInteger(n) && n >= 0)) {
      bad(`(${String(spec.name)}) has shape ${JSON.stringify(spec.shape)}; expected whole numbers ≥ 0`);
    }
    if (spec.quantization !== undefined) bad(`(${String(spec.name)}) is quantised; tlkit saves float32 and int32 weights only`);
    const size = BYTES[String(spec.dtype)];
    if (size === undefined) bad(`(${String(spec.name)}) has dtype ${JSON.stringify(spec.dtype)}; expected float32 or int32`);
    const count = (spec.shape as number[]).reduce((a, b) => a * b, 1);
    values += count;
    if (values > MAX_VALUES) bad(`(${String(spec.name)}) takes the network past ${MAX_VALUES} values`);
    bytes += count * (size as number);
  });
  return { specs: specs as tf.io.WeightsManifestEntry[], bytes };
}
