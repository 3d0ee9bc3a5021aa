import {
  NotFittedError,
  accuracy,
  checkOneOf,
  r2Score,
  vstack,
  type DenseMatrix,
  type MatrixInput,
  type VectorInput,
} from '@tlkit/tensor-core';
import type { ClassLabel, RidgeCVCriterion } from '@tlkit/ridge';
import {
  checkLearner,
  classifierFromJSON,
  fitClassifier,
  fitRegressor,
  predictValues,
  regressorFromJSON,
  type Classifier,
  type ClassifierJSON,
  type LearnerSpec,
  type Regressor,
  type RegressorJSON,
} from './internal/base-learner.js';
import { checkHeader } from './internal/json.js';
import { readClassRows, readRegressionRows, sortedClasses, type LabelledRows } from './internal/labelled-rows.js';
import { numbersFrom, rowsOf } from './internal/rows.js';
import { DomainClassifierWeighting } from './domain-classifier.js';
import type { InstanceWeighting, InstanceWeightingJSON } from './instance-weighting.js';
import { KLIEP } from './kliep.js';
import { KMM } from './kmm.js';
import { RuLSIF, ULSIF } from './lsif.js';
import { weightingFromJSON } from './weighting-json.js';

export type WeightingName = 'domain-classifier' | 'kmm' | 'kliep' | 'ulsif' | 'rulsif';
export const WEIGHTING_NAMES: readonly WeightingName[] = ['domain-classifier', 'kmm', 'kliep', 'ulsif', 'rulsif'];
export type HeadKind = 'regression' | 'classification';

export interface InstanceTransferOptions {
  /** The importance weighting: a method name (default 'domain-classifier') or a configured weighting. */
  readonly weighting?: InstanceWeighting | WeightingName;
  /** The head's task; default: classification when the labels are not numbers. */
  readonly head?: HeadKind;
  /** A fixed ridge alpha for the head; default: alpha by `cv` on the weighted rows. */
  readonly alpha?: number;
  /** How the head's alpha is chosen (default 'evidence'). */
  readonly cv?: RidgeCVCriterion;
  /** Weight of each labelled target row relative to the mean source weight (default 1). */
  readonly targetWeight?: number;
  /** Classification: the class order; default the sorted labels of both domains. */
  readonly classes?: readonly ClassLabel[];
  /** Seed passed to a weighting made from its name. */
  readonly seed?: number;
}

export interface InstanceTransferFitOptions {
  /** Unlabelled target rows for the weighting (the labelled target rows are always used as well). */
  readonly targetUnlabeled?: MatrixInput;
}

export interface InstanceTransferJSON {
  readonly kind: 'InstanceTransfer';
  readonly version: 1;
  readonly options: { head: HeadKind; alpha: number | null; cv: RidgeCVCriterion; targetWeight: number; classes: ClassLabel[] | null };
  readonly weighting: InstanceWeightingJSON;
  readonly model: RegressorJSON | ClassifierJSON;
  readonly sourceWeights: number[];
}

interface State {
  head: HeadKind;
  model: Regressor | Classifier;
  sourceWeights: Float64Array;
  width: number;
}

export function makeWeighting(name: WeightingName, seed = 0): InstanceWeighting {
  switch (checkOneOf('InstanceTransfer', 'weighting', name, WEIGHTING_NAMES)) {
    case 'domain-classifier':
      return new DomainClassifierWeighting({ seed });
    case 'kmm':
      return new KMM({ seed });
    case 'kliep':
      return new KLIEP({ seed });
    case 'ulsif':
      return new ULSIF({ seed });
    case 'rulsif':
      return new RuLSIF({ seed });
  }
}

function isNumeric(y: VectorInput | readonly ClassLabel[]): boolean {
  return !Array.isArray(y) || (y as readonly unknown[]).every((v) => typeof v === 'number');
}

/**
 * Instance transfer by importance weighting (Shimodaira 2000; Sugiyama et al. 2007): the weighting estimates
 * p_target(x)/p_source(x) at the source rows from the source rows and the target rows (labelled and unlabelled), and
 * a ridge head is fitted to the source rows under those weights (scaled to mean 1) together with the labelled target
 * rows (weight `targetWeight` each). With no labelled target rows it is unsupervised covariate-shift adaptation.
 */
export class InstanceTransfer {
  readonly weighting: InstanceWeighting;
  readonly learner: LearnerSpec;
  readonly targetWeight: number;
  private readonly headOption: HeadKind | undefined;
  private readonly fixedClasses: readonly ClassLabel[] | undefined;
  private state: State | undefined;

