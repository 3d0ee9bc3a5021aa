import { listTasks, loadTask } from '@tlkit/datasets';
import { sampleLabelled, takeRows, type DenseMatrix } from '@tlkit/tensor-core';
import { RidgeCV, RidgeClassifierCV, type ClassLabel } from '@tlkit/ridge';
import {
  hScore,
  leep,
  logME,
  methodByName,
  nce,
  oneHot,
  prepareTables,
  probabilitiesFromDecision,
  runExperiment,
  spearman,
  type ExperimentData,
  type Labels,
  type MethodContext,
} from '@tlkit/experiment';
import { sourceClasses } from '../src/source-network.js';

/**
 * Real data, every built-in task: how well do the transferability scores predict the gain that transfer realises, and
 * how well does auto's label-free scorer (IWCV) rank its candidates at size 0 against their test-row metric?
 * Gain per draw: parameter transfer against target-only ridge on the same draw's test rows (relative RMSE cut for
 * regression, accuracy difference for classification). Scores from the labelled rows and the source model only.
 * Figures printed by this test are the ones in the experiment README. Measured (Spearman ρ within a task, 8 draws):
 *   LogME: cars Japan 0.02, Europe −0.21, penguins Gentoo 0.57, Chinstrap 0.07, gapminder 0.10, digits rotated 0.40,
 *   digits 0–4 → 5–9 0.69; LEEP / NCE / H-score on the digits tasks 0.19 / −0.60 / −0.12 and 0.76 / 0.38 / 0.50;
 *   across the 5 regression tasks LogME vs gain −0.30. At size 0, IWCV vs the test RMSE: cars 0.93 / 0.90, gapminder
 *   0.83, penguins Gentoo 0.07 (its choice hurt), Chinstrap −0.57.
 */
jest.setTimeout(3_600_000);

const DRAWS = 8;

function contextFor(data: ExperimentData): MethodContext {
  let model: RidgeCV | RidgeClassifierCV | undefined;
  return {
    data,
    sourceModel: () =>
      (model ??=
        data.task === 'classification'
          ? new RidgeClassifierCV({ cv: 'evidence', classes: sourceClasses(data) }).fit(data.Xs, data.ys as ClassLabel[])
          : new RidgeCV({ cv: 'evidence' }).fit(data.Xs, data.ys as Float64Array)),
    sourceNetwork: () => Promise.reject(new Error('no network here')),
    cache: new Map(),
  };
}

function metric(data: ExperimentData, truth: Labels, predicted: Labels): number {
  if (data.task === 'regression') {
    let s = 0;
    for (let i = 0; i < truth.length; i++) s += ((truth[i] as number) - (predicted[i] as number)) ** 2;
    return Math.sqrt(s / truth.length);
  }
  let right = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) right++;
  return right / truth.length;
}

interface DrawScores {
  gain: number;
  logme: number;
  leep?: number;
  nce?: number;
  hscore?: number;
}

