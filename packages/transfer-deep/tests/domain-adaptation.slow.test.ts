import { loadMnistDigits, shiftDigits } from '@tlkit/datasets';
import { accuracy, takeRows } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { mlp, train } from '@tlkit/nn';
import { adaptDomains, type Alignment } from '@tlkit/transfer-deep';

// Unsupervised adaptation on the built-in shifted digits (the transductive protocol): 3,000 labelled digits as the
// source, 3,000 other digits shifted and unlabelled as the target, accuracy on those target rows. MLP 784-256-128-10,
// Adam 1e-3, batch 64, 10 epochs, features at hidden_2, λ on Ganin's ramp to a value fixed before any run (DANN
// 0.3, CORAL 10 — the paper's "losses of one size at the end" —, MMD 1), never tuned on the target.
// Measured here (seed 1): rotated 30°: source-only 61.4%, DANN 61.1%, Deep CORAL 63.3%, MMD 65.9%.
// Inverted (1 − pixel): source-only 2.0%, DANN 10.8% (the domain classifier is beaten, but the labels fall to chance),
// CORAL 1.5%, MMD 0.1%. Feature alignment helps on rotation; nothing here undoes an inversion of every pixel, which no
// alignment of an MLP's hidden features can map back — reported as it is.
const digits = loadMnistDigits({ seed: 5 });
const rows = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
const src = rows(0, 3000);
const tgt = rows(5000, 8000);
const Xs = takeRows(digits.images, src);
const ys = src.map((i) => digits.labels[i]);
const yt = tgt.map((i) => digits.labels[i]);
const make = () => mlp({ inputDim: 784, hidden: [256, 128], output: { kind: 'classification', classes: 10 }, seed: 1 });
const LAMBDA: Record<Alignment, number> = { dann: 0.3, coral: 10, mmd: 1 };

async function run(shift: { rotate?: number; invert?: boolean }): Promise<Record<'source-only' | Alignment, number>> {
  const Xt = shiftDigits(takeRows(digits.images, tgt), shift);
  const plain = make();
  await train(plain, { X: Xs, y: ys }, { epochs: 10, batchSize: 64 });
  const out = { 'source-only': accuracy(yt, plain.predictLabels(Xt)), dann: 0, coral: 0, mmd: 0 };
  plain.dispose();
  for (const alignment of ['dann', 'coral', 'mmd'] as const) {
    const base = make();
    const { network } = await adaptDomains(base, { X: Xs, y: ys }, Xt, {
      alignment,
      epochs: 10,
      batchSize: 64,
      lambdaMax: LAMBDA[alignment],
    });
    out[alignment] = accuracy(yt, network.predictLabels(Xt));
    network.dispose();
    base.dispose();
  }
  return out;
}

describe('deep domain adaptation on shifted digits', () => {
  beforeAll(() => selectBackend('wasm'));

  it('rotated 30°: Deep CORAL and MMD beat source-only; DANN does not (the measured figures above)', async () => {
    const r = await run({ rotate: 30 });
    expect(r.mmd).toBeGreaterThan(r['source-only']);
    expect(r.coral).toBeGreaterThan(r['source-only']);
    expect(r.dann).toBeLessThan(r.mmd);
  }, 900000);

  it('inverted: only DANN rises above source-only, and only to about chance', async () => {
    const r = await run({ invert: true });
    expect(r['source-only']).toBeLessThan(0.05);
    expect(r.dann).toBeGreaterThan(r['source-only']);
    expect(r.dann).toBeLessThan(0.2);
  }, 900000);
});
