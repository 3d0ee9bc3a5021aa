import { maxOf } from '@tlkit/tensor-core';
import type { DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, compareLabels, type ClassLabel } from '@tlkit/ridge';
import { ParameterTransfer } from '@tlkit/transfer-param';
import { logME, oneHot } from './logme.js';
import type { Labels } from './methods/method.js';
import { classOrder, type NamedSource, type TaskKind } from './experiment-data.js';

export type { NamedSource } from './experiment-data.js';

export interface SourceRank {
  readonly name: string;
  readonly rows: number;
  /** log p(y_target | prior at this source's weights) − log p(y_target | prior at 0), each at its best λ. */
  readonly logEvidenceRatio: number;
  /** The pull λ parameter transfer chose toward this source (∞: kept; 0: ignored). */
  readonly lambda: number;
  /** LogME of the source model's outputs on the labelled target rows. */
  readonly logme: number;
  /** Posterior probability of this source's prior among the sources and "no source" (equal prior odds). */
  readonly posterior: number;
}

export interface SourceRanking {
  /** Best first, by the evidence. */
  readonly sources: readonly SourceRank[];
  /** Posterior probability that no source's weights help (the zero prior: target-only ridge). */
  readonly none: number;
}

export type SourceHead = RidgeCV | RidgeClassifierCV;

export interface RankSourcesOptions {
  /** The sources' fitted ridge models, in the order of `sources` (default: ridge by the evidence on each). */
  readonly models?: readonly SourceHead[];
  /**
   * Classification: the classes parameter transfer fits (default those of the labelled rows). LogME always uses the
   * classes present, since a class no labelled row has gives a constant column whose evidence is undefined.
   */
  readonly classes?: readonly ClassLabel[];
}

/** Ridge on one source, alpha by the evidence (a classifier over the source's own classes). */
export function fitSourceHead(task: TaskKind, s: NamedSource): SourceHead {
  if (task === 'regression') return new RidgeCV({ cv: 'evidence' }).fit(s.X, s.y as Float64Array);
  const classes = [...new Set(s.y as readonly ClassLabel[])].sort(compareLabels);
  return new RidgeClassifierCV({ cv: 'evidence', classes }).fit(s.X, s.y as readonly ClassLabel[]);
}

function check(fn: string, sources: readonly NamedSource[], Xl: DenseMatrix, yl: Labels, models: readonly SourceHead[] | undefined): void {
  if (sources.length === 0) throw new RangeError(`${fn}: give at least one source`);
  if (Xl.rows < 2) throw new RangeError(`${fn}: the evidence needs at least 2 labelled target rows, got ${Xl.rows}`);
  if (yl.length !== Xl.rows) throw new RangeError(`${fn}: yl has ${yl.length} rows, Xl has ${Xl.rows}`);
  if (models && models.length !== sources.length) throw new RangeError(`${fn}: ${models.length} models for ${sources.length} sources`);
  const names = new Set<string>();
  for (const s of sources) {
    if (names.has(s.name)) throw new RangeError(`${fn}: two sources are named "${s.name}"`);
    names.add(s.name);
    if (s.X.cols !== Xl.cols) throw new RangeError(`${fn}: source "${s.name}" has ${s.X.cols} columns, the target ${Xl.cols}`);
    if (s.y.length !== s.X.rows) throw new RangeError(`${fn}: source "${s.name}" has ${s.y.length} labels for ${s.X.rows} rows`);
  }
}

/**
 * Several sources ranked on the labelled target rows alone: for each, parameter transfer toward its ridge model (the
 * evidence of the prior at its weights against the prior at 0) and LogME of its outputs. The posterior over "which
 * prior" — each source, or none — is the normalised evidence with equal prior odds (Bayesian model comparison).
 */
