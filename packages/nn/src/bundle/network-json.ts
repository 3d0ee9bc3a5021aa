import { checkSavedHeader, decodeBase64 } from '@tlkit/tensor-core';
import * as tf from '@tensorflow/tfjs';
import type { Network } from '../network.js';
import { bundleMetadata, readBundleMetadata, rebuildModel, type BundleMetadata } from './bundle-format.js';
import { checkWeightSpecs } from './weight-specs.js';

/** A whole network bundle as one JSON value (weights base64-encoded): to embed in other saved models or download. */
export interface NetworkJSON {
  readonly kind: 'Network';
  readonly version: 1;
  readonly modelTopology: object;
  readonly weightSpecs: tf.io.WeightsManifestEntry[];
  readonly weightsBase64: string;
  readonly metadata: BundleMetadata;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  // eslint-disable-next-line no-restricted-syntax -- a bounded chunk of 32k arguments
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** Serialises a network synchronously (topology, float32 weights, metadata). */
export function networkToJSON(network: Network): NetworkJSON {
  const weights = network.model.weights;
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const w of weights) {
    const values = w.read().dataSync();
    const data = w.dtype === 'int32' ? Int32Array.from(values) : Float32Array.from(values);
    specs.push({ name: w.originalName, shape: [...w.shape] as number[], dtype: w.dtype === 'int32' ? 'int32' : 'float32' });
    parts.push(new Uint8Array(data.buffer));
  }
  const total = parts.reduce((s, p) => s + p.length, 0);
  const all = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    all.set(p, offset);
    offset += p.length;
  }
  return {
    kind: 'Network',
    version: 1,
    modelTopology: network.model.toJSON(null, false) as unknown as object,
    weightSpecs: specs,
    weightsBase64: toBase64(all),
    metadata: bundleMetadata(network.info),
  };
}

/** Rebuilds a network from `networkToJSON`'s output; checks the kind, the format version and the weights' size. */
export async function networkFromJSON(json: unknown): Promise<Network> {
  const where = 'networkFromJSON';
  const j = checkSavedHeader(where, json, { kind: 'Network', version: 1, upgrade: '@tlkit/nn' }) as Partial<NetworkJSON>;
  if (typeof j.weightsBase64 !== 'string' || !Array.isArray(j.weightSpecs) || !j.modelTopology) {
    throw new TypeError(`${where}: topology, weight specs and weights are required`);
  }
  const { specs, bytes: expected } = checkWeightSpecs(j.weightSpecs, where);
  // base64 holds 3 bytes in 4 characters: a size check before decoding anything.
  const encoded = Math.floor((j.weightsBase64.replace(/=+$/, '').length * 3) / 4);
  if (encoded !== expected) {
    throw new RangeError(`${where}: weights hold ${encoded} bytes, the specs need ${expected} (truncated or corrupt)`);
  }
  let weightData: ArrayBuffer;
  try {
    weightData = decodeBase64(j.weightsBase64).buffer;
  } catch {
    throw new TypeError(`${where}: weightsBase64 is not base64`);
  }
  if (weightData.byteLength !== expected) {
    throw new RangeError(`${where}: weights hold ${weightData.byteLength} bytes, the specs need ${expected} (truncated or corrupt)`);
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: j.modelTopology,
    weightSpecs: specs,
    weightData,
    userDefinedMetadata: j.metadata as unknown as Record<string, object>,
  };
  const info = readBundleMetadata(artifacts, where);
  return rebuildModel(artifacts, info, where);
}
