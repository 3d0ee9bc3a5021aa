import { percentileInterval, tailProbabilities } from './bootstrap.js';
import type { Comparison, SizeSummary, Verdict, VerdictEntry } from './report.js';

/** The no-transfer baselines: "no transfer" is the better of the two at each size. */
export const BASELINES: readonly string[] = ['target-only', 'source-only'];

export interface SizeEvidence {
  readonly size: number;
  /** Methods that ran in every draw at this size, in display order (baselines and reference included). */
  readonly methods: readonly string[];
  readonly means: ReadonlyMap<string, number>;
  readonly replicates: ReadonlyMap<string, Float64Array>;
  readonly lowerIsBetter: boolean;
  readonly alpha: number;
  /** The method the headline is about (auto), when it ran. */
  readonly headline: string | undefined;
  /** Methods that are neither candidates for a verdict nor baselines (the constant reference). */
  readonly references: readonly string[];
}

interface Test {
  readonly method: string;
  /** True when the method did better than the named baseline on average: the test is for helped, else for hurt. */
  readonly better: boolean;
  /** Two-sided p-value of that test. */
  readonly p: number;
}

function differences(e: SizeEvidence, method: string, baseline: string): Float64Array {
  const a = e.replicates.get(method) as Float64Array;
  const b = e.replicates.get(baseline) as Float64Array;
  return a.map((v, i) => v - b[i]);
}

/** One-sided p-values that `method` is better / worse than `baseline`. */
function tails(e: SizeEvidence, method: string, baseline: string): { better: number; worse: number } {
  const { below, above } = tailProbabilities(differences(e, method, baseline));
  return e.lowerIsBetter ? { better: below, worse: above } : { better: above, worse: below };
}

function isBetter(e: SizeEvidence, a: number, b: number): boolean {
  return e.lowerIsBetter ? a < b : a > b;
}

/**
 * helped = better than every baseline (an intersection–union test: each one-sided test at α/2, no correction needed);
 * hurt = worse than at least one (a union: Bonferroni over the baselines). The direction tested is the one the means
 * point to, so the two-sided p-value doubles the one-sided one.
 */
function testOf(e: SizeEvidence, method: string, baselines: readonly string[], named: string): Test {
  const better = isBetter(e, e.means.get(method) as number, e.means.get(named) as number);
  const t = baselines.map((b) => tails(e, method, b));
  const p = better
    ? 2 * t.reduce((m, x) => Math.max(m, x.better), -Infinity)
    : 2 * baselines.length * t.reduce((m, x) => Math.min(m, x.worse), Infinity);
  return { method, better, p: Math.min(1, p) };
}

function comparisonOf(e: SizeEvidence, method: string, baseline: string, level: number): Comparison {
  return {
    baseline,
    difference: (e.means.get(method) as number) - (e.means.get(baseline) as number),
    ci: percentileInterval(differences(e, method, baseline), level),
    level,
  };
}

/** The interval level at which a test at significance `a` decides: helped needs each baseline at a; hurt one at a/|B|. */
function levelFor(test: Test, a: number, baselines: number): number {
  return 1 - (test.better ? a : a / baselines);
}

function entry(
  e: SizeEvidence,
  test: Test,
  rejected: boolean,
  a: number,
  baselines: readonly string[],
  named: string,
  family: number,
): VerdictEntry {
  const level = levelFor(test, a, baselines.length);
  const against = baselines.map((b) => comparisonOf(e, test.method, b, level));
  const main = against.find((c) => c.baseline === named) as Comparison;
  const verdict: Verdict = !rejected ? 'no clear difference' : test.better ? 'helped' : 'hurt';
  return {
    size: e.size,
    method: test.method,
    baseline: named,
    verdict,
    difference: main.difference,
    ci: main.ci,
    level,
    against,
    p: test.p,
    family,
  };
}

/**
 * Holm's step-down procedure over the family: the j-th smallest p-value is tested at α/(m − j) until one fails.
 * Each interval is shown at the level its step tested (for those not rejected, the level of the first failing step),
 * so that an interval excludes zero exactly when its verdict says helped or hurt.
 */
function holm(e: SizeEvidence, tests: readonly Test[], baselines: readonly string[], named: string): VerdictEntry[] {
  const m = tests.length;
  const order = [...tests].sort((a, b) => a.p - b.p);
  const out: VerdictEntry[] = [];
  let failed = -1;
  order.forEach((t, j) => {
    const step = failed < 0 ? j : failed;
    const a = e.alpha / (m - step);
    const rejected = failed < 0 && t.p <= a;
    if (!rejected && failed < 0) failed = j;
    const adjusted = Math.min(
      1,
      order.slice(0, j + 1).reduce((top, x, i) => Math.max(top, x.p * (m - i)), -Infinity),
    );
    out.push({ ...entry(e, t, rejected, a, baselines, named, m), p: adjusted });
  });
  return tests.map((t) => out.find((v) => v.method === t.method) as VerdictEntry);
}

/** Verdicts of one size: auto's (the headline, tested alone) and every other transfer method's (Holm over them). */
export function decideSize(e: SizeEvidence): { verdicts: VerdictEntry[]; headline: Omit<SizeSummary, 'sentence'> } {
  const baselines = BASELINES.filter((b) => e.methods.includes(b));
  const none = {
    size: e.size,
    verdict: undefined,
    method: undefined,
    decidedBy: undefined,
    baseline: undefined,
    difference: undefined,
    ci: undefined,
    level: undefined,
  };
  if (baselines.length === 0) return { verdicts: [], headline: none };
  const named = baselines.reduce((a, b) => (isBetter(e, e.means.get(b) as number, e.means.get(a) as number) ? b : a));
  const family = e.methods.filter((m) => !baselines.includes(m) && !e.references.includes(m) && !BASELINES.includes(m) && m !== e.headline);
  const verdicts = holm(
    e,
    family.map((m) => testOf(e, m, baselines, named)),
    baselines,
    named,
  );
  let chosen: VerdictEntry | undefined;
  let decidedBy: 'auto' | 'holm' | undefined;
  if (e.headline !== undefined && e.methods.includes(e.headline)) {
    const test = testOf(e, e.headline, baselines, named);
    chosen = entry(e, test, test.p <= e.alpha, e.alpha, baselines, named, 1);
    verdicts.push(chosen);
    decidedBy = 'auto';
  } else if (verdicts.length > 0) {
    const bestOf = (vs: readonly VerdictEntry[]) =>
      vs.reduce((a, b) => (isBetter(e, e.means.get(b.method) as number, e.means.get(a.method) as number) ? b : a));
    const helped = verdicts.filter((v) => v.verdict === 'helped');
    const allHurt = verdicts.every((v) => v.verdict === 'hurt');
    // Any method helped (familywise error held by Holm), or even the best was worse: otherwise no clear difference.
    chosen = helped.length > 0 ? bestOf(helped) : bestOf(verdicts);
    if (helped.length === 0 && !allHurt) chosen = { ...chosen, verdict: 'no clear difference' };
    decidedBy = 'holm';
  }
  if (!chosen) return { verdicts, headline: { ...none, baseline: named } };
  return {
    verdicts,
    headline: {
      size: e.size,
      verdict: chosen.verdict,
      method: chosen.method,
      decidedBy,
      baseline: named,
      difference: chosen.difference,
      ci: chosen.ci,
      level: chosen.level,
    },
  };
}
