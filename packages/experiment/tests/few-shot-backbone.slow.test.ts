import { loadMnistDigits } from '@tlkit/datasets';
import { takeRows } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { loadBackbone } from '@tlkit/models';
import { comparePretrained } from '@tlkit/experiment';

// Few-shot transfer to classes the backbone never saw: @tlkit/models' digits-0to4-cnn (trained on digits 0–4 only)
// and 300 held-out digits 5–9 (rows 8000+ of the shuffle with seed 2026, which no backbone saw; 60 per class).
// For 1, 3 and 10 examples per class, 3 seeded draws each; the rest of the 300 test. Measured here (40 epochs):
// see the numbers printed by this test and the package README of @tlkit/models.
const digits = loadMnistDigits({ seed: 2026 });

describe('few-shot learning of new classes on a shipped backbone', () => {
  beforeAll(() => selectBackend('wasm'));

  it('fine-tuning beats training from scratch with one example per class on digits 5–9, not with ten', async () => {
    const rows: number[] = [];
    const perClass = new Map<number, number>();
    for (let i = 8000; i < 10000 && rows.length < 300; i++) {
      const label = digits.labels[i];
      if (label < 5 || (perClass.get(label) ?? 0) >= 60) continue;
      perClass.set(label, (perClass.get(label) ?? 0) + 1);
      rows.push(i);
    }
    const backbone = await loadBackbone('digits-0to4-cnn');
    const report = await comparePretrained(
      backbone,
      { X: takeRows(digits.images, rows), y: rows.map((i) => String(digits.labels[i])), inputShape: [28, 28, 1] },
      { sizes: [1, 3, 10], repeats: 3, epochs: 40, seed: 1 },
    );
    backbone.dispose();
    for (const c of report.curves) console.log(c.method, c.mean.map((m) => (100 * m).toFixed(1)).join(' / '));
    console.log(report.sentences.join('\n'));
    const at = (method: string) => report.curves.find((c) => c.method === method)?.mean ?? [];
    // With one example per class the pretrained filters carry the day; by ten, a CNN from scratch has caught up.
    expect(at('fine-tune')[0]).toBeGreaterThan(at('scratch')[0] + 0.05);
    expect(Math.abs(at('fine-tune')[2] - at('scratch')[2])).toBeLessThan(0.05);
    expect(at('frozen')[2]).toBeGreaterThan(0.5);
  }, 1800000);
});
