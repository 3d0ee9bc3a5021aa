import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { heapKernels, heapKernelsActive, type WasmHeapBackend } from './heap-kernels.js';
import { heapProduct } from './wasm-matmul.js';

type Info = tf.TensorInfo;

const DENSE = 'TlkitDense';
const DENSE_BACKWARD = 'TlkitDenseBackward';

interface DenseAttrs {
  relu: boolean;
}

/** y = act(x·W + bias): tlkit's gemm, then one pass adding the bias and applying the activation in place. */
function dense(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): Info {
  const backend = args.backend as WasmHeapBackend;
  const { x, W, bias } = args.inputs as { x: Info; W: Info; bias?: Info };
  const { relu } = args.attrs as unknown as DenseAttrs;
  const kernels = heapKernels(backend);
  const y = kernels ? heapProduct(backend, x, W, false, false) : null;
  if (!kernels || !y) throw new Error(`${DENSE}: needs float32 rank-2 operands of matching shapes and WebAssembly SIMD`);
  const [rows, cols] = y.shape;
  kernels.biasAct(backend.getMemoryOffset(y.dataId), rows, cols, bias ? backend.getMemoryOffset(bias.dataId) : 0, relu ? 1 : 0);
  return y;
}

/** [dz, db] with relu (dz = dy where y > 0), [db] without (dz is dy): db the column sums of dz. */
function denseBackward(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): Info[] {
  const backend = args.backend as WasmHeapBackend;
  const { dy, y } = args.inputs as { dy: Info; y: Info };
  const { relu } = args.attrs as unknown as DenseAttrs;
  const kernels = heapKernels(backend);
  if (!kernels) throw new Error(`${DENSE_BACKWARD}: needs WebAssembly SIMD`);
  const [rows, cols] = dy.shape;
  const db = backend.makeOutput([cols], 'float32');
  const dz = relu ? backend.makeOutput([rows, cols], 'float32') : undefined;
  const at = (info: Info | undefined) => (info ? backend.getMemoryOffset(info.dataId) : 0);
  kernels.denseBackward(at(dy), at(y), at(dz), at(db), rows, cols, relu ? 1 : 0);
  return dz ? [dz, db] : [db];
}

/**
 * [dz, db] by the backward kernel; by tfjs' own ops (ReLU's dy·step, a column sum) where this backward pass is itself
 * recorded — a gradient taken inside an outer one — since the kernel has no gradient of its own.
 */
function backwardParts(dy: tf.Tensor, y: tf.Tensor, relu: boolean, attrs: tf.NamedAttrMap): [tf.Tensor, tf.Tensor] {
  if (tf.engine().isTapeOn()) {
    const dz = relu ? tf.mul(dy, tf.step(y)) : dy;
    return [dz, tf.sum(dz, 0)];
  }
  const out = tf.engine().runKernel<tf.Tensor[]>(DENSE_BACKWARD, { dy, y }, attrs);
  return relu ? [out[0], out[1]] : [dy, out[0]];
}

let registered = false;

function register(): void {
  if (registered) return;
  tf.registerKernel({ kernelName: DENSE, backendName: 'wasm', kernelFunc: dense });
  tf.registerKernel({ kernelName: DENSE_BACKWARD, backendName: 'wasm', kernelFunc: denseBackward });
  tf.registerGradient({
    kernelName: DENSE,
    inputsToSave: ['x', 'W'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, W, y] = saved;
      const { relu } = attrs as unknown as DenseAttrs;
      const [dz, db] = backwardParts(dy as tf.Tensor, y, relu, attrs);
      // Called only for the inputs the gradient is asked of: the first layer's input gradient is never computed.
      return { x: () => tf.matMul(dz, W, false, true), W: () => tf.matMul(x, dz, true, false), bias: () => db };
    },
  });
  registered = true;
}

/** What a tfjs-layers Dense layer holds (public at run time, protected in the .d.ts). */
interface DenseLayer {
  kernel?: { read(): tf.Tensor };
  bias?: { read(): tf.Tensor } | null;
  useBias: boolean;
  activation?: { getClassName(): string; apply(x: tf.Tensor): tf.Tensor };
  activityRegularizer?: unknown;
  built: boolean;
}

/**
 * A tfjs-layers Dense layer applied to a float32 batch [rows, inputs] by tlkit's kernels on the wasm backend: one
 * kernel forward (product, bias, and ReLU where that is the activation; any other activation is the layer's own,
 * applied after, as Dense.call does), one backward plus the two products the gradient needs; tfjs runs three
 * kernels forward and six or more backward (its fused product is not used under a gradient tape). Null where that
 * does not serve (another backend or layer, an activity regulariser, shapes or dtypes): the layer's own call then
 * runs, and reports any error in its own words.
 */
export function applyDenseOnHeap(layer: tf.layers.Layer, inputs: readonly tf.Tensor[]): tf.Tensor | null {
  if (inputs.length !== 1 || layer.getClassName() !== 'Dense' || !heapKernelsActive()) return null;
  // The backward kernel has no gradient of its own: a gradient of a gradient takes the layer's own ops.
  if (tf.engine().state.gradientDepth > 1) return null;
  const d = layer as unknown as DenseLayer;
  const x = inputs[0];
  if (!d.built || !d.kernel || d.activityRegularizer || x.rank !== 2 || x.dtype !== 'float32') return null;
  const W = d.kernel.read();
  if (W.dtype !== 'float32' || W.rank !== 2 || W.shape[0] !== x.shape[1]) return null;
  register();
  const bias = d.useBias && d.bias ? d.bias.read() : undefined;
  const activation = d.activation?.getClassName() ?? 'linear';
  const attrs: DenseAttrs = { relu: activation === 'relu' };
  const y = tf.engine().runKernel<tf.Tensor>(DENSE, bias ? { x, W, bias } : { x, W }, attrs as unknown as tf.NamedAttrMap);
  if (attrs.relu || activation === 'linear' || !d.activation) return y;
  const activated = d.activation.apply(y);
  y.dispose();
  return activated;
}