export function rankSources(
  task: TaskKind,
  sources: readonly NamedSource[],
  Xl: DenseMatrix,
  yl: Labels,
  options: RankSourcesOptions = {},
): SourceRanking {
  check('rankSources', sources, Xl, yl, options.models);
  const present = task === 'classification' ? [...new Set(yl as readonly ClassLabel[])].sort(compareLabels) : undefined;
  const classes = options.classes ?? present;
  const raw = sources.map((s, i) => {
    const model = options.models?.[i] ?? fitSourceHead(task, s);
    const transfer = new ParameterTransfer(model, { scaler: 'none', ...(classes ? { classes } : {}) }).fit(Xl, yl);
    const features = model instanceof RidgeClassifierCV ? model.decisionFunction(Xl) : model.predictMatrix(Xl);
    const targets = present ? oneHot(yl as readonly ClassLabel[], present) : (yl as Float64Array);
    return {
      name: s.name,
      rows: s.X.rows,
      logEvidenceRatio: transfer.logEvidenceRatio,
      lambda: transfer.alpha,
      logme: logME(features, targets).logme,
    };
  });
  const top = maxOf(
    raw.map((r) => r.logEvidenceRatio),
    0,
  );
  const odds = raw.map((r) => Math.exp(r.logEvidenceRatio - top));
  const noneOdds = Math.exp(-top);
  const total = odds.reduce((a, b) => a + b, noneOdds);
  const ranked = raw.map((r, i) => ({ ...r, posterior: odds[i] / total })).sort((a, b) => b.logEvidenceRatio - a.logEvidenceRatio);
  return { sources: ranked, none: noneOdds / total };
}

export interface MultiSourcePrior {
  readonly model: SourceHead;
  readonly ranking: SourceRanking;
  /** The source with the largest posterior, when it beats "no source"; undefined when the target rows favour none. */
  readonly leanedOn: string | undefined;
  /** Each source's weight π in the prior, by name (they and `ranking.none` sum to one). */
  readonly shares: Readonly<Record<string, number>>;
}

export interface MultiSourcePriorOptions extends RankSourcesOptions {
  /** Classification: the target model's classes (default every source's and the labelled rows' classes, `classOrder`). */
  readonly classes?: readonly ClassLabel[];
}

/** One row per class of Σ_j π_j·W_j: each source's row for a class it knows, zeros for one it never saw. */
function classPrior(models: readonly SourceHead[], pis: readonly number[], classes: readonly ClassLabel[], d: number): number[][] {
  const rows = classes.map(() => new Array<number>(d).fill(0));
  models.forEach((m, j) => {
    const own = (m as RidgeClassifierCV).classes;
    const W = m.coefMatrix.data;
    classes.forEach((c, r) => {
      const i = own.indexOf(c);
      if (i >= 0) for (let f = 0; f < d; f++) rows[r][f] += pis[j] * W[i * d + f];
    });
  });
  return rows;
}

/**
 * Multi-source parameter transfer: ridge on the labelled target rows pulled toward Σ_j π_j·w_j, the sources' weights
 * averaged by their posterior π (and 0 for "no source"), λ by the evidence over the grid of parameter transfer (0 and
 * ∞ included). Regression (yl a Float64Array) or classification (labels): one-vs-rest ±1 ridge heads as in
 * `ParameterTransfer`, one prior row per class.
 */
export function fitMultiSourcePrior(
  sources: readonly NamedSource[],
  Xl: DenseMatrix,
  yl: Labels,
  options: MultiSourcePriorOptions = {},
): MultiSourcePrior {
  const task: TaskKind = yl instanceof Float64Array ? 'regression' : 'classification';
  check('fitMultiSourcePrior', sources, Xl, yl, options.models);
  const models = options.models ?? sources.map((s) => fitSourceHead(task, s));
  const classes =
    task === 'classification'
      ? (options.classes ??
        classOrder(
          sources.flatMap((s) => s.y as readonly ClassLabel[]),
          yl as readonly ClassLabel[],
        ))
      : undefined;
  const ranking = rankSources(task, sources, Xl, yl, { models, ...(classes ? { classes } : {}) });
  const pis = sources.map((s) => ranking.sources.find((r) => r.name === s.name)?.posterior ?? 0);
  const d = Xl.cols;
  let model: SourceHead;
  if (classes) {
    const prior = { coef: classPrior(models, pis, classes, d) };
    model = new RidgeClassifierCV({ cv: 'evidence', alphas: 'auto', classes, prior }).fit(Xl, yl as readonly ClassLabel[]);
  } else {
    const coef = new Float64Array(d);
    models.forEach((m, j) => {
      const w = m.coefMatrix.data;
      for (let f = 0; f < d; f++) coef[f] += pis[j] * w[f];
    });
    model = new RidgeCV({ cv: 'evidence', alphas: 'auto', prior: { coef } }).fit(Xl, yl as Float64Array);
  }
  const best = ranking.sources[0];
  return {
    model,
    ranking,
    leanedOn: best.posterior > ranking.none ? best.name : undefined,
    shares: Object.fromEntries(sources.map((s, j) => [s.name, pis[j]])),
  };
}
