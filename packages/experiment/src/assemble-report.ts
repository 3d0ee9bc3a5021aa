import { deriveSeed } from '@tlkit/tensor-core';
import type { ExperimentData } from './experiment-data.js';
import { bootstrapReplicates, percentileInterval } from './bootstrap.js';
import { BASELINES, decideSize } from './decision.js';
import { summariseDiagnostics } from './diagnostics.js';
import { headlineSentence } from './headline.js';
import { rankLabelFree } from './label-free-ranking.js';
import { CONSTANT } from './methods/constant.js';
import type { TransferMethod } from './methods/method.js';
import { metricFor } from './methods/scoring.js';
import type { ExperimentReport, MethodResult, SizeSummary, Transferability, VerdictEntry } from './report.js';
import type { RunRecord } from './run-experiment.js';
import { summarise } from './statistics.js';
import { assembleSources } from './source-report.js';

/** The parts of the bootstrap's seed after the user's: it must not coincide with any draw's (size, repeat). */
const BOOTSTRAP_STREAM = -1;

export interface AssembleInput {
  readonly data: ExperimentData;
  readonly options: {
    readonly sizes: readonly number[];
    readonly perClass: boolean;
    readonly repeats: number;
    readonly seed: number;
    readonly useUnlabeled: boolean;
    readonly replicates: number;
    readonly alpha: number;
  };
  /** The constant reference first, then the methods shown. */
  readonly methods: readonly TransferMethod[];
  readonly record: RunRecord;
  readonly seconds: number;
}

/** Turns the runner's record into the report: intervals by the two-level bootstrap, verdicts, headlines. */
export function assembleReport(input: AssembleInput): ExperimentReport {
  const { data, options, methods, record } = input;
  const { metric, lowerIsBetter } = metricFor(data.task);
  const names = methods.map((m) => m.name);
  const results: MethodResult[] = [];
  const verdicts: VerdictEntry[] = [];
  const summary: SizeSummary[] = [];
  const transferability: Transferability[] = [];
  const headlineMethod = names.find((n) => n === 'auto') ?? names.find((n) => n.startsWith('auto:'));
  for (const k of options.sizes) {
    const draws = record.draws.get(k) ?? [];
    // A method with a non-finite score on any draw is out of every comparison: its NaN would read as "no difference".
    const nonFinite = (n: string) => (record.scores.get(`${n}@${k}`) ?? []).filter((v) => !Number.isFinite(v)).length;
    const ran = names.filter(
      (n) => (record.scores.get(`${n}@${k}`)?.length ?? 0) === draws.length && draws.length > 0 && nonFinite(n) === 0,
    );
    const replicates = bootstrapReplicates(draws, data.Xt.rows, ran, metric, {
      replicates: options.replicates,
      seed: deriveSeed(options.seed, k, BOOTSTRAP_STREAM),
    });
    const means = new Map<string, number>();
    for (const name of names) {
      const key = `${name}@${k}`;
      const scores = record.scores.get(key) ?? [];
      const s = summarise(scores);
      const rep = replicates.get(name);
      const perDraw = record.diagnostics.get(key);
      const bad = nonFinite(name);
      if (ran.includes(name)) means.set(name, s.mean);
      results.push({
        method: name,
        size: k,
        mean: s.mean,
        std: s.std,
        ci: rep ? percentileInterval(rep, 1 - options.alpha) : [NaN, NaN],
        repeats: scores.length,
        scores,
        ...(record.skipped.has(key) ? { skipped: record.skipped.get(key) } : {}),
        ...(bad > 0
          ? { failed: `its ${metric} was not a finite number on ${bad} of ${scores.length} draws (NaN or infinite predictions)` }
          : {}),
        ...(name === CONSTANT ? { reference: true } : {}),
        ...(perDraw ? { diagnostics: summariseDiagnostics(perDraw) } : {}),
      });
    }
    const decided = decideSize({
      size: k,
      methods: ran,
      means,
      replicates,
      lowerIsBetter,
      alpha: options.alpha,
      headline: headlineMethod,
      references: [CONSTANT],
    });
    for (const v of decided.verdicts) verdicts.push(v);
    const family = decided.verdicts.filter((v) => v.method !== headlineMethod).length;
    summary.push({
      ...decided.headline,
      sentence: headlineSentence(decided.headline, { metric, lowerIsBetter, perClass: options.perClass, means, family }),
    });
    const logmes = (record.logme.get(k) ?? []).filter(Number.isFinite);
    const lambda = results.find((r) => r.size === k && r.method === 'param')?.diagnostics?.lambda;
    transferability.push({
      size: k,
      logme: logmes.length > 0 ? summarise(logmes).mean : null,
      lambdaMedian: lambda?.kind === 'number' ? lambda.median : null,
    });
  }
  const shown = names.filter((n) => n !== CONSTANT);
  const sources = assembleSources(data, record.sourceRanks, results, summary);
  return {
    task: data.task,
    metric,
    lowerIsBetter,
    sizes: [...options.sizes],
    perClass: options.perClass,
    repeats: options.repeats,
    seed: options.seed,
    useUnlabeled: options.useUnlabeled,
    methods: shown,
    methodSummaries: Object.fromEntries(methods.map((m) => [m.name, m.summary])),
    sourceRows: data.Xs.rows,
    targetRows: data.Xt.rows,
    results,
    verdicts,
    summary,
    transferability,
    labelFree: [...record.labelFree].map(([key, { scorer, draws }]) => {
      const at = key.lastIndexOf('@');
      return rankLabelFree(key.slice(0, at), Number(key.slice(at + 1)), scorer, draws, lowerIsBetter);
    }),
    ...(sources ? { sources } : {}),
    bootstrap: { replicates: options.replicates, alpha: options.alpha },
    seconds: input.seconds,
    protocol: protocolText(data, options),
  };
}

function protocolText(data: ExperimentData, o: AssembleInput['options']): string {
  const level = `${Math.round((1 - o.alpha) * 1000) / 10}%`;
  return (
    `For each size k and each of ${o.repeats} seeded draws: k labelled target rows${o.perClass ? ' per class' : ''}` +
    `${data.task === 'classification' ? ' (stratified)' : ''}, all other target rows for testing, every method on that same draw. ` +
    ((data.sources?.length ?? 0) >= 2
      ? `${data.sources?.length ?? 0} sources: the single-source methods see them stacked as one; the multi:* methods and the source ranking use them apart, on the labelled rows only. `
      : '') +
    (o.useUnlabeled ? 'Alignment methods may use the unlabelled test rows (transductive). ' : 'No unlabelled target rows are used. ') +
    `Baselines are tuned like the transfer methods (ridge alpha by the evidence). No transfer = the better of ${BASELINES.join(' and ')}. ` +
    `Intervals (${level}): a paired two-level bootstrap (${o.replicates} replicates) over the draws and the target rows. ` +
    'The verdict per size is about auto, chosen on the labelled rows only: helped = better than both baselines; ' +
    'hurt = worse than one of them (Bonferroni over the two). Per-method verdicts are Holm-adjusted over the methods shown.'
  );
}
