import {
  NotFittedError,
  checkOneOf,
  checkSavedHeader,
  vstack,
  type DenseMatrix,
  type MatrixInput,
  type VectorInput,
} from '@tlkit/tensor-core';
import {
  RidgeCV,
  RidgeClassifierCV,
  type ClassLabel,
  type RidgeCVCriterion,
  type RidgeCVJSON,
  type RidgeClassifierCVJSON,
} from '@tlkit/ridge';
import type { FeatureMap, FeatureMapJSON } from './feature-map.js';
import { featureMapFromJSON } from './map-json.js';
import { rowsOf } from './internal/statistics.js';

export type HeadKind = 'regression' | 'classification';

/** What `predict` returns for a head kind: values for regression, labels for classification. */
export type HeadPrediction<K extends HeadKind> = K extends 'regression' ? Float64Array : ClassLabel[];

/** The head kind labels imply when no `head` option fixes it: numbers are regressed, texts classified. */
export type HeadKindOf<Y> = Y extends readonly string[]
  ? 'classification'
  : Y extends Float64Array | readonly number[]
    ? 'regression'
    : HeadKind;

type FittedKind<K extends HeadKind, Y> = HeadKind extends K ? HeadKindOf<Y> : K;

export interface LabelledRows {
  readonly X: MatrixInput;
  readonly y: VectorInput | readonly ClassLabel[];
}

export interface FeatureTransferOptions<K extends HeadKind = HeadKind> {
  readonly map: FeatureMap;
  /** The head's task; default: classification when the labels are not numbers. */
  readonly head?: K;
  /** Train the head on the mapped source and target rows (default) or on the target rows only. */
  readonly train?: 'source+target' | 'target';
  /** How the head's alpha is chosen (default 'loo'). */
  readonly cv?: RidgeCVCriterion;
  /** Classification: the class order of the head's decision columns (default: the sorted labels of the fit). */
  readonly classes?: readonly ClassLabel[];
}

export interface FeatureTransferFitOptions {
  /** More unlabelled target rows for the map (the labelled target rows are always used as well). */
  readonly targetUnlabeled?: MatrixInput;
  /** The map's store for work on the source rows alone, kept between fits on the same source rows (see FeatureMapFitOptions). */
  readonly sourceCache?: Map<string, unknown>;
}

export interface FeatureTransferJSON {
  readonly kind: 'FeatureTransfer';
  readonly version: 1;
  readonly headKind: HeadKind;
  readonly train: 'source+target' | 'target';
  /** Absent in older files: 'loo'. */
  readonly cv?: RidgeCVCriterion;
  readonly classes?: ClassLabel[];
  readonly map: FeatureMapJSON;
  readonly head: RidgeCVJSON | RidgeClassifierCVJSON;
}

type Head = RidgeCV | RidgeClassifierCV;

/** labels.push(...values) without spreading, which overflows the call stack past about 10^5 values. */
function appendAll(labels: (number | ClassLabel)[], values: ArrayLike<number | ClassLabel>): void {
  for (let i = 0; i < values.length; i++) labels.push(values[i]);
}

function isNumeric(y: VectorInput | readonly ClassLabel[]): boolean {
  return !Array.isArray(y) || (y as readonly unknown[]).every((v) => typeof v === 'number');
}

/**
 * Feature transfer: fit a feature map on the source (and unlabelled target rows), map both domains, and fit a ridge
 * regressor or ridge classifier head (alpha by CV) on the mapped rows. `predict` maps target rows and applies the head.
 *
 * ```ts
 * const ft = new FeatureTransfer({ map: new CORAL() }).fit(source, target, { targetUnlabeled });
 * ft.predict(Xtarget); // Float64Array for numeric labels, ClassLabel[] for text labels or head: 'classification'
 * ```
 */
export class FeatureTransfer<K extends HeadKind = HeadKind> {
  readonly map: FeatureMap;
  readonly train: 'source+target' | 'target';
  readonly cv: RidgeCVCriterion;
  readonly classes: readonly ClassLabel[] | undefined;
  private readonly headOption: HeadKind | undefined;
  private head: Head | undefined;

  constructor(options: FeatureTransferOptions<K>) {
    this.map = options.map;
    this.headOption = options.head;
    this.train = checkOneOf('FeatureTransfer', 'train', options.train ?? 'source+target', ['source+target', 'target']);
    this.cv = options.cv ?? 'loo';
    this.classes = options.classes ? [...options.classes] : undefined;
  }

  get headKind(): HeadKind {
    if (!this.head) throw new NotFittedError('FeatureTransfer', 'headKind');
    return this.head instanceof RidgeClassifierCV ? 'classification' : 'regression';
  }

  /** The fitted head (RidgeCV or RidgeClassifierCV). */
  get model(): Head {
    if (!this.head) throw new NotFittedError('FeatureTransfer', 'model');
    return this.head;
  }

