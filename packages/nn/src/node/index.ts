import type { Network } from '../network.js';
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
