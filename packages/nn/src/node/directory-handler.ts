import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BadDataError } from '@tlkit/tensor-core';

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';

function weightBytes(specs: readonly tf.io.WeightsManifestEntry[]): number {
  const size: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2, complex64: 8, string: 0 };
  return specs.reduce((total, s) => {
    const dtype = s.quantization?.dtype ?? s.dtype;
    return total + s.shape.reduce((a, b) => a * b, 1) * (size[dtype] ?? 4);
  }, 0);
}

/**
 * A tfjs IOHandler that saves to and loads from a directory (model.json + weights.bin) with Node's fs, as
 * tfjs-node's file:// would. Saving writes a sibling temporary directory and renames it into place, so a failed
 * save never leaves a half-written bundle and an existing bundle is replaced whole.
 */
export function directoryHandler(path: string): tf.io.IOHandler {
  const dir = resolve(path);
  return {
    save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
        userDefinedMetadata: artifacts.userDefinedMetadata,
      };
      const parent = dirname(dir);
      if (!existsSync(parent)) throw new BadDataError(`saveNetwork: folder ${parent} does not exist`, { source: parent });
      const stamp = `${process.pid}-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
      const tmp = join(parent, `.${basename(dir)}.tmp-${stamp}`);
      const old = join(parent, `.${basename(dir)}.old-${stamp}`);
      try {
        mkdirSync(tmp);
        writeFileSync(join(tmp, MODEL_FILE), JSON.stringify(modelJson));
        writeFileSync(join(tmp, WEIGHTS_FILE), Buffer.from(weightData));
        const replacing = existsSync(dir);
        if (replacing) renameSync(dir, old);
        renameSync(tmp, dir);
        if (replacing) rmSync(old, { recursive: true, force: true });
      } catch (error) {
        rmSync(tmp, { recursive: true, force: true });
        if (existsSync(old) && !existsSync(dir)) renameSync(old, dir);
        throw error;
      }
      return Promise.resolve({
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
          weightSpecsBytes: JSON.stringify(artifacts.weightSpecs).length,
          weightDataBytes: weightData.byteLength,
        },
      });
    },

    load(): Promise<tf.io.ModelArtifacts> {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) {
        throw new BadDataError(`loadNetwork: ${path} is not a folder holding a saved network`, { source: path });
      }
      const modelPath = join(dir, MODEL_FILE);
      if (!existsSync(modelPath)) throw new BadDataError(`loadNetwork: ${path} has no ${MODEL_FILE}`, { source: path });
      let json: {
        modelTopology?: object;
        format?: string;
        generatedBy?: string;
        convertedBy?: string | null;
        weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
        userDefinedMetadata?: Record<string, object>;
      };
      try {
        json = JSON.parse(readFileSync(modelPath, 'utf8')) as typeof json;
      } catch {
        throw new BadDataError(`loadNetwork: ${modelPath} is corrupt (not valid JSON)`, { source: modelPath });
      }
      if (typeof json !== 'object' || !Array.isArray(json.weightsManifest)) {
        throw new BadDataError(`loadNetwork: ${modelPath} is not a TensorFlow.js model (no weightsManifest)`, { source: modelPath });
      }
      const specs = json.weightsManifest.flatMap((g) => g.weights);
      const buffers = json.weightsManifest
        .flatMap((g) => g.paths)
        .map((p) => {
          const file = join(dir, p);
          if (!existsSync(file)) throw new BadDataError(`loadNetwork: ${path} lacks its weights file ${p}`, { source: file });
          return readFileSync(file);
        });
      const weights = Buffer.concat(buffers);
      const expected = weightBytes(specs);
      if (weights.byteLength !== expected) {
        throw new BadDataError(
          `loadNetwork: ${path} is truncated or corrupt: weights hold ${weights.byteLength} bytes, the manifest needs ${expected}`,
          {
            source: path,
          },
        );
      }
      return Promise.resolve({
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy ?? undefined,
        weightSpecs: specs,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
        userDefinedMetadata: json.userDefinedMetadata,
      });
    },
  };
}
