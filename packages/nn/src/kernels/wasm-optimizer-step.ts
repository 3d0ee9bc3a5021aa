import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { heapKernels, type HeapKernels, type WasmHeapBackend } from './heap-kernels.js';

type Info = tf.TensorInfo;

export type StepRule = 'sgd' | 'momentum' | 'rmsprop' | 'adam';

/** The float32 constants of one step of each rule, rounded as tfjs rounds its scalar tensors. */
export type StepConstants =
  | { readonly rule: 'sgd'; readonly negRate: number }
  | { readonly rule: 'momentum'; readonly negRate: number; readonly momentum: number }
  | {
      readonly rule: 'rmsprop';
      readonly rate: number;
      readonly decay: number;
      readonly oneMinusDecay: number;
      readonly momentum: number;
      readonly epsilon: number;
    }
  | {
      readonly rule: 'adam';
      readonly beta1: number;
      readonly oneMinusBeta1: number;
      readonly beta2: number;
      readonly oneMinusBeta2: number;
      /** 1 − β1ᵗ and 1 − β2ᵗ. */
      readonly biasCorrection1: number;
      readonly biasCorrection2: number;
      readonly epsilon: number;
      readonly negRate: number;
    };
type Constants<R extends StepRule> = Extract<StepConstants, { rule: R }>;

/** The kernel's attributes; `valueLoops` forces the value loops (for tests: both paths must agree). */
export interface StepAttrs {
  readonly constants: StepConstants;
  readonly valueLoops?: boolean;
}

/** How many state slots (moments, accumulators) each rule keeps per variable. */
export const STATE_SLOTS: Readonly<Record<StepRule, number>> = { sgd: 0, momentum: 1, rmsprop: 2, adam: 2 };

export const OPTIMIZER_STEP_KERNEL = 'TlkitOptimizerStep';

const f = Math.fround;

/*
 * The same rules value by value from index `from` on: the last 0–3 values behind the wasm kernels, and everything
 * where those cannot run. Each repeats tfjs 4.22's optimizer op for op, every intermediate rounded to float32 as
 * its element-wise kernels round it (float64 arithmetic followed by one rounding is exact for +, −, ×, ÷ and √ of
 * float32 operands), so the values are bit-identical to tf.train.*'s and to the wasm kernels'.
 */
function sgdValues(from: number, [x, g, out]: Float32Array[], c: Constants<'sgd'>): void {
  const { negRate } = c;
  for (let i = from; i < x.length; i++) out[i] = f(f(negRate * g[i]) + x[i]);
}

function momentumValues(from: number, [x, g, acc, out, accOut]: Float32Array[], c: Constants<'momentum'>): void {
  const { negRate, momentum } = c;
  for (let i = from; i < x.length; i++) {
    const a = f(f(momentum * acc[i]) + g[i]);
    accOut[i] = a;
    out[i] = f(f(negRate * a) + x[i]);
  }
}

function rmspropValues(
  from: number,
  [x, g, meanSquare, moment, out, meanSquareOut, momentOut]: Float32Array[],
  c: Constants<'rmsprop'>,
): void {
  const { decay, oneMinusDecay, momentum, rate, epsilon } = c;
  for (let i = from; i < x.length; i++) {
    const gi = g[i];
    const ms = f(f(meanSquare[i] * decay) + f(f(gi * gi) * oneMinusDecay));
    const mo = f(f(moment[i] * momentum) + f(f(gi * rate) / f(Math.sqrt(f(ms + epsilon)))));
    meanSquareOut[i] = ms;
    momentOut[i] = mo;
    out[i] = f(x[i] - mo);
  }
}