  constructor(options: InstanceTransferOptions = {}) {
    const fn = 'InstanceTransfer';
    const w = options.weighting ?? 'domain-classifier';
    this.weighting = typeof w === 'string' ? makeWeighting(w, options.seed) : w;
    this.learner = checkLearner(fn, options.alpha, options.cv);
    this.headOption =
      options.head === undefined ? undefined : checkOneOf<HeadKind>(fn, 'head', options.head, ['regression', 'classification']);
    const tw = options.targetWeight ?? 1;
    if (typeof tw !== 'number' || !(tw >= 0) || !Number.isFinite(tw))
      throw new RangeError(`${fn}: targetWeight must be a finite number ≥ 0, got ${tw}`);
    this.targetWeight = tw;
    this.fixedClasses = options.classes ? [...options.classes] : undefined;
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  get headKind(): HeadKind {
    return this.fitted('headKind').head;
  }

  /** The fitted ridge head. */
  get model(): Regressor | Classifier {
    return this.fitted('model').model;
  }

  /** The weights the head gave the source rows (the weighting's, scaled to mean 1). */
  get sourceWeights(): Float64Array {
    return this.fitted('sourceWeights').sourceWeights;
  }

  /** Kish's effective number of source rows, (Σw)²/Σw²: how many equally weighted rows the weights are worth. */
  get effectiveSourceRows(): number {
    const w = this.sourceWeights;
    let s = 0;
    let s2 = 0;
    for (const v of w) {
      s += v;
      s2 += v * v;
    }
    return s2 > 0 ? (s * s) / s2 : 0;
  }

  fit(source: LabelledRows, target?: LabelledRows, options: InstanceTransferFitOptions = {}): this {
    const fn = 'InstanceTransfer.fit';
    const head = this.headOption ?? (isNumeric(source.y) ? 'regression' : 'classification');
    const read = head === 'regression' ? readRegressionRows : readClassRows;
    const src = read(fn, source, undefined, 'source');
    const tgt = target ? read(fn, target, src.X.cols, 'target') : undefined;
    const extra =
      options.targetUnlabeled === undefined ? undefined : rowsOf(fn, options.targetUnlabeled, src.X.cols, 'targetUnlabeled', true);
    const targetRows = [tgt?.X, extra].filter((m): m is DenseMatrix => m !== undefined && m.rows > 0);
    if (targetRows.length === 0) throw new RangeError(`${fn}: the weighting needs target rows (labelled, or targetUnlabeled)`);
    this.weighting.fit(src.X, vstack(targetRows));
    const raw = this.weighting.weights;
    let mean = 0;
    for (const v of raw) mean += v;
    mean /= raw.length;
    if (!(mean > 0)) throw new RangeError(`${fn}: the ${this.weighting.kind} weights of the source rows are all zero`);
    const sourceWeights = raw.map((v) => v / mean);
    const m = tgt ? tgt.X.rows : 0;
    const w = new Float64Array(src.X.rows + m);
    w.set(sourceWeights);
    w.fill(this.targetWeight, src.X.rows);
    const X = m > 0 && tgt ? vstack([src.X, tgt.X]) : src.X;
    let model: Regressor | Classifier;
    if (head === 'regression') {
      const y = Float64Array.from([...(src.y as Float64Array), ...((tgt?.y ?? []) as Float64Array)]);
      model = fitRegressor(this.learner, X, y, w);
    } else {
      const y = [...(src.y as readonly ClassLabel[]), ...((tgt?.y ?? []) as readonly ClassLabel[])];
      model = fitClassifier(this.learner, this.fixedClasses ?? sortedClasses(y), X, y, w);
    }
    this.state = { head, model, sourceWeights, width: src.X.cols };
    return this;
  }

  /** Values for regression, labels for classification. */
  predict(X: MatrixInput): Float64Array | ClassLabel[] {
    const s = this.fitted('predict');
    const rows = rowsOf('InstanceTransfer.predict', X, s.width, 'X', true);
    return s.head === 'regression' ? predictValues(s.model as Regressor, rows) : (s.model as Classifier).predict(rows);
  }

  /** R² for regression, accuracy for classification. */
  score(X: MatrixInput, y: VectorInput | readonly ClassLabel[]): number {
    const predicted = this.predict(X);
    return this.fitted('score').head === 'regression'
      ? r2Score(Float64Array.from(y as ArrayLike<number>), predicted as Float64Array)
      : accuracy(y as readonly ClassLabel[], predicted);
  }

  toJSON(): InstanceTransferJSON {
    const s = this.fitted('toJSON');
    return {
      kind: 'InstanceTransfer',
      version: 1,
      options: {
        head: s.head,
        alpha: this.learner.alpha ?? null,
        cv: this.learner.cv,
        targetWeight: this.targetWeight,
        classes: this.fixedClasses ? [...this.fixedClasses] : null,
      },
      weighting: this.weighting.toJSON(),
      model: s.model.toJSON(),
      sourceWeights: Array.from(s.sourceWeights),
    };
  }

  static fromJSON(json: unknown): InstanceTransfer {
    const fn = 'InstanceTransfer.fromJSON';
    checkHeader(fn, json, 'InstanceTransfer', 1);
    const j = json as InstanceTransferJSON;
    const o = j.options;
    const out = new InstanceTransfer({
      weighting: weightingFromJSON(j.weighting),
      head: o.head,
      alpha: o.alpha ?? undefined,
      cv: o.cv,
      targetWeight: o.targetWeight,
      ...(o.classes ? { classes: o.classes } : {}),
    });
    const model = o.head === 'regression' ? regressorFromJSON(j.model as RegressorJSON) : classifierFromJSON(j.model as ClassifierJSON);
    out.state = { head: o.head, model, sourceWeights: numbersFrom(fn, j.sourceWeights, 'sourceWeights'), width: model.coefMatrix.cols };
    return out;
  }

  private fitted(method: string): State {
    if (!this.state) throw new NotFittedError('InstanceTransfer', method);
    return this.state;
  }
}