  /**
   * Fits the map and the head. `target` may be omitted (or have no rows) for unsupervised domain adaptation: the
   * head then learns from the mapped source rows only.
   */
  fit<Y extends VectorInput | readonly ClassLabel[]>(
    source: { readonly X: MatrixInput; readonly y: Y },
    target?: LabelledRows,
    options: FeatureTransferFitOptions = {},
  ): FeatureTransfer<FittedKind<K, Y>> {
    const fn = 'FeatureTransfer.fit';
    // Borrowed: these rows are only handed on to the map (which copies what it keeps) and read.
    const Xs = rowsOf(fn, source.X, undefined, 'source.X', true);
    const Xt = target ? rowsOf(fn, target.X, Xs.cols, 'target.X', true) : undefined;
    const extra = options.targetUnlabeled === undefined ? undefined : rowsOf(fn, options.targetUnlabeled, Xs.cols, 'targetUnlabeled', true);
    const unlabeled = [Xt, extra].filter((m): m is DenseMatrix => m !== undefined && m.rows > 0);
    const cache = options.sourceCache ? { sourceCache: options.sourceCache } : {};
    this.map.fit(Xs, unlabeled.length > 0 ? { targetUnlabeled: vstack(unlabeled), ...cache } : cache);
    const parts: DenseMatrix[] = [];
    const labels: (number | ClassLabel)[] = [];
    if (this.train === 'source+target' || !Xt) {
      parts.push(this.map.transform(Xs, { domain: 'source' }));
      appendAll(labels, source.y as ArrayLike<number | ClassLabel>);
    }
    if (Xt && target && Xt.rows > 0) {
      parts.push(this.map.transform(Xt, { domain: 'target' }));
      appendAll(labels, target.y as ArrayLike<number | ClassLabel>);
    }
    if (this.train === 'target' && (!Xt || Xt.rows === 0)) throw new RangeError(`${fn}: train 'target' needs labelled target rows`);
    const Z = vstack(parts);
    const kind = this.headOption ?? (isNumeric(source.y) ? 'regression' : 'classification');
    this.head =
      kind === 'classification'
        ? new RidgeClassifierCV({ cv: this.cv, ...(this.classes ? { classes: this.classes } : {}) }).fit(Z, labels)
        : new RidgeCV({ cv: this.cv }).fit(Z, Float64Array.from(labels as number[]));
    return this as unknown as FeatureTransfer<FittedKind<K, Y>>;
  }

  /** Maps target rows and predicts: values for regression, labels for classification. */
  predict(X: MatrixInput): HeadPrediction<K> {
    const head = this.model;
    const Z = this.map.transform(X, { domain: 'target' });
    // The regression head is always fitted on one label vector, so it predicts a vector.
    return (head instanceof RidgeClassifierCV ? head.predict(Z) : head.predict(Z)) as HeadPrediction<K>;
  }

  /** R² for regression, accuracy for classification, on target rows. */
  score(X: MatrixInput, y: VectorInput | readonly ClassLabel[]): number {
    const head = this.model;
    const Z = this.map.transform(X, { domain: 'target' });
    return head instanceof RidgeClassifierCV ? head.score(Z, y as readonly ClassLabel[]) : head.score(Z, y as VectorInput);
  }

  /** Frees the TensorFlow.js memory the pipeline made: a network embedding it loaded (fromJSON). */
  dispose(): void {
    this.map.dispose?.();
  }

  toJSON(): FeatureTransferJSON {
    const head = this.model;
    return {
      kind: 'FeatureTransfer',
      version: 1,
      headKind: this.headKind,
      train: this.train,
      cv: this.cv,
      ...(this.classes ? { classes: [...this.classes] } : {}),
      map: this.map.toJSON(),
      head: head.toJSON(),
    };
  }

  /** Rebuilds a saved pipeline (async: a network embedding has to load its network). */
  static async fromJSON(json: unknown): Promise<FeatureTransfer> {
    const j = checkSavedHeader('FeatureTransfer.fromJSON', json, { kind: 'FeatureTransfer', version: 1 }) as Partial<FeatureTransferJSON>;
    if (!j.map || !j.head) throw new TypeError('FeatureTransfer.fromJSON: map and head are required');
    const map = await featureMapFromJSON(j.map);
    try {
      const out = new FeatureTransfer({
        map,
        head: j.headKind,
        train: j.train,
        cv: j.cv ?? 'loo',
        ...(j.classes ? { classes: j.classes } : {}),
      });
      out.head = j.head.kind === 'RidgeClassifierCV' ? RidgeClassifierCV.fromJSON(j.head) : RidgeCV.fromJSON(j.head);
      return out;
    } catch (error) {
      map.dispose?.();
      throw error;
    }
  }
}
