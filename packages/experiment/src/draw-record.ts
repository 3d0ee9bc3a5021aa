import type { DrawJob, DrawOutcome } from './run-draws.js';
import type { RunRecord } from './run-experiment.js';

function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The outcomes, whatever thread ran them and in whatever order they came back, in job order: the record. */
export function recordOf(sizes: readonly number[], jobs: readonly DrawJob[], outcomes: readonly DrawOutcome[]): RunRecord {
  const byJob = new Map(outcomes.map((o) => [`${o.size}/${o.repeat}`, o]));
  const record: RunRecord = {
    scores: new Map(),
    draws: new Map(),
    diagnostics: new Map(),
    skipped: new Map(),
    logme: new Map(),
    labelFree: new Map(),
    sourceRanks: new Map(),
  };
  for (const k of sizes) record.draws.set(k, []);
  for (const job of jobs) {
    const outcome = byJob.get(`${job.size}/${job.repeat}`);
    if (!outcome) throw new Error(`runExperiment: no outcome came back for size ${job.size}, repeat ${job.repeat}`);
    const k = job.size;
    if (k > 0) push(record.logme, k, outcome.logme ?? NaN);
    if (outcome.sourceRank && record.sourceRanks) push(record.sourceRanks, k, outcome.sourceRank);
    const values = new Map<string, Float64Array>();
    for (const m of outcome.methods) {
      const key = `${m.name}@${k}`;
      if (m.skipped !== undefined) record.skipped.set(key, m.skipped);
      else {
        values.set(m.name, m.values ?? new Float64Array(0));
        push(record.scores, key, m.score ?? NaN);
        if (m.diagnostics) push(record.diagnostics, key, m.diagnostics);
        if (m.labelFree) {
          const { scorer, ...draw } = m.labelFree;
          const entry = record.labelFree.get(key) ?? { scorer, draws: [] };
          entry.draws.push(draw);
          record.labelFree.set(key, entry);
        }
      }
    }
    record.draws.get(k)?.push({ test: outcome.test, values });
  }
  return record;
}