function adamValues(from: number, [x, g, first, second, out, firstOut, secondOut]: Float32Array[], c: Constants<'adam'>): void {
  const { beta1, oneMinusBeta1, beta2, oneMinusBeta2, biasCorrection1, biasCorrection2, epsilon, negRate } = c;
  for (let i = from; i < x.length; i++) {
    const gi = g[i];
    const m = f(f(first[i] * beta1) + f(gi * oneMinusBeta1));
    const v = f(f(second[i] * beta2) + f(f(gi * gi) * oneMinusBeta2));
    firstOut[i] = m;
    secondOut[i] = v;
    out[i] = f(f(f(f(m / biasCorrection1) / f(f(Math.sqrt(f(v / biasCorrection2))) + epsilon)) * negRate) + x[i]);
  }
}

/** The rule's wasm kernel for the first `bytes` bytes (pointers in [inputs…, outputs…] order), or its value loop from `from` on. */
function step(kernels: HeapKernels | null, from: number, arrays: Float32Array[], c: StepConstants): void {
  const p = arrays.map((a) => a.byteOffset);
  const bytes = 4 * from;
  switch (c.rule) {
    case 'sgd':
      if (kernels) kernels.sgd(p[0], p[1], p[2], bytes, c.negRate);
      sgdValues(from, arrays, c);
      break;
    case 'momentum':
      if (kernels) kernels.momentum(p[0], p[1], p[2], p[3], p[4], bytes, c.negRate, c.momentum);
      momentumValues(from, arrays, c);
      break;
    case 'rmsprop':
      if (kernels) kernels.rmsprop(...p, bytes, c.rate, c.decay, c.oneMinusDecay, c.momentum, c.epsilon);
      rmspropValues(from, arrays, c);
      break;
    case 'adam':
      if (kernels) {
        const { beta1, oneMinusBeta1, beta2, oneMinusBeta2, biasCorrection1, biasCorrection2, epsilon, negRate } = c;
        kernels.adam(...p, bytes, beta1, oneMinusBeta1, beta2, oneMinusBeta2, biasCorrection1, biasCorrection2, epsilon, negRate);
      }
      adamValues(from, arrays, c);
      break;
  }
}

/**
 * One optimizer step for one variable in a single pass over tfjs wasm's heap: inputs `x` (the value), `g` (its
 * gradient) and the state slots `s0`, `s1` (absent on the first step: zeros); outputs the new value and the new
 * slots. tfjs' own optimizers take 3 (sgd) to 16 (adam) element-wise kernel calls per variable, each a pass over
 * memory; for a 784-256-128-10 network at batch 128 Adam's were a quarter of the step.
 */
function optimizerStep(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): Info[] {
  const backend = args.backend as WasmHeapBackend;
  const { constants, valueLoops } = args.attrs as unknown as StepAttrs;
  const { x, g } = args.inputs as { x: Info; g: Info };
  const slots = STATE_SLOTS[constants.rule];
  // Before any view: instantiating the kernels the first time allocates on the heap.
  const kernels = valueLoops ? null : heapKernels(backend);
  // Allocate first: the heap may grow, and a growth detaches every view taken before it.
  const outputs = Array.from({ length: 1 + slots }, () => backend.makeOutput([...x.shape], 'float32'));
  const stateOut = outputs.slice(1);
  const state = stateOut.map((out, i) => args.inputs[`s${i}`] ?? out);
  const arrays = [x, g, ...state, ...outputs].map((info) => backend.typedArrayFromHeap(info));
  // A first step reads its (zero) state from the outputs it then overwrites, value by value.
  stateOut.forEach((out, i) => state[i] === out && arrays[2 + i].fill(0));
  const n = arrays[0].length;
  step(kernels, kernels ? n - (n % 4) : 0, arrays, constants);
  return outputs;
}

let registered = false;

/** Registers the one-pass optimizer step on tfjs' wasm backend. Idempotent. */
export function registerWasmOptimizerStep(): void {
  if (registered) return;
  tf.registerKernel({ kernelName: OPTIMIZER_STEP_KERNEL, backendName: 'wasm', kernelFunc: optimizerStep });
  registered = true;
}
