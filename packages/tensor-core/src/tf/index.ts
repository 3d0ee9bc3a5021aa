export {
  selectBackend,
  currentBackend,
  silenceTfjsAdvice,
  type BackendName,
  type BackendChoice,
  type SelectBackendOptions,
} from './backend.js';
export { toTensor2D, fromTensor2D } from './tensor-conversion.js';
