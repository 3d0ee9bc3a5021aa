import type { PretrainedComparison, PretrainedMethod } from '@tlkit/experiment';

/** An RGBA picture as the page has it (a canvas, a decoded file, a camera frame). */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

export interface LabelledImage {
  readonly label: string;
  readonly image: RgbaImage;
  /** Drawings and camera frames are centred the MNIST way; dropped files are fitted whole. */
  readonly kind: 'drawing' | 'file' | 'camera';
}

export type ModelChoice =
  { readonly kind: 'backbone'; readonly name: string } | { readonly kind: 'files'; readonly files: readonly File[] };

export type ImageRequest =
  | {
      readonly type: 'train';
      readonly examples: readonly LabelledImage[];
      readonly model: ModelChoice;
      readonly repeats: number;
      readonly epochs: number;
      readonly seed: number;
    }
  | { readonly type: 'predict'; readonly id: number; readonly image: LabelledImage }
  | { readonly type: 'cancel' }
  | { readonly type: 'memory' };

interface Prediction {
  readonly method: PretrainedMethod;
  readonly label: string;
  readonly probability: number;
}

export type ImageReply =
  | { readonly type: 'backend'; readonly backend: string }
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly label: string }
  | {
      readonly type: 'done';
      readonly comparison: PretrainedComparison;
      readonly seconds: number;
      readonly model: string;
      readonly inputShape: readonly number[];
      readonly numTensors: number;
    }
  | { readonly type: 'prediction'; readonly id: number; readonly predictions: readonly Prediction[] }
  | { readonly type: 'memory'; readonly numTensors: number }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'cancelled' };
