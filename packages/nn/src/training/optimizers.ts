import * as tf from '@tensorflow/tfjs';
import { checkOneOf } from '@tlkit/tensor-core';
import {
  OPTIMIZER_STEP_KERNEL,
  registerWasmOptimizerStep,
  STATE_SLOTS,
  type StepAttrs,
  type StepConstants,
} from '../kernels/wasm-optimizer-step.js';

export type OptimizerName = 'adam' | 'sgd' | 'momentum' | 'rmsprop';
const NAMES: readonly OptimizerName[] = ['adam', 'sgd', 'momentum', 'rmsprop'];

/** What the training loop needs of an optimizer. */
export interface StepOptimizer {
  applyGradients(gradients: tf.NamedTensorMap): void;
  setLearningRate(rate: number): void;
  dispose(): void;
}

// tfjs' settings for tf.train.momentum(rate, 0.9), tf.train.rmsprop(rate) and tf.train.adam(rate).
const MOMENTUM = 0.9;
const RMSPROP_DECAY = 0.9;
const RMSPROP_MOMENTUM = 0;
const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;

function tfjsOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate, ADAM_BETA1, ADAM_BETA2);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
      return tf.train.momentum(learningRate, MOMENTUM);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, RMSPROP_DECAY, RMSPROP_MOMENTUM);
  }
}

/**
 * Every gradient names a variable of its own shape and dtype (float32 where `float32`), checked before any is
 * applied, so that a refused step leaves every variable and every state as it was.
 */
function checkedVariables(gradients: tf.NamedTensorMap, float32: boolean): [tf.Variable, tf.Tensor][] {
  const registered = tf.engine().registeredVariables;
  return Object.entries(gradients).map(([name, gradient]) => {
    const variable = registered[name] as tf.Variable | undefined;
    if (!variable) throw new RangeError(`train: the gradients name "${name}", which is no variable`);
    if (!tf.util.arraysEqual(variable.shape, gradient.shape)) {
      throw new RangeError(
        `train: the gradient of "${name}" has shape [${gradient.shape.join(', ')}], the variable [${variable.shape.join(', ')}]`,
      );
    }
    if (float32 && (variable.dtype !== 'float32' || gradient.dtype !== 'float32')) {
      throw new TypeError(`train: variable "${name}" and its gradient must be float32, got ${variable.dtype} and ${gradient.dtype}`);
    }
    return [variable, gradient];
  });
}

/**
 * tfjs' own optimizer (backends other than wasm). tfjs keeps each variable's state by its position in the list of
 * gradients it is given, so every step passes the variables seen so far in the order first seen, a missing
 * gradient as null (which tfjs skips): a variable that gets no gradient in some step keeps its own state.
 */
class TfjsStepOptimizer implements StepOptimizer {
  private readonly order: string[] = [];
  constructor(private readonly optimizer: tf.Optimizer) {}
  applyGradients(gradients: tf.NamedTensorMap): void {
    checkedVariables(gradients, false);
    for (const name of Object.keys(gradients)) if (!this.order.includes(name)) this.order.push(name);
    // tfjs' NamedTensor[] form, with null where a known variable has no gradient this step.
    const list = this.order.map((name) => ({ name, tensor: (gradients[name] as tf.Tensor | undefined) ?? null }));
    this.optimizer.applyGradients(list as unknown as Parameters<tf.Optimizer['applyGradients']>[0]);
  }
  setLearningRate(rate: number): void {
    // tfjs' SGD family has a setter; the others read a field.
    const o = this.optimizer as unknown as { setLearningRate?: (r: number) => void; learningRate: number };
    if (typeof o.setLearningRate === 'function') o.setLearningRate(rate);
    else o.learningRate = rate;
  }
  dispose(): void {
    this.optimizer.dispose();
    // tfjs' MomentumOptimizer.dispose leaves the −learningRate scalar of its SGD parent.
    const c = (this.optimizer as unknown as { c?: tf.Tensor }).c;
    if (c && !c.isDisposed) c.dispose();
  }
}

/**
 * The same four rules on tfjs' wasm backend, one kernel call and one pass over memory per variable (tfjs' take 3 to
 * 16 element-wise kernels per variable: for a 784-256-128-10 network at batch 128, Adam's were a quarter of the
 * step). The new values are bit-identical to tf.train.*'s: the kernel repeats their float32 operations in order.
 */
class WasmStepOptimizer implements StepOptimizer {
  private readonly slots = new Map<string, tf.Tensor[]>();
  private readonly epsilon = tf.backend().epsilon();
  // Adam's β1ᵗ and β2ᵗ, kept in float32 as tfjs keeps them (a scalar variable multiplied by β each step).
  private beta1Power = Math.fround(ADAM_BETA1);
  private beta2Power = Math.fround(ADAM_BETA2);

  constructor(
    private readonly rule: OptimizerName,
    private learningRate: number,
    private readonly valueLoops: boolean,
  ) {
    registerWasmOptimizerStep();
  }

