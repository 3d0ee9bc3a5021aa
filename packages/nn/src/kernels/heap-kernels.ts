import * as tf from '@tensorflow/tfjs';
import { compileWasmModule } from '@tlkit/tensor-core';
import { HEAP_KERNELS_SHARED_WASM_BASE64, HEAP_KERNELS_WASM_BASE64 } from './heap-kernels-wasm-bytes.js';

/** What tlkit's kernels use of tfjs' wasm backend. */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  getMemoryOffset(dataId: object): number;
  disposeData(dataId: object): boolean;
  wasm: { asm?: { memory?: WebAssembly.Memory }; wasmMemory?: WebAssembly.Memory; _malloc(bytes: number): number };
}

/** The exports of wasm/heap-kernels.wat (see there for the exact contracts). Pointers are byte offsets. */
export interface HeapKernels {
  gemm(
    a: number,
    lda: number,
    ta: number,
    b: number,
    ldb: number,
    tb: number,
    c: number,
    ldc: number,
    m: number,
    n: number,
    k: number,
    work: number,
  ): void;
  biasAct(c: number, rows: number, cols: number, bias: number, relu: number): void;
  denseBackward(dy: number, y: number, dz: number, db: number, rows: number, cols: number, relu: number): void;
  sgd(x: number, g: number, out: number, bytes: number, negRate: number): void;
  momentum(x: number, g: number, acc: number, out: number, accOut: number, bytes: number, negRate: number, m: number): void;
  rmsprop(...args: number[]): void;
  adam(...args: number[]): void;
}

/** Bytes of scratch any gemm call needs at most (see heap-kernels.wat): a 4×8 tile and op(B)'s packed block. */
const GEMM_WORK_BYTES = 128 + 4 * 256 * 256;

/** The kernels on one heap, and the gemm's scratch there. */
export interface HeapInstance {
  readonly kernels: HeapKernels;
  /** The gemm's scratch on this heap, allocated once (a product runs to its end before the next starts). */
  readonly work: number;
}

const instances = new WeakMap<WebAssembly.Memory, HeapInstance | null>();

/** The kernels instantiated on the backend's own heap, or null where they cannot be (other paths serve then). */
export function heapInstance(backend: WasmHeapBackend): HeapInstance | null {
  const memory = backend.wasm.asm?.memory ?? backend.wasm.wasmMemory;
  if (!memory) return null;
  let instance = instances.get(memory);
  if (instance === undefined) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const module = compileWasmModule(shared ? HEAP_KERNELS_SHARED_WASM_BASE64 : HEAP_KERNELS_WASM_BASE64);
    try {
      instance = module
        ? {
            kernels: new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as HeapKernels,
            work: backend.wasm._malloc(GEMM_WORK_BYTES),
          }
        : null;
    } catch {
      instance = null;
    }
    instances.set(memory, instance);
  }
  return instance;
}

/** The kernels on the backend's own heap, or null where they cannot be instantiated. */
export function heapKernels(backend: WasmHeapBackend): HeapKernels | null {
  return heapInstance(backend)?.kernels ?? null;
}

/** Whether tlkit's heap kernels run on the current backend (tfjs wasm with WebAssembly SIMD). */
export function heapKernelsActive(): boolean {
  return tf.getBackend() === 'wasm' && heapKernels(tf.backend() as unknown as WasmHeapBackend) !== null;
}

/**
 * A new float32 tensor of `shape` on the wasm backend with its values written in place by `fill` (one copy, where
 * tf.tensor would take a host array and copy it again); null on other backends.
 */
export function heapTensor(shape: number[], fill: (values: Float32Array) => void): tf.Tensor | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend() as unknown as WasmHeapBackend;
  const info = backend.makeOutput(shape, 'float32');
  fill(backend.typedArrayFromHeap(info));
  return tf.engine().makeTensorFromTensorInfo(info);
}
