import { basename, dirname } from 'node:path';
import type { Network } from '../network.js';
import type { PretrainedOptions } from '../pretrained/from-layers-model.js';
import { loadPretrained } from '../pretrained/load-pretrained.js';
import { loadNetwork, saveNetwork } from '../bundle/save-load.js';
import { directoryHandler } from './directory-handler.js';

export { directoryHandler } from './directory-handler.js';

/** Saves a network bundle to a folder (model.json + weights.bin), atomically. */
export function saveNetworkToDirectory(network: Network, dir: string): Promise<void> {
  return saveNetwork(network, directoryHandler(dir));
}

/** Loads a network bundle from a folder written by `saveNetworkToDirectory`. */
export function loadNetworkFromDirectory(dir: string): Promise<Network> {
  return loadNetwork(directoryHandler(dir), dir);
}

/**
 * Loads any TensorFlow.js LayersModel from disk — `PATH/model.json` (with its weight shards beside it) or the folder
 * holding it — as a Network: saved by tfjs' `model.save`, converted from Keras, or a tlkit bundle. Reads only files
 * inside that folder.
 */
export function loadPretrainedFromFile(path: string, options: PretrainedOptions = {}): Promise<Network> {
  const dir = basename(path).toLowerCase() === 'model.json' ? dirname(path) : path;
  return loadPretrained(directoryHandler(dir), options, path);
}
