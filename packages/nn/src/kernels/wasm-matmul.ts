import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { heapInstance, type WasmHeapBackend } from './heap-kernels.js';

type Info = tf.TensorInfo;
type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };
type Kernel = (args: KernelArgs) => Info;

/** The matrix products tlkit replaces on tfjs' wasm backend. */
const MATMUL_KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;
const wrapped = new Set<string>();

interface ProductAttrs {
  transposeA?: boolean;
  transposeB?: boolean;
  activation?: string;
  leakyreluAlpha?: number;
}

function backendKernel(name: string): Kernel {
  return tf.getKernel(name, 'wasm').kernelFunc as unknown as Kernel;
}

const size = (shape: readonly number[]): number => shape.reduce((p, s) => p * s, 1);

/**
 * op(a)·op(b) for every matrix of a batch by tlkit's float32 gemm on the backend's heap (heap-kernels.wat), or
 * null where it does not serve: other dtypes, batch shapes that broadcast other than one matrix against a batch,
 * mismatched shapes (the backend's own kernel reports those), no WebAssembly SIMD.
 */
export function heapProduct(backend: WasmHeapBackend, a: Info, b: Info, transposeA: boolean, transposeB: boolean): Info | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const heap = heapInstance(backend);
  if (!heap) return null;
  const [ra, rb] = [a.shape.length, b.shape.length];
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  if ((transposeB ? b.shape[rb - 1] : b.shape[rb - 2]) !== k) return null;
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  let batch: number[];
  try {
    batch = tf.backend_util.assertAndGetBroadcastShape(batchA, batchB);
  } catch {
    return null;
  }
  const [count, countA, countB] = [size(batch), size(batchA), size(batchB)];
  if ((countA !== count && countA !== 1) || (countB !== count && countB !== 1)) return null;
  const out = backend.makeOutput([...batch, m, n], 'float32');
  if (m * n * count === 0) return out;
  if (k === 0) {
    backend.typedArrayFromHeap(out).fill(0);
    return out;
  }
  const [pa, pb, pc] = [a, b, out].map((t) => backend.getMemoryOffset(t.dataId));
  try {
    for (let t = 0; t < count; t++) {
      heap.kernels.gemm(
        pa + (countA === 1 ? 0 : 4 * t * m * k),
        transposeA ? m : k,
        transposeA ? 1 : 0,
        pb + (countB === 1 ? 0 : 4 * t * k * n),
        transposeB ? k : n,
        transposeB ? 1 : 0,
        pc + 4 * t * m * n,
        n,
        m,
        n,
        k,
        heap.work,
      );
    }
  } catch (error) {
    backend.disposeData(out.dataId);
    throw error;
  }
  return out;
}

/** The activations of _FusedMatMul, as the backend's own kernels. */
function activate(backend: WasmHeapBackend, x: Info, attrs: ProductAttrs, prelu: Info | undefined): Info | null {
  const run = (name: string, inputs: tf.NamedTensorInfoMap, kernelAttrs: object = {}) =>
    backendKernel(name)({ inputs, backend, attrs: kernelAttrs as tf.NamedAttrMap });
  switch (attrs.activation ?? 'linear') {
    case 'linear':
      return x;
    case 'relu':
      return run('Relu', { x });
    case 'relu6':
      return run('Relu6', { x });
    case 'elu':
      return run('Elu', { x });
    case 'sigmoid':
      return run('Sigmoid', { x });
    case 'leakyrelu':
      return run('LeakyRelu', { x }, { alpha: attrs.leakyreluAlpha });
    case 'prelu':
      return prelu ? run('Prelu', { x, alpha: prelu }) : null;
    default:
      return null;
  }
}

/**
 * The kernel `name` of the wasm backend, with products by tlkit's gemm: on the shapes of a 784-256-128-10
 * network's training step it runs at 33–36 GFLOP/s on one thread, where tfjs 4.22's XNNPACK product reaches
 * 31 with a cached operator and about 21 with a new right-hand tensor (an operator is created, and its weights
 * packed, for every new one — every step's weights and gradients), and its transposed forms about 2. Where the gemm
 * does not serve, the backend's own product, with transposed operands copied first.
 */
function tlkitMatMul(name: string, original: Kernel): Kernel {
  return (args) => {
    const backend = args.backend as WasmHeapBackend;
    const attrs = (args.attrs ?? {}) as ProductAttrs;
    const { a, b, bias, preluActivationWeights } = args.inputs as { a: Info; b: Info; bias?: Info; preluActivationWeights?: Info };
    const product = heapProduct(backend, a, b, !!attrs.transposeA, !!attrs.transposeB);
    if (product) {
      if (name === 'BatchMatMul') return product;
      const temps: Info[] = [product];
      try {
        const biased = bias ? backendKernel('Add')({ inputs: { a: product, b: bias }, backend }) : product;
        if (biased !== product) temps.push(biased);
        const result = activate(backend, biased, attrs, preluActivationWeights);
        if (result) {
          // The activation's output is new, or the product itself (linear): whichever it is is kept.
          const kept = temps.indexOf(result);
          if (kept >= 0) temps.splice(kept, 1);
          return result;
        }
      } finally {
        for (const t of temps) backend.disposeData(t.dataId);
      }
    }
    return transposingProduct(original, args);
  };
}

/** The backend's own product, with a transposed operand made explicit (one Transpose kernel, then the plain product). */
function transposingProduct(original: Kernel, args: KernelArgs): Info {
  const backend = args.backend as WasmHeapBackend;
  const attrs = (args.attrs ?? {}) as ProductAttrs;
  if (!attrs.transposeA && !attrs.transposeB) return original(args);
  const { a, b } = args.inputs as { a: Info; b: Info };
  const temps: Info[] = [];
  const swapLast = (x: Info): Info => {
    const perm = x.shape.map((_, i) => i);
    const r = perm.length;
    [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
    const t = backendKernel('Transpose')({ inputs: { x }, backend, attrs: { perm } });
    temps.push(t);
    return t;
  };
  try {
    const inputs = { ...args.inputs, a: attrs.transposeA ? swapLast(a) : a, b: attrs.transposeB ? swapLast(b) : b };
    return original({ inputs, backend, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

/**
 * Replaces the wasm backend's BatchMatMul and _FusedMatMul kernels by tlkit's float32 products (same results to
 * float32 rounding; faster on every shape a dense network's training takes, transposed ones 10× and more).
 * Idempotent; called by `train` and the other training loops so that networks train fast on wasm with no setup.
 */
export function registerWasmMatMul(): void {
  for (const name of MATMUL_KERNELS) {
    if (wrapped.has(name)) continue;
    const config = tf.getKernelsForBackend('wasm').find((k) => k.kernelName === name);
    if (!config) continue;
    const original = config.kernelFunc as unknown as Kernel;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...config, kernelFunc: tlkitMatMul(name, original) });
    wrapped.add(name);
  }
}

/** @deprecated The earlier name of {@link registerWasmMatMul} (which installs more than transposing products now). */
export function registerWasmTransposedMatMul(): void {
  registerWasmMatMul();
}
