// The main job until the CLI exists: on built-in real tasks, fit the source model, then compare parameter
// transfer (biased ridge toward the source weights) with target-only ridge and the source model alone over
// learning-curve sizes and seeded draws, and print the table.
import { loadTask } from '@tlkit/datasets';
import { RidgeCV } from '@tlkit/ridge';
import { encodeTable, inferSchema, rootMeanSquaredError, sampleLabelled, StandardScaler, takeRows } from '@tlkit/tensor-core';

const TASKS = ['cars-usa-japan', 'cars-usa-europe', 'penguins-adelie-gentoo', 'penguins-adelie-chinstrap'];
const SIZES = [5, 10, 20, 40];
const DRAWS = 40;

function meanStd(values) {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
  return { mean, std };
}

function fmt({ mean, std }) {
  return `${mean.toFixed(2)} ± ${std.toFixed(2)}`.padEnd(15);
}

function run(name) {
  const task = loadTask(name);
  const schema = inferSchema(task.source, { label: task.label });
  const src = encodeTable(task.source, schema);
  const tgt = encodeTable(task.target, schema);
  const scaler = new StandardScaler().fit(src.X);
  const Xs = scaler.transform(src.X);
  const Xt = scaler.transform(tgt.X);
  const source = new RidgeCV({ cv: 'evidence' }).fit(Xs, src.y);
  const prior = { coef: source.coef };
  console.log(`\n${task.title}  (${task.source.rows.length} source rows, ${task.target.rows.length} target rows; RMSE of ${task.label} on held-out target rows, mean ± sd over ${DRAWS} draws)`);
  console.log(`${'target rows'.padEnd(12)}${'source-only'.padEnd(16)}${'target-only'.padEnd(16)}${'param'.padEnd(16)}verdict`);
  for (const k of SIZES) {
    const scores = { source: [], target: [], param: [] };
    for (let seed = 0; seed < DRAWS; seed++) {
      const { train, test } = sampleLabelled(Xt.rows, k, { seed });
      const Xl = takeRows(Xt, train);
      const yl = Array.from(train, (i) => tgt.y[i]);
      const Xtest = takeRows(Xt, test);
      const ytest = Array.from(test, (i) => tgt.y[i]);
      scores.source.push(rootMeanSquaredError(ytest, source.predict(Xtest)));
      scores.target.push(rootMeanSquaredError(ytest, new RidgeCV({ cv: 'evidence' }).fit(Xl, yl).predict(Xtest)));
      scores.param.push(rootMeanSquaredError(ytest, new RidgeCV({ cv: 'evidence', prior }).fit(Xl, yl).predict(Xtest)));
    }
    const s = meanStd(scores.source);
    const t = meanStd(scores.target);
    const p = meanStd(scores.param);
    // Paired difference against the better baseline: a rough 95% interval of the mean difference.
    const better = t.mean <= s.mean ? scores.target : scores.source;
    const diff = meanStd(scores.param.map((v, i) => v - better[i]));
    const half = (1.96 * diff.std) / Math.sqrt(DRAWS);
    const verdict = diff.mean + half < 0 ? 'transfer helped' : diff.mean - half > 0 ? 'transfer hurt' : 'no clear difference';
    console.log(`${String(k).padEnd(12)}${fmt(s)} ${fmt(t)} ${fmt(p)} ${verdict} (${diff.mean >= 0 ? '+' : ''}${diff.mean.toFixed(2)} vs best baseline)`);
  }
}

const started = Date.now();
console.log('tlkit: parameter transfer (biased ridge, alpha by maximum evidence) on built-in real tasks');
for (const name of TASKS) run(name);
console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s`);
