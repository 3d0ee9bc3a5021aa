import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

type Info = tf.TensorInfo;
interface KernelBackend {
  disposeData(dataId: object): boolean;
}
type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: KernelBackend; attrs?: tf.NamedAttrMap };
type Kernel = (args: KernelArgs) => Info;

/** The matrix products whose transposed forms tfjs' wasm backend (4.22) computes on a slow path. */
const MATMUL_KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;
const wrapped = new Set<string>();

/**
 * The matMul kernel `name` of the wasm backend, with transposed operands made explicit: a·bᵀ or aᵀ·b is
 * computed as one Transpose kernel plus the plain product. In tfjs 4.22 the wasm product with transposeA or
 * transposeB set runs at about 2 GFLOP/s against 18–25 GFLOP/s for the plain one on the same shapes (measured at
 * 128×784 by 784×256 on this project's machine); the gradients of every dense layer take the transposed forms.
 */
function transposingMatMul(original: Kernel): Kernel {
  return (args) => {
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return original(args);
    const transpose = tf.getKernel('Transpose', 'wasm').kernelFunc as unknown as Kernel;
    const { a, b } = args.inputs as { a: Info; b: Info };
    const temps: Info[] = [];
    const swapLast = (x: Info): Info => {
      const perm = x.shape.map((_, i) => i);
      const r = perm.length;
      [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
      const t = transpose({ inputs: { x }, backend: args.backend, attrs: { perm } });
      temps.push(t);
      return t;
    };
    try {
      const inputs = { ...args.inputs, a: attrs.transposeA ? swapLast(a) : a, b: attrs.transposeB ? swapLast(b) : b };
      return original({ inputs, backend: args.backend, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      for (const t of temps) args.backend.disposeData(t.dataId);
    }
  };
}

/**
 * Replaces the wasm backend's BatchMatMul and _FusedMatMul kernels by versions that transpose explicitly (same
 * results, about 10× faster for transposed operands, which is what backpropagation uses). Idempotent; called by
 * `train` and the other training loops so that networks train fast on wasm with no setup.
 */
export function registerWasmTransposedMatMul(): void {
  for (const name of MATMUL_KERNELS) {
    if (wrapped.has(name)) continue;
    const config = tf.getKernelsForBackend('wasm').find((k) => k.kernelName === name);
    if (!config) continue;
    const original = config.kernelFunc as unknown as Kernel;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...config, kernelFunc: transposingMatMul(original) as unknown as tf.KernelFunc });
    wrapped.add(name);
  }
}
