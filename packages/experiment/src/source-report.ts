import type { ExperimentData } from './experiment-data.js';
import { ALL_SOURCES, NO_SOURCE } from './source-keys.js';
import type { SourceRanking } from './multi-source.js';
import type { MethodResult, SizeSummary } from './report.js';

/** One source at one size, over the draws: the ranking of `rankSources` on each draw's labelled rows, averaged. */
export interface SourceStanding {
  readonly name: string;
  readonly rows: number;
  /** Mean over draws of log p(y | prior at this source's weights) − log p(y | prior at 0). */
  readonly logEvidenceRatio: number;
  /** Mean posterior probability of this source's prior (the sources and "no source" sum to one). */
  readonly posterior: number;
  /** Mean LogME of the source model's outputs on the labelled rows (its transferability). */
  readonly logme: number;
  /** The draws in which it ranked first by the evidence. */
  readonly rankedFirst: number;
}

export interface SourceRankingAtSize {
  readonly size: number;
  /** The draws ranked (sizes below 2 labelled rows have no evidence to rank by). */
  readonly draws: number;
  /** Best first, by mean posterior. */
  readonly sources: readonly SourceStanding[];
  /** Mean posterior of "no source". */
  readonly none: number;
}

/** Which source a fitted model leaned on at one size: per draw its largest share, counted; and the mean shares. */
export interface SourceReliance {
  readonly size: number;
  readonly method: string;
  /** The model the size's verdict is about (auto's choice, or the best of the family). */
  readonly chosen: boolean;
  /** The most frequent over draws: a source's name, NO_SOURCE ("(none)") or ALL_SOURCES (the sources stacked as one). */
  readonly leanedOn: string;
  readonly counts: Readonly<Record<string, number>>;
  /** Mean share of each source (and of NO_SOURCE / ALL_SOURCES) in the model, over draws. */
  readonly shares: Readonly<Record<string, number>>;
}

export interface SourcesReport {
  readonly names: readonly string[];
  readonly rows: readonly number[];
  readonly ranking: readonly SourceRankingAtSize[];
  readonly reliance: readonly SourceReliance[];
}

function mostFrequent(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? NO_SOURCE;
}

function rankingAt(size: number, names: readonly string[], rows: readonly number[], draws: readonly SourceRanking[]): SourceRankingAtSize {
  const n = draws.length;
  const sources = names.map((name, j) => {
    const of = draws.map((d) => d.sources.find((s) => s.name === name));
    const mean = (f: (s: NonNullable<(typeof of)[number]>) => number) => of.reduce((a, s) => a + (s ? f(s) : 0), 0) / n;
    return {
      name,
      rows: rows[j],
      logEvidenceRatio: mean((s) => s.logEvidenceRatio),
      posterior: mean((s) => s.posterior),
      logme: mean((s) => s.logme),
      rankedFirst: draws.filter((d) => d.sources[0]?.name === name).length,
    };
  });
  sources.sort((a, b) => b.posterior - a.posterior);
  return { size, draws: n, sources, none: draws.reduce((a, d) => a + d.none, 0) / n };
}

/** A method without shares of its own: target-only uses no source; any other sees the sources stacked as one. */
function relianceOf(result: MethodResult, chosen: boolean): SourceReliance | undefined {
  if (result.skipped || result.repeats === 0) return undefined;
  const leaned = result.diagnostics?.leanedOn;
  const shares = result.diagnostics?.sourceShares;
  if (leaned?.kind === 'label') {
    return {
      size: result.size,
      method: result.method,
      chosen,
      leanedOn: mostFrequent(leaned.counts),
      counts: leaned.counts,
      shares: shares?.kind === 'weights' ? shares.mean : {},
    };
  }
  if (!chosen) return undefined;
  const key = result.method === 'target-only' ? NO_SOURCE : ALL_SOURCES;
  return { size: result.size, method: result.method, chosen, leanedOn: key, counts: { [key]: result.repeats }, shares: { [key]: 1 } };
}

/**
 * The sources section of a multi-source report: the sources ranked per size (evidence, posterior, LogME) and, for the
 * chosen model and every method that reports its shares, which source it leaned on.
 */
export function assembleSources(
  data: ExperimentData,
  ranks: ReadonlyMap<number, readonly SourceRanking[]> | undefined,
  results: readonly MethodResult[],
  summary: readonly SizeSummary[],
): SourcesReport | undefined {
  const sources = data.sources ?? [];
  if (sources.length < 2) return undefined;
  const names = sources.map((s) => s.name);
  const rows = sources.map((s) => s.X.rows);
  const ranking = [...(ranks ?? new Map<number, readonly SourceRanking[]>())]
    .filter(([, draws]) => draws.length > 0)
    .map(([size, draws]) => rankingAt(size, names, rows, draws));
  const reliance: SourceReliance[] = [];
  for (const s of summary) {
    for (const r of results.filter((x) => x.size === s.size && !x.reference)) {
      const entry = relianceOf(r, r.method === s.method);
      if (entry) reliance.push(entry);
    }
  }
  return { names, rows, ranking, reliance };
}
