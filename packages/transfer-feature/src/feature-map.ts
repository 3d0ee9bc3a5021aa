import type { DenseMatrix, MatrixInput } from '@tlkit/tensor-core';

export type Domain = 'source' | 'target';

export interface FeatureMapFitOptions {
  /** Unlabelled target rows, for the methods that align domains (CORAL, SA, TCA) or learn on both (PCA). */
  readonly targetUnlabeled?: MatrixInput;
  /**
   * A store the caller keeps between fits on the same source rows (say, one per draw of target rows): a map puts there
   * what it computes from the source rows alone (CORAL's whitening, subspace alignment's source axes) and takes it
   * back on the next fit instead of computing it again. Pass one store with one set of source rows only.
   */
  readonly sourceCache?: Map<string, unknown>;
}

/** A value computed from the source rows alone, taken from `cache` under `key` when there, else computed (and kept). */
export function fromSourceCache<T>(cache: Map<string, unknown> | undefined, key: string, compute: () => T): T {
  if (!cache) return compute();
  if (cache.has(key)) return cache.get(key) as T;
  const value = compute();
  cache.set(key, value);
  return value;
}

export interface TransformOptions {
  /** Which domain the rows come from (default 'target'): some maps treat the two differently. */
  readonly domain?: Domain;
}

/** A saved feature map: plain JSON with `kind` and `version`. */
export interface FeatureMapJSON {
  readonly kind: string;
  readonly version: number;
}

/** One interface for every feature map: learn from the source (and unlabelled target rows), map either domain. */
export interface FeatureMap {
  readonly kind: string;
  readonly isFitted: boolean;
  /** Width of the mapped rows. */
  readonly outputDim: number;
  fit(source: MatrixInput, options?: FeatureMapFitOptions): this;
  transform(X: MatrixInput, options?: TransformOptions): DenseMatrix;
  toJSON(): FeatureMapJSON;
  /** Frees what the map made itself (TensorFlow.js memory); maps on plain arrays have nothing to free. */
  dispose?(): void;
}