  private constants(): StepConstants {
    const f = Math.fround;
    switch (this.rule) {
      case 'sgd':
        return { rule: 'sgd', negRate: f(-this.learningRate) };
      case 'momentum':
        return { rule: 'momentum', negRate: f(-this.learningRate), momentum: f(MOMENTUM) };
      case 'rmsprop':
        return {
          rule: 'rmsprop',
          rate: f(this.learningRate),
          decay: f(RMSPROP_DECAY),
          oneMinusDecay: f(1 - RMSPROP_DECAY),
          momentum: f(RMSPROP_MOMENTUM),
          epsilon: f(this.epsilon),
        };
      case 'adam':
        return {
          rule: 'adam',
          beta1: f(ADAM_BETA1),
          oneMinusBeta1: f(1 - ADAM_BETA1),
          beta2: f(ADAM_BETA2),
          oneMinusBeta2: f(1 - ADAM_BETA2),
          biasCorrection1: f(1 - this.beta1Power),
          biasCorrection2: f(1 - this.beta2Power),
          epsilon: f(this.epsilon),
          negRate: f(-this.learningRate),
        };
    }
  }

  applyGradients(gradients: tf.NamedTensorMap): void {
    const constants = this.constants();
    const checked = checkedVariables(gradients, true);
    for (const [variable] of checked) {
      const slot = this.slots.get(variable.name)?.[0];
      if (slot && !tf.util.arraysEqual(slot.shape, variable.shape)) {
        throw new RangeError(
          `train: variable "${variable.name}" changed shape since its last step ([${slot.shape.join(', ')}] → [${variable.shape.join(', ')}])`,
        );
      }
    }
    tf.tidy(() => {
      for (const [variable, gradient] of checked) {
        const name = variable.name;
        const previous = this.slots.get(name) ?? [];
        const inputs: tf.NamedTensorMap = { x: variable, g: gradient };
        previous.forEach((s, i) => (inputs[`s${i}`] = s));
        const attrs: StepAttrs = { constants, valueLoops: this.valueLoops };
        const out = tf.engine().runKernel(OPTIMIZER_STEP_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap);
        const [value, ...state] = Array.isArray(out) ? out : [out];
        variable.assign(value);
        previous.forEach((s) => s.dispose());
        if (STATE_SLOTS[this.rule] > 0)
          this.slots.set(
            name,
            state.map((s) => tf.keep(s)),
          );
      }
    });
    if (this.rule === 'adam') {
      this.beta1Power = Math.fround(this.beta1Power * Math.fround(ADAM_BETA1));
      this.beta2Power = Math.fround(this.beta2Power * Math.fround(ADAM_BETA2));
    }
  }

  setLearningRate(rate: number): void {
    this.learningRate = rate;
  }

  dispose(): void {
    for (const state of this.slots.values()) state.forEach((s) => s.dispose());
    this.slots.clear();
  }
}

/**
 * The optimizer `name` at `learningRate`: the one-pass step on the wasm backend, tfjs' own elsewhere. `kind` picks
 * one for tests: tfjs' optimizer on any backend (the reference), or the one-pass step's plain value loops.
 */
export function makeOptimizer(name: OptimizerName, learningRate: number, kind?: 'tfjs' | 'valueLoops'): StepOptimizer {
  checkOneOf('train', 'optimizer', name, NAMES);
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new RangeError(`train: learningRate must be > 0, got ${learningRate}`);
  if (kind === 'tfjs' || tf.getBackend() !== 'wasm') return new TfjsStepOptimizer(tfjsOptimizer(name, learningRate));
  return new WasmStepOptimizer(name, learningRate, kind === 'valueLoops');
}

/** Trainable variables grouped by learning rate: one optimizer per distinct rate (discriminative rates). */
export interface ParameterGroup {
  readonly optimizer: StepOptimizer;
  readonly rate: number;
  readonly variables: tf.Variable[];
}

export function parameterGroups(
  layers: readonly tf.layers.Layer[],
  name: OptimizerName,
  learningRate: number,
  perLayer: Readonly<Record<string, number>> = {},
  extra: readonly tf.Variable[] = [],
): ParameterGroup[] {
  const known = new Set(layers.map((l) => l.name));
  for (const layerName of Object.keys(perLayer)) {
    if (!known.has(layerName))
      throw new RangeError(`train: learningRates names no layer "${layerName}"; layers are ${[...known].join(', ')}`);
  }
  const byRate = new Map<number, tf.Variable[]>();
  if (extra.length > 0) byRate.set(learningRate, [...extra]);
  for (const layer of layers) {
    if (!layer.trainable) continue;
    const rate = perLayer[layer.name] ?? learningRate;
    // A LayerVariable's value is the tf.Variable the optimizer updates.
    const vars = layer.trainableWeights.map((w) => w.read()) as unknown as tf.Variable[];
    if (vars.length === 0) continue;
    byRate.set(rate, [...(byRate.get(rate) ?? []), ...vars]);
  }
  return [...byRate.entries()].map(([rate, variables]) => ({ optimizer: makeOptimizer(name, rate), rate, variables }));
}
