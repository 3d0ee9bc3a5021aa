import { loadMnistDigits, shiftDigits } from '@tlkit/datasets';
import { accuracy, takeRows, type DenseMatrix } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { mlp, train } from '@tlkit/nn';
import { adaptDomains, type Alignment } from '@tlkit/transfer-deep';

// Unsupervised adaptation on the built-in shifted digits (the transductive protocol): 3,000 labelled digits as the
// source, 3,000 other digits shifted and unlabelled as the target, accuracy on those target rows. MLP 784-256-128-10,
// Adam 1e-3, batch 64 (64 source + 64 target rows a step), 10 epochs, features at hidden_2, λ on Ganin's ramp
// 2/(1 + exp(−10p)) − 1 to a value fixed before any run (DANN 0.3, CORAL 10, MMD 1), never tuned on the target.
// Seeds 1, 2 and 3 (network initialisation, batches and dropout), source-only trained by the same loop and seed.
//
// Why several seeds: one seed's source-only accuracy on rotated digits moves by about ±2 points with the batch order
// alone (61.4% with the plain loop, 59.1% with DANN's loop at λ = 0, seed 1), the size of every effect measured here;
// the single-seed figures this file used to carry (DANN 61.1% against 61.4%) compared two such orders.
// Measured here: rotated 30°, mean of seeds 1–3: source-only 60.9%, DANN 62.5%, Deep CORAL 64.3%, MMD 67.5% (DANN
// gains on two seeds of three, CORAL and MMD on all three); inverted, seed 1: source-only 2.0%, DANN 10.3% (chance),
// CORAL 1.5%, MMD 0.1%.
const digits = loadMnistDigits({ seed: 5 });
const rows = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
const src = rows(0, 3000);
const tgt = rows(5000, 8000);
const Xs = takeRows(digits.images, src);
const ys = src.map((i) => digits.labels[i]);
const yt = tgt.map((i) => digits.labels[i]);
const make = (seed: number) => mlp({ inputDim: 784, hidden: [256, 128], output: { kind: 'classification', classes: 10 }, seed });
const LAMBDA: Record<Alignment, number> = { dann: 0.3, coral: 10, mmd: 1 };
type Scores = Record<'source-only' | Alignment, number>;

async function run(Xt: DenseMatrix, seed: number): Promise<Scores> {
  const plain = make(seed);
  await train(plain, { X: Xs, y: ys }, { epochs: 10, batchSize: 64, seed });
  const out: Scores = { 'source-only': accuracy(yt, plain.predictLabels(Xt)), dann: 0, coral: 0, mmd: 0 };
  plain.dispose();
  for (const alignment of ['dann', 'coral', 'mmd'] as const) {
    const base = make(seed);
    const { network } = await adaptDomains(base, { X: Xs, y: ys }, Xt, {
      alignment,
      epochs: 10,
      batchSize: 64,
      lambdaMax: LAMBDA[alignment],
      seed,
    });
    out[alignment] = accuracy(yt, network.predictLabels(Xt));
    network.dispose();
    base.dispose();
  }
  return out;
}

function report(name: string, runs: Scores[]): Scores {
  const mean = {} as Scores;
  for (const k of Object.keys(runs[0]) as (keyof Scores)[]) mean[k] = runs.reduce((s, r) => s + r[k], 0) / runs.length;
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  console.log(
    `${name}: ${(Object.keys(mean) as (keyof Scores)[]).map((k) => `${k} ${pct(mean[k])} (${runs.map((r) => pct(r[k])).join(', ')})`).join('; ')}`,
  );
  return mean;
}

describe('deep domain adaptation on shifted digits', () => {
  beforeAll(() => selectBackend('wasm'));

  it('rotated 30°, mean over 3 seeds: Deep CORAL and MMD beat source-only', async () => {
    const Xt = shiftDigits(takeRows(digits.images, tgt), { rotate: 30 });
    const runs: Scores[] = [];
    for (const seed of [1, 2, 3]) runs.push(await run(Xt, seed));
    const m = report('rotated 30°', runs);
    expect(m.coral).toBeGreaterThan(m['source-only']);
    expect(m.mmd).toBeGreaterThan(m['source-only']);
    expect(m.dann).toBeGreaterThan(m['source-only']);
  }, 3600000);

  it('inverted (1 − pixel), seed 1: no alignment of an MLP’s hidden features maps the inversion back; DANN reaches chance', async () => {
    const m = report('inverted', [await run(shiftDigits(takeRows(digits.images, tgt), { invert: true }), 1)]);
    expect(m['source-only']).toBeLessThan(0.05);
    for (const a of ['dann', 'coral', 'mmd'] as const) expect(m[a]).toBeLessThan(0.2);
    // DANN's domain classifier wins after a few epochs: its features forget the inversion's sign, which lifts the
    // target to chance level — above source-only (which predicts the inverted digits worse than chance), no further.
    expect(m.dann).toBeGreaterThan(m['source-only']);
  }, 3600000);
});
