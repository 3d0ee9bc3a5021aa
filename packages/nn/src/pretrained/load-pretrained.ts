import * as tf from '@tensorflow/tfjs';
import { BUNDLE_FORMAT, buildLayersModel, readBundleMetadata } from '../bundle/bundle-format.js';
import { Network } from '../network.js';
import { fromLayersModel, type PretrainedOptions } from './from-layers-model.js';

/**
 * Where a pretrained LayersModel comes from: a URL (http(s)://…/model.json, indexeddb://name, localstorage://name),
 * a tfjs IOHandler (in Node, `directoryHandler` from `@tlkit/nn/node`), or the browser's File objects of a
 * model.json and its weight shards (a file input or a drop).
 */
export type PretrainedSource = string | tf.io.IOHandler | readonly File[];

function describe(source: PretrainedSource): string {
  if (typeof source === 'string') return source;
  if (Array.isArray(source)) return (source as readonly File[]).map((f) => f.name).join(', ');
  return 'the handler';
}

/** The IOHandler of a source (URL, handler or files). */
export function handlerOf(source: PretrainedSource, where: string): tf.io.IOHandler {
  if (typeof source === 'string') {
    if (/^https?:\/\//i.test(source)) return tf.io.http(source);
    const handlers = tf.io.getLoadHandlers(source);
    if (handlers.length === 0) throw new RangeError(`loadPretrained: no loader for "${source}" (in Node, pass directoryHandler(folder))`);
    return handlers[0];
  }
  if (Array.isArray(source)) {
    const files = source as readonly File[];
    const json = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
    if (json.length !== 1) throw new RangeError(`loadPretrained: expected one model.json among the files (${where}), got ${json.length}`);
    return tf.io.browserFiles([json[0], ...files.filter((f) => f !== json[0])]);
  }
  return source as tf.io.IOHandler;
}

/**
 * Loads a TensorFlow.js LayersModel — saved by `model.save`, or converted from Keras by tensorflowjs_converter
 * ("format": "layers-model") — as a Network. A tlkit bundle keeps its own metadata (output, classes, input shape,
 * preprocessing); for any other model, `options` say what the metadata cannot (see `fromLayersModel`).
 */
export async function loadPretrained(
  source: PretrainedSource,
  options: PretrainedOptions = {},
  where = describe(source),
): Promise<Network> {
  const handler = handlerOf(source, where);
  if (!handler.load) throw new TypeError(`loadPretrained: the handler for ${where} cannot load`);
  const artifacts = await handler.load();
  if (artifacts.format === 'graph-model') {
    throw new TypeError(
      `loadPretrained: ${where} is a TensorFlow.js graph model; load it with loadGraphFeatures (a frozen feature extractor)`,
    );
  }
  if (artifacts.modelTopology === undefined) throw new TypeError(`loadPretrained: ${where} holds no model topology`);
  const model = await buildLayersModel(artifacts, `loadPretrained: ${where}`);
  try {
    const meta = artifacts.userDefinedMetadata as { format?: unknown } | undefined;
    if (meta?.format === BUNDLE_FORMAT) {
      const info = readBundleMetadata(artifacts, where);
      return new Network(model, { ...info, ...(options.preprocessing ? { preprocessing: options.preprocessing } : {}) });
    }
    return fromLayersModel(model, options);
  } catch (error) {
    model.dispose();
    throw error;
  }
}
