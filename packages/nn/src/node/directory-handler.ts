import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BadDataError } from '@tlkit/tensor-core';
import { asideSibling, confinedPath, releaseTemporary, systemReason, temporarySibling } from '@tlkit/tensor-core/node';
import { checkWeightSpecs } from '../bundle/weight-specs.js';

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';
/** Written into model.json: a folder holding it (and nothing but the weights) is one tlkit may replace. */
const SAVED_BY = '@tlkit/nn';
/** model.json holds the topology and the manifest, never the weights: 64 MB is far past any real one. */
const MAX_MODEL_JSON_BYTES = 64 * 2 ** 20;

interface ModelJson {
  modelTopology?: object;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  savedBy?: string;
  weightsManifest?: unknown;
  userDefinedMetadata?: Record<string, object>;
}

/**
 * Whether a folder may be replaced by a save: it is empty, or it is a bundle this handler wrote (model.json saying
 * so, plus at most its weights file). Anything else is the user's and is refused, never emptied.
 */
function checkReplaceable(dir: string, path: string): void {
  const stat = statSync(dir);
  if (!stat.isDirectory()) throw new BadDataError(`saveNetwork: ${path} is a file, not a folder; choose another path`, { source: path });
  const names = readdirSync(dir);
  if (names.length === 0) return;
  const ours =
    names.every((n) => n === MODEL_FILE || n === WEIGHTS_FILE) && names.includes(MODEL_FILE) && writtenByTlkit(join(dir, MODEL_FILE));
  if (!ours) {
    throw new BadDataError(
      `saveNetwork: ${path} is a folder that holds other files (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}); ` +
        'tlkit replaces only an empty folder or a network bundle it saved',
      { source: path },
    );
  }
}

function writtenByTlkit(modelPath: string): boolean {
  try {
    if (statSync(modelPath).size > MAX_MODEL_JSON_BYTES) return false;
    const json = JSON.parse(readFileSync(modelPath, 'utf8')) as ModelJson | null;
    const meta = json?.userDefinedMetadata as { format?: unknown } | undefined;
    return json?.savedBy === SAVED_BY || meta?.format === 'tlkit-network';
  } catch {
    return false;
  }
}

function save(dir: string, path: string, artifacts: tf.io.ModelArtifacts): tf.io.SaveResult {
  const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const modelJson = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    savedBy: SAVED_BY,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
    userDefinedMetadata: artifacts.userDefinedMetadata,
  };
  const parent = dirname(dir);
  if (!existsSync(parent)) throw new BadDataError(`saveNetwork: folder ${parent} does not exist`, { source: parent });
  if (!statSync(parent).isDirectory()) throw new BadDataError(`saveNetwork: ${parent} is a file, not a folder`, { source: parent });
  const replacing = existsSync(dir);
  if (replacing) checkReplaceable(dir, path);
  const tmp = temporarySibling(dir);
  const old = asideSibling(dir);
  try {
    mkdirSync(tmp);
    writeFileSync(join(tmp, MODEL_FILE), JSON.stringify(modelJson));
    writeFileSync(join(tmp, WEIGHTS_FILE), Buffer.from(weightData));
    if (replacing) renameSync(dir, old);
    renameSync(tmp, dir);
    if (replacing) rmSync(old, { recursive: true, force: true });
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    if (existsSync(old) && !existsSync(dir)) renameSync(old, dir);
    throw new BadDataError(`saveNetwork: ${path} cannot be written (${systemReason(error)})`, { source: path });
  } finally {
    releaseTemporary(tmp);
    releaseTemporary(old);
  }
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
      weightSpecsBytes: JSON.stringify(artifacts.weightSpecs).length,
      weightDataBytes: weightData.byteLength,
    },
  };
}

function load(dir: string, path: string): tf.io.ModelArtifacts {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new BadDataError(`loadNetwork: ${path} is not a folder holding a saved network`, { source: path });
  }
  const modelPath = join(dir, MODEL_FILE);
  if (!existsSync(modelPath)) throw new BadDataError(`loadNetwork: ${path} has no ${MODEL_FILE}`, { source: path });
  const modelStat = statSync(confinedPath(dir, MODEL_FILE, `loadNetwork: ${path}`));
  if (!modelStat.isFile() || modelStat.size > MAX_MODEL_JSON_BYTES) {
    throw new BadDataError(`loadNetwork: ${modelPath} is not a model.json tlkit reads (not a file, or over 64 MB)`, { source: modelPath });
  }
  let json: ModelJson | null;
  try {
    json = JSON.parse(readFileSync(modelPath, 'utf8')) as ModelJson | null;
  } catch {
    throw new BadDataError(`loadNetwork: ${modelPath} is corrupt (not valid JSON)`, { source: modelPath });
  }
  if (typeof json !== 'object' || json === null || !Array.isArray(json.weightsManifest)) {
    throw new BadDataError(`loadNetwork: ${modelPath} is not a TensorFlow.js model (no weightsManifest)`, { source: modelPath });
  }
  const where = `loadNetwork: ${modelPath}`;
  const groups = json.weightsManifest as unknown[];
  const files: string[] = [];
  const entries: unknown[] = [];
  groups.forEach((raw, g) => {
    const group = raw as { paths?: unknown; weights?: unknown } | null;
    if (typeof group !== 'object' || group === null || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw new BadDataError(`${where}: weightsManifest entry ${g} needs "paths" and "weights" arrays`, { source: modelPath });
    }
    for (const p of group.paths as unknown[]) files.push(confinedPath(dir, p, where));
    for (const w of group.weights as unknown[]) entries.push(w);
  });
  const { specs, bytes: expected } = checkWeightSpecs(entries, where, modelPath);
  let total = 0;
  for (const file of files) {
    const stat = existsSync(file) ? statSync(file) : undefined;
    if (!stat?.isFile())
      throw new BadDataError(`loadNetwork: ${path} lacks its weights file ${file.slice(dir.length + 1)}`, { source: file });
    total += stat.size;
  }
  if (total !== expected) {
    throw new BadDataError(`loadNetwork: ${path} is truncated or corrupt: weights hold ${total} bytes, the manifest needs ${expected}`, {
      source: path,
    });
  }
  const weights = Buffer.concat(files.map((file) => readFileSync(file)));
  if (weights.byteLength !== expected) throw new BadDataError(`loadNetwork: ${path} changed while it was read`, { source: path });
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? undefined,
    weightSpecs: specs,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    userDefinedMetadata: json.userDefinedMetadata,
  };
}

/**
 * A tfjs IOHandler that saves to and loads from a directory (model.json + weights.bin) with Node's fs, as
 * tfjs-node's file:// would, but safely. Saving writes a fresh temporary sibling and renames it into place, so a
 * failed save leaves no half-written bundle; an existing folder is replaced only when it is empty or a bundle tlkit
 * saved (a folder with anything else in it, or a file, is refused). Loading reads only files inside the folder
 * (paths in model.json that lead out, by `..`, an absolute path or a symbolic link, are refused) and checks the
 * weights' size against the manifest before reading them.
 */
export function directoryHandler(path: string): tf.io.IOHandler {
  const dir = resolve(path);
  return {
    save: (artifacts: tf.io.ModelArtifacts) => Promise.resolve().then(() => save(dir, path, artifacts)),
    load: () => Promise.resolve().then(() => load(dir, path)),
  };
}