async function scoreDraws(data: ExperimentData): Promise<DrawScores[]> {
  const context = contextFor(data);
  const source = context.sourceModel();
  const out: DrawScores[] = [];
  const classification = data.task === 'classification';
  for (let r = 0; r < DRAWS; r++) {
    const split = sampleLabelled(data.Xt.rows, classification ? 2 : 10, {
      seed: 500 + r,
      ...(classification ? { labels: data.yt as ClassLabel[], perClass: true } : {}),
    });
    const Xl = takeRows(data.Xt, split.train);
    const yl: Labels =
      data.yt instanceof Float64Array
        ? Float64Array.from(split.train, (i) => (data.yt as Float64Array)[i])
        : Array.from(split.train, (i) => data.yt[i]);
    const Xtest = takeRows(data.Xt, split.test);
    const ytest: Labels =
      data.yt instanceof Float64Array
        ? Float64Array.from(split.test, (i) => (data.yt as Float64Array)[i])
        : Array.from(split.test, (i) => data.yt[i]);
    const draw = { Xl, yl, Xu: Xtest, seed: 500 + r };
    const to = metric(data, ytest, (await methodByName('target-only').fit(context, draw)).predict(Xtest));
    const pt = metric(data, ytest, (await methodByName('param').fit(context, draw)).predict(Xtest));
    const features: DenseMatrix = source instanceof RidgeClassifierCV ? source.decisionFunction(Xl) : source.predictMatrix(Xl);
    const targets = classification ? oneHot(yl as ClassLabel[], [...new Set(yl as ClassLabel[])]) : (yl as Float64Array);
    const row: DrawScores = { gain: classification ? pt - to : (to - pt) / to, logme: logME(features, targets).logme };
    if (source instanceof RidgeClassifierCV) {
      const labels = yl as ClassLabel[];
      row.leep = leep(probabilitiesFromDecision(features), labels).leep;
      row.nce = nce(source.predict(Xl), labels);
      row.hscore = hScore(features, labels);
    }
    out.push(row);
  }
  return out;
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

/** Spearman's ρ over the pairs where both values exist, and how many there were. */
function rho(a: readonly number[], b: readonly number[]): string {
  const keep = a.map((_, i) => i).filter((i) => Number.isFinite(a[i]) && Number.isFinite(b[i]));
  if (keep.length < 3) return `— (${keep.length} finite)`;
  const r = spearman(
    keep.map((i) => a[i]),
    keep.map((i) => b[i]),
  );
  return `${r.toFixed(2)}${keep.length < a.length ? ` (${keep.length} of ${a.length} finite)` : ''}`;
}

describe('transferability scores against the realised gain, every built-in task', () => {
  it('measures Spearman ρ within each task (across draws) and across tasks (task means)', async () => {
    const perTask: Record<string, DrawScores[]> = {};
    for (const info of listTasks()) {
      const task = loadTask(info.name);
      const data = prepareTables(task.source, task.target, { label: task.label });
      perTask[info.name] = await scoreDraws(data);
    }
    const lines: string[] = [];
    for (const [name, rows] of Object.entries(perTask)) {
      const gain = rows.map((r) => r.gain);
      const parts = (['logme', 'leep', 'nce', 'hscore'] as const)
        .filter((s) => rows[0][s] !== undefined)
        .map(
          (s) =>
            `${s} ρ ${rho(
              rows.map((r) => r[s] as number),
              gain,
            )}`,
        );
      process.stdout.write(`${name} done\n`);
      lines.push(
        `${name}: mean gain ${mean(gain).toFixed(3)}, mean LogME ${mean(rows.map((r) => r.logme)).toFixed(3)}; ${parts.join(', ')}`,
      );
      for (const r of rows) expect(Number.isFinite(r.gain)).toBe(true);
    }
    const regression = Object.entries(perTask).filter(([n]) => !n.startsWith('digits'));
    const across = rho(
      regression.map(([, rows]) => mean(rows.map((r) => r.logme))),
      regression.map(([, rows]) => mean(rows.map((r) => r.gain))),
    );
    lines.push(`across the ${regression.length} regression tasks: LogME vs gain ρ ${across}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  });

  it('ranks auto’s candidates at size 0 by IWCV, measured against the test rows on every regression task', async () => {
    const lines: string[] = [];
    for (const info of listTasks().filter((t) => !t.name.startsWith('digits'))) {
      const task = loadTask(info.name);
      const data = prepareTables(task.source, task.target, { label: task.label });
      const report = await runExperiment(data, { sizes: [0], repeats: 3, methods: ['source-only', 'auto'], bootstrap: 500 });
      const r = report.labelFree[0];
      expect(r.scorer).toBe('iwcv');
      expect(r.draws).toBe(3);
      const order = [...r.candidates].sort((a, b) => r.meanRisk[a] - r.meanRisk[b]);
      lines.push(
        `${info.name}: ρ ${r.meanSpearman.toFixed(2)}, best picked ${r.pickedBest}/3, regret ${r.meanRegret.toFixed(2)}; ` +
          order.map((c) => `${c} ${r.meanMetric[c].toFixed(2)} (risk ${r.meanRisk[c].toPrecision(3)})`).join(', ') +
          `; ${report.summary[0].sentence}`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  });
});
