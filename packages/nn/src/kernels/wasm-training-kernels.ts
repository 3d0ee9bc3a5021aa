import * as tf from '@tensorflow/tfjs';
import { registerWasmConvBackpropFilter } from './wasm-conv2d-backprop-filter.js';
import { registerWasmTransposedMatMul } from './wasm-matmul-transposed.js';

/**
 * On the wasm backend, installs the kernels that make training fast there (the missing convolution filter
 * gradient, and matrix products that transpose explicitly); elsewhere does nothing. Idempotent: every training
 * loop calls it first.
 */
export function registerWasmTrainingKernels(): void {
  if (tf.getBackend() !== 'wasm') return;
  registerWasmConvBackpropFilter();
  registerWasmTransposedMatMul();
}
