export { RidgeRegression, type RidgeRegressionOptions, type RidgeRegressionJSON } from './ridge-regression.js';
export { RidgeCV, autoAlphas, type RidgeCVOptions, type RidgeCVCriterion, type RidgeCVJSON, type AlphaCurve } from './ridge-cv.js';
export {
  RidgeClassifier,
  RidgeClassifierCV,
  compareLabels,
  type ClassLabel,
  type RidgeClassifierBaseOptions,
  type RidgeClassifierOptions,
  type RidgeClassifierCVOptions,
  type RidgeClassifierJSON,
  type RidgeClassifierCVJSON,
} from './ridge-classifier.js';
export { RidgeAccumulator } from './ridge-accumulator.js';
export { type RidgeMoments } from './ridge-moments.js';
export { LinearModel, type LinearSolution, type LinearOutput, type SingleOutputTargets, type MultiOutputTargets } from './linear-model.js';
export type { RidgePrior } from './prior.js';
export type { FitOptions } from './fit-input.js';
export type { RidgeSolver } from './internal/solve.js';
export {
  useKernels,
  kernels as activeKernels,
  plainKernels,
  fastKernels,
  type ApproximateDualSystem,
  type ApproximateSystem,
  type RidgeKernels,
} from './internal/kernels.js';
export { hasWasmSimd } from './internal/wasm-module.js';
