import { maxOf } from '@tlkit/tensor-core';
import type { DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, compareLabels, type ClassLabel } from '@tlkit/ridge';
import { ParameterTransfer } from '@tlkit/transfer-param';
import { logME, oneHot } from './logme.js';
import type { Labels } from './methods/method.js';
import type { TaskKind } from './experiment-data.js';

/** One source among several: its rows and labels, in the target's columns. */
export interface NamedSource {
  readonly name: string;
  readonly X: DenseMatrix;
  readonly y: Labels;
}

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

function sourceModel(task: TaskKind, s: NamedSource): RidgeCV | RidgeClassifierCV {
  if (task === 'regression') return new RidgeCV({ cv: 'evidence' }).fit(s.X, s.y as Float64Array);
  const classes = [...new Set(s.y as readonly ClassLabel[])].sort(compareLabels);
  return new RidgeClassifierCV({ cv: 'evidence', classes }).fit(s.X, s.y as readonly ClassLabel[]);
}

function check(sources: readonly NamedSource[], Xl: DenseMatrix, yl: Labels): void {
  const fn = 'rankSources';
  if (sources.length === 0) throw new RangeError(`${fn}: give at least one source`);
  if (Xl.rows < 2) throw new RangeError(`${fn}: the evidence needs at least 2 labelled target rows, got ${Xl.rows}`);
  if (yl.length !== Xl.rows) throw new RangeError(`${fn}: yl has ${yl.length} rows, Xl has ${Xl.rows}`);
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
export function rankSources(task: TaskKind, sources: readonly NamedSource[], Xl: DenseMatrix, yl: Labels): SourceRanking {
  check(sources, Xl, yl);
  const classes = task === 'classification' ? [...new Set(yl as readonly ClassLabel[])].sort(compareLabels) : undefined;
  const raw = sources.map((s) => {
    const model = sourceModel(task, s);
    const transfer = new ParameterTransfer(model, { scaler: 'none', ...(classes ? { classes } : {}) }).fit(Xl, yl);
    const features = model instanceof RidgeClassifierCV ? model.decisionFunction(Xl) : model.predictMatrix(Xl);
    const targets = classes ? oneHot(yl as readonly ClassLabel[], classes) : (yl as Float64Array);
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

/**
 * Multi-source parameter transfer for regression: ridge on the labelled target rows pulled toward Σ_j π_j·w_j, the
 * sources' weights averaged by their posterior π (and 0 for "no source"), λ by the evidence. `leanedOn` names the source
 * with the largest π.
 */
export function fitMultiSourcePrior(
  sources: readonly NamedSource[],
  Xl: DenseMatrix,
  yl: Float64Array,
): { model: RidgeCV; ranking: SourceRanking; leanedOn: string | undefined } {
  const ranking = rankSources('regression', sources, Xl, yl);
  const d = Xl.cols;
  const coef = new Float64Array(d);
  let intercept = 0;
  for (const s of sources) {
    const pi = ranking.sources.find((r) => r.name === s.name)?.posterior ?? 0;
    const m = new RidgeCV({ cv: 'evidence' }).fit(s.X, s.y as Float64Array);
    const w = m.coefMatrix.data;
    for (let j = 0; j < d; j++) coef[j] += pi * w[j];
    intercept += pi * (m.intercept as number);
  }
  const model = new RidgeCV({ cv: 'evidence', prior: { coef, intercept } }).fit(Xl, yl);
  const best = ranking.sources[0];
  return { model, ranking, leanedOn: best.posterior > ranking.none ? best.name : undefined };
}
