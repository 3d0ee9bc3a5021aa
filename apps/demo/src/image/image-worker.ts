import * as tf from '@tensorflow/tfjs';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { imageToRow, type DenseMatrix } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { heapKernelsActive, loadPretrained, type Network } from '@tlkit/nn';
import { loadBackbone } from '@tlkit/models';
import { comparePretrained, fitPretrainedMethod, PRETRAINED_METHODS, type FittedPretrainedMethod } from '@tlkit/experiment';
import type { ImageReply, ImageRequest, LabelledImage, ModelChoice } from './image-protocol.js';

const post = (message: ImageReply): void => postMessage(message);
let controller: AbortController | undefined;
let backendReady: Promise<string> | undefined;
const backbones = new Map<string, Network>();
let dropped: Network | undefined;
let fitted: FittedPretrainedMethod[] = [];
let shape: [number, number, number] = [28, 28, 1];

function ensureBackend(): Promise<string> {
  // Threaded wasm broke in a minified build (see ENVIRONMENT.md); one thread is used.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  backendReady ??= selectBackend('auto', {
    wasmPaths: {
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    },
  });
  return backendReady;
}

/** The model's input as [height, width, channels]: images are brought to it. */
function imageShape(network: Network): [number, number, number] {
  const s = network.inputShape;
  if (s.length === 3) return [s[0], s[1], s[2]];
  if (s.length === 2) return [s[0], s[1], 1];
  const side = Math.round(Math.sqrt(s[0]));
  if (s.length === 1 && side * side === s[0]) return [side, side, 1];
  throw new RangeError(`the model takes input [${s.join(', ')}], which is not an image`);
}

async function sourceNetwork(choice: ModelChoice): Promise<{ network: Network; name: string }> {
  if (choice.kind === 'backbone') {
    let network = backbones.get(choice.name);
    if (!network) {
      network = await loadBackbone(choice.name);
      backbones.set(choice.name, network);
    }
    return { network, name: `tlkit's ${choice.name} backbone` };
  }
  dropped?.dispose();
  dropped = undefined;
  dropped = await loadPretrained(choice.files);
  return { network: dropped, name: choice.files.map((f) => f.name).join(', ') };
}

function rows(images: readonly LabelledImage[]): DenseMatrix {
  const [height, width, channels] = shape;
  const size = height * width * channels;
  const data = new Float64Array(images.length * size);
  images.forEach((e, i) => {
    const row = imageToRow(
      { width: e.image.width, height: e.image.height, channels: 4, data: e.image.data },
      { width, height, channels: channels === 3 ? 3 : 1, layout: e.kind === 'file' ? 'fit' : 'center' },
    );
    data.set(row, i * size);
  });
  return { rows: images.length, cols: size, data };
}

async function runTraining(request: Extract<ImageRequest, { type: 'train' }>, signal: AbortSignal): Promise<void> {
  const backend = await ensureBackend();
  post({ type: 'backend', backend: `${backend} · network kernels: ${heapKernelsActive() ? 'tlkit float32 SIMD' : 'TensorFlow.js'}` });
  const started = performance.now();
  fitted.forEach((f) => f.dispose());
  fitted = [];
  const { network, name } = await sourceNetwork(request.model);
  shape = imageShape(network);
  const X = rows(request.examples);
  const y = request.examples.map((e) => e.label);
  const comparison = await comparePretrained(
    network,
    { X, y, inputShape: shape },
    {
      repeats: request.repeats,
      epochs: request.epochs,
      seed: request.seed,
      signal,
      onProgress: (done, total, label) => post({ type: 'progress', done, total, label }),
    },
  );
  // The live models learn from every example.
  post({ type: 'progress', done: 1, total: 1, label: 'training the live models on every example…' });
  for (const method of PRETRAINED_METHODS)
    fitted.push(await fitPretrainedMethod(method, network, { X, y }, shape, { epochs: request.epochs, seed: request.seed, signal }));
  post({
    type: 'done',
    comparison,
    seconds: (performance.now() - started) / 1000,
    model: name,
    inputShape: shape,
    numTensors: tf.memory().numTensors,
  });
}

addEventListener('message', (event: MessageEvent<ImageRequest>) => {
  const request = event.data;
  if (request.type === 'cancel') {
    controller?.abort();
    return;
  }
  if (request.type === 'memory') {
    post({ type: 'memory', numTensors: tf.memory().numTensors });
    return;
  }
  if (request.type === 'predict') {
    try {
      const X = rows([request.image]);
      post({ type: 'prediction', id: request.id, predictions: fitted.map((f) => ({ method: f.method, ...f.predict(X)[0] })) });
    } catch (error) {
      post({ type: 'error', message: (error as Error).message });
    }
    return;
  }
  controller = new AbortController();
  const signal = controller.signal;
  void (async () => {
    try {
      await runTraining(request, signal);
    } catch (error) {
      fitted.forEach((f) => f.dispose());
      fitted = [];
      if ((error as Error).name === 'AbortError') post({ type: 'cancelled' });
      else post({ type: 'error', message: (error as Error).message });
    }
  })();
});
