import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { checkOneOf } from '../validation.js';

export type BackendName = 'cpu' | 'wasm' | 'webgl';
export type BackendChoice = BackendName | 'auto';

export interface SelectBackendOptions {
  /** Where the browser finds the `.wasm` files (a folder URL ending in "/" or a map by file name). */
  readonly wasmPaths?: string | Record<string, string>;
}

const BACKENDS: readonly BackendChoice[] = ['auto', 'cpu', 'wasm', 'webgl'];

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof (process.versions as { node?: string } | undefined)?.node === 'string';
}

/**
 * Silences tfjs' one-time console advice to install tfjs-node (a native add-on this project never uses);
 * prod mode only turns off tfjs' own warnings and debug checks.
 */
export function silenceTfjsAdvice(): void {
  if (!tf.env().getBool('PROD')) tf.enableProdMode();
}

/**
 * Chooses the TensorFlow.js backend and waits until it is ready. `auto` takes `wasm` (SIMD, measured about
 * 10× the `cpu` backend here), then `webgl` in a browser, then `cpu`. Returns the backend in use.
 */
export async function selectBackend(choice: BackendChoice = 'auto', options: SelectBackendOptions = {}): Promise<BackendName> {
  checkOneOf('selectBackend', 'backend', choice, BACKENDS);
  silenceTfjsAdvice();
  if (options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths);
  const order: BackendName[] = choice === 'auto' ? (isNode() ? ['wasm', 'cpu'] : ['wasm', 'webgl', 'cpu']) : [choice];
  for (const name of order) {
    if (tf.getBackend() === name) return name;
    let ok: boolean;
    try {
      ok = await tf.setBackend(name);
    } catch {
      ok = false;
    }
    if (ok) {
      await tf.ready();
      return name;
    }
  }
  throw new Error(`selectBackend: backend "${choice}" could not be initialised in this environment`);
}

/** The backend tfjs is using now. */
export function currentBackend(): string {
  return tf.getBackend();
}
