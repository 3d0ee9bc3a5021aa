import type { DenseMatrix, MatrixInput } from '@tlkit/tensor-core';

export type Domain = 'source' | 'target';

export interface FeatureMapFitOptions {
  /** Unlabelled target rows, for the methods that align domains (CORAL, SA, TCA) or learn on both (PCA). */
  readonly targetUnlabeled?: MatrixInput;
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
