import * as tf from '@tensorflow/tfjs';
import { compileWasmModule } from '@tlkit/tensor-core';
import { HEAP_KERNELS_SHARED_WASM_BASE64, HEAP_KERNELS_WASM_BASE64 } from './heap-kernels-wasm-bytes.js';

/** What tlkit's kernels use of tfjs' wasm backend. */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  getMemoryOffset(dataId: object): number;
  disposeData(dataId: object): boolean;
  wasm: { asm?: { memory?: WebAssembly.Memory }; wasmMemory?: WebAssembly.Memory };
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

/** Bytes of scratch one gemm call needs (see heap-kernels.wat): a 4×8 tile and op(B)'s packed block. */
export function gemmWorkBytes(n: number, k: number): number {
  return 128 + 4 * Math.min(k, 256) * Math.min(Math.ceil(n / 8) * 8, 256);
}

const instances = new WeakMap<WebAssembly.Memory, HeapKernels | null>();

/** The kernels instantiated on the backend's own heap, or null where they cannot be (other paths serve then). */
export function heapKernels(backend: WasmHeapBackend): HeapKernels | null {
  const memory = backend.wasm.asm?.memory ?? backend.wasm.wasmMemory;
  if (!memory) return null;
  let kernels = instances.get(memory);
  if (kernels === undefined) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const module = compileWasmModule(shared ? HEAP_KERNELS_SHARED_WASM_BASE64 : HEAP_KERNELS_WASM_BASE64);
    try {
      kernels = module ? (new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as HeapKernels) : null;
    } catch {
      kernels = null;
    }
    instances.set(memory, kernels);
  }
  return kernels;
}

/** Whether tlkit's heap kernels run on the current backend (tfjs wasm with WebAssembly SIMD). */
export function heapKernelsActive(): boolean {
  return tf.getBackend() === 'wasm' && heapKernels(tf.backend() as unknown as WasmHeapBackend) !== null;
}
