import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { heapKernelsActive, type WasmHeapBackend } from './heap-kernels.js';

type Info = tf.TensorInfo;
type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

const LOSS = 'TlkitCrossEntropy';
const LOSS_GRAD = 'TlkitCrossEntropyGrad';

interface LossAttrs {
  /** The clip bounds of the probabilities, as float32 (tfjs compares its float32 values with them). */
  lo: number;
  hi: number;
  /** For the gradient kernel: by the probabilities or by the targets. */
  of?: 'p' | 'y';
}

/** −(1/n) Σ_i Σ_j y_ij · log(clip(p_ij, lo, hi)) over n rows: one pass, where tfjs runs six kernels. */
function loss(args: KernelArgs): Info {
  const backend = args.backend as WasmHeapBackend;
  const { y, p } = args.inputs as { y: Info; p: Info };
  const { lo, hi } = args.attrs as unknown as LossAttrs;
  const out = backend.makeOutput([], 'float32');
  const [yv, pv] = [backend.typedArrayFromHeap(y), backend.typedArrayFromHeap(p)];
  const [rows, cols] = p.shape;
  let total = 0;
  for (let i = 0, at = 0; i < rows; i++) {
    // Each row's sum rounded to float32, as tfjs' sum over the last axis gives it.
    let row = 0;
    for (let j = 0; j < cols; j++, at++) row += yv[at] * Math.log(Math.min(Math.max(pv[at], lo), hi));
    total += Math.fround(row);
  }
  backend.typedArrayFromHeap(out)[0] = rows === 0 ? NaN : -total / rows;
  return out;
}

/**
 * dL/dp = −(dy/n)·y / clip(p), zero where p is outside [lo, hi] (tfjs' clipByValue gradient; NaN is outside); or
 * dL/dy = −(dy/n)·log(clip(p)) (soft targets can come from another network), NaN where p is.
 */
function lossGrad(args: KernelArgs): Info {
  const backend = args.backend as WasmHeapBackend;
  const { dy, y, p } = args.inputs as { dy: Info; y: Info; p: Info };
  const { lo, hi, of } = args.attrs as unknown as LossAttrs;
  const out = backend.makeOutput([...p.shape], 'float32');
  const [g, yv, pv, d] = [dy, y, p, out].map((t) => backend.typedArrayFromHeap(t));
  const scale = -g[0] / p.shape[0];
  for (let i = 0; i < pv.length; i++) {
    const x = pv[i];
    if (of === 'y') d[i] = scale * Math.log(Math.min(Math.max(x, lo), hi));
    else d[i] = x >= lo && x <= hi ? (scale * yv[i]) / x : 0;
  }
  return out;
}

let registered = false;

function register(): void {
  if (registered) return;
  tf.registerKernel({ kernelName: LOSS, backendName: 'wasm', kernelFunc: loss });
  tf.registerKernel({ kernelName: LOSS_GRAD, backendName: 'wasm', kernelFunc: lossGrad });
  tf.registerGradient({
    kernelName: LOSS,
    inputsToSave: ['y', 'p'],
    gradFunc: (dy, saved, attrs) => {
      const [y, p] = saved;
      const { lo, hi } = attrs as unknown as LossAttrs;
      if (tf.engine().isTapeOn()) {
        // This backward pass is itself recorded (a gradient inside an outer one): tfjs' own ops, which have gradients.
        const scale = tf.div(tf.neg(dy as tf.Tensor), p.shape[0]);
        const inside = tf.logicalAnd(tf.greaterEqual(p, lo), tf.lessEqual(p, hi));
        return {
          p: () => tf.where(inside, tf.div(tf.mul(y, scale), p), tf.zerosLike(p)),
          y: () => tf.mul(scale, tf.log(tf.clipByValue(p, lo, hi))),
        };
      }
      const inputs = { dy: dy as tf.Tensor, y, p };
      const by = (of: 'p' | 'y') => tf.engine().runKernel<tf.Tensor>(LOSS_GRAD, inputs, { ...attrs, of });
      return { p: () => by('p'), y: () => by('y') };
    },
  });
  registered = true;
}

/**
 * Keras' categorical cross-entropy of softmax outputs, −mean_i Σ_j y_ij·log(clip(p_ij, ε, 1 − ε)), as one kernel
 * (and one for its gradient) on the wasm backend, where tfjs runs six forward and about ten backward for a batch;
 * the same values to float32 rounding. Null where it does not serve (another backend, shapes other than
 * [rows, classes], other dtypes, a gradient of a gradient): the caller then composes tfjs' ops.
 */
export function crossEntropyOnHeap(yTrue: tf.Tensor, yPred: tf.Tensor, epsilon: number): tf.Scalar | null {
  if (!heapKernelsActive() || tf.engine().state.gradientDepth > 1) return null;
  if (yPred.rank !== 2 || yPred.dtype !== 'float32' || yTrue.dtype !== 'float32' || !tf.util.arraysEqual(yTrue.shape, yPred.shape))
    return null;
  register();
  const attrs: LossAttrs = { lo: Math.fround(epsilon), hi: Math.fround(1 - epsilon) };
  return tf.engine().runKernel<tf.Scalar>(LOSS, { y: yTrue, p: yPred }, attrs as unknown as tf.NamedAttrMap);
}
