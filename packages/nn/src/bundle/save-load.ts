import * as tf from '@tensorflow/tfjs';
import type { Network } from '../network.js';
import { bundleMetadata, readBundleMetadata, rebuildModel } from './bundle-format.js';

/**
 * Where a bundle goes: a tfjs IOHandler, or a tfjs URL in the browser ('indexeddb://name', 'localstorage://name',
 * 'downloads://name' for a downloadable model.json + weights file). In Node use `saveNetworkToDirectory`.
 */
export type BundleDestination = string | tf.io.IOHandler;

function handlerFor(destination: BundleDestination, fn: string, mode: 'save' | 'load'): tf.io.IOHandler {
  if (typeof destination !== 'string') return destination;
  const handlers = mode === 'save' ? tf.io.getSaveHandlers(destination) : tf.io.getLoadHandlers(destination);
  if (handlers.length === 0)
    throw new RangeError(`${fn}: no handler for "${destination}" (in Node, use saveNetworkToDirectory/loadNetworkFromDirectory)`);
  return handlers[0];
}

/** Saves the network's topology, weights and metadata (output, input shape, schema, scaler, seed, format version). */
export async function saveNetwork(network: Network, destination: BundleDestination): Promise<void> {
  const handler = handlerFor(destination, 'saveNetwork', 'save');
  network.model.setUserDefinedMetadata(bundleMetadata(network.info));
  await network.model.save(handler);
}

/** Loads a bundle saved by `saveNetwork`; a foreign, truncated or newer-format bundle is a clear error. */
export async function loadNetwork(
  source: BundleDestination,
  where = typeof source === 'string' ? source : 'loadNetwork',
): Promise<Network> {
  const handler = handlerFor(source, 'loadNetwork', 'load');
  if (!handler.load) throw new TypeError(`loadNetwork: the handler for ${where} cannot load`);
  const artifacts = await handler.load();
  const info = readBundleMetadata(artifacts, where);
  return rebuildModel(artifacts, info, where);
}
