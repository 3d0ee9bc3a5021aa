import * as tf from '@tensorflow/tfjs';
import { assertTableSchema, checkSavedHeader } from '@tlkit/tensor-core';
import { Network, type NetworkInfo } from '../network.js';
import { resolveOutput, type ResolvedOutput } from '../output-spec.js';

export const BUNDLE_FORMAT = 'tlkit-network';
export const BUNDLE_VERSION = 1;

/** The tlkit part of a saved model.json (tfjs' `userDefinedMetadata`). */
export interface BundleMetadata {
  readonly format: typeof BUNDLE_FORMAT;
  readonly formatVersion: number;
  readonly info: NetworkInfo;
}

export function bundleMetadata(info: NetworkInfo): BundleMetadata {
  return { format: BUNDLE_FORMAT, formatVersion: BUNDLE_VERSION, info };
}

/** Checks that saved artifacts are a tlkit network bundle this version can read, and returns its info. */
export function readBundleMetadata(artifacts: tf.io.ModelArtifacts, where: string): NetworkInfo {
  if (artifacts.modelTopology === undefined) {
    throw new TypeError(`${where}: not a model bundle (no model topology)`);
  }
  const meta = artifacts.userDefinedMetadata as Partial<BundleMetadata> | undefined;
  if (meta?.format !== BUNDLE_FORMAT) {
    throw new TypeError(`${where}: not a tlkit network bundle (a TensorFlow.js model without tlkit metadata, or another kind of file)`);
  }
  checkSavedHeader(where, meta, {
    kind: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    kindField: 'format',
    versionField: 'formatVersion',
    upgrade: '@tlkit/nn',
  });
  const info = meta.info as Partial<NetworkInfo> | null | undefined;
  if (typeof info !== 'object' || info === null || !Array.isArray(info.inputShape)) {
    throw new TypeError(`${where}: the bundle's metadata is incomplete (no input shape)`);
  }
  if (!info.inputShape.every((n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n > 0)) {
    throw new TypeError(`${where}: the bundle's input shape ${JSON.stringify(info.inputShape)} is not a list of whole numbers > 0`);
  }
  const output: ResolvedOutput = resolveOutput(where, info.output);
  if (info.schema !== undefined) assertTableSchema(info.schema, `${where} (schema)`);
  return { ...(info as NetworkInfo), output };
}

/**
 * Builds the LayersModel (Sequential or functional) of checked artifacts. When tfjs fails part way (weights that
 * do not fit the topology, an unknown layer), the variables it had made are disposed and the failure is one clear
 * TypeError.
 */
export async function buildLayersModel(artifacts: tf.io.ModelArtifacts, where: string): Promise<tf.LayersModel> {
  const engine = tf.engine();
  const before = new Set(Object.keys(engine.registeredVariables));
  try {
    engine.startScope();
    try {
      return await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    } finally {
      engine.endScope();
    }
  } catch (error) {
    for (const [name, variable] of Object.entries(engine.registeredVariables)) if (!before.has(name)) variable.dispose();
    throw new TypeError(`${where}: the model in the bundle cannot be rebuilt: ${firstLine(error)}`, { cause: error });
  }
}

/** The Network of checked artifacts and their metadata; a model tlkit cannot use (several inputs or outputs) is freed. */
export async function rebuildModel(artifacts: tf.io.ModelArtifacts, info: NetworkInfo, where: string): Promise<Network> {
  const model = await buildLayersModel(artifacts, where);
  try {
    return new Network(model, info);
  } catch (error) {
    model.dispose();
    throw new TypeError(`${where}: ${(error as Error).message}`, { cause: error });
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n', 1)[0].slice(0, 300);
}
