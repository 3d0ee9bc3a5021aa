import * as tf from '@tensorflow/tfjs';
import { registerWasmConvBackpropFilter } from './wasm-conv2d-backprop-filter.js';
import { registerWasmSharedIdentity } from './wasm-identity.js';
import { registerWasmMatMul } from './wasm-matmul.js';

/**
 * On the wasm backend, installs the kernels that make training fast there (the missing convolution filter
 * gradient, tlkit's matrix products, an Identity that shares data instead of copying it); elsewhere does nothing.
 * Idempotent: every training loop calls it first.
 */
export function registerWasmTrainingKernels(): void {
  if (tf.getBackend() !== 'wasm') return;
  registerWasmConvBackpropFilter();
  registerWasmMatMul();
  registerWasmSharedIdentity();
}
