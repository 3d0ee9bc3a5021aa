import { loadMnistDigits, loadTask } from '@tlkit/datasets';
import {
  accuracy,
  encodeTable,
  inferSchema,
  rootMeanSquaredError,
  sampleLabelled,
  StandardScaler,
  takeRows,
  type DenseMatrix,
} from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { RidgeClassifierCV, RidgeCV } from '@tlkit/ridge';
import { cnn, train } from '@tlkit/nn';
import { CORAL, FeatureAugmentation, FeatureTransfer, PCA, SubspaceAlignment, TCA, type FeatureMap } from '@tlkit/transfer-feature';
import { NetworkEmbedding } from '@tlkit/transfer-feature/network';

const MAPS: Record<string, () => FeatureMap> = {
  pca: () => new PCA({ components: 4 }),
  coral: () => new CORAL(),
  sa: () => new SubspaceAlignment({ components: 4 }),
  fa: () => new FeatureAugmentation(),
  tca: () => new TCA({ components: 4 }),
};

function carsCurve(taskName: string, k: number, draws: number): Record<string, number> {
  const task = loadTask(taskName);
  const schema = inferSchema(task.source, { label: task.label });
  const src = encodeTable(task.source, schema);
  const tgt = encodeTable(task.target, schema);
  const scaler = new StandardScaler().fit(src.X);
  const Xs = scaler.transform(src.X);
  const Xt = scaler.transform(tgt.X);
  const ys = src.y as Float64Array;
  const yt = tgt.y as Float64Array;
  const sums: Record<string, number> = { targetOnly: 0 };
  for (let seed = 0; seed < draws; seed++) {
    const { train: lab, test } = sampleLabelled(Xt.rows, k, { seed });
    const Xl = takeRows(Xt, lab);
    const yl = Array.from(lab, (i) => yt[i]);
    const Xtest = takeRows(Xt, test);
    const ytest = Array.from(test, (i) => yt[i]);
    sums.targetOnly += rootMeanSquaredError(ytest, new RidgeCV({ cv: 'evidence' }).fit(Xl, yl).predict(Xtest) as Float64Array);
    for (const [name, make] of Object.entries(MAPS)) {
      const ft = new FeatureTransfer({ map: make() }).fit({ X: Xs, y: ys }, { X: Xl, y: yl }, { targetUnlabeled: Xt });
      sums[name] = (sums[name] ?? 0) + rootMeanSquaredError(ytest, ft.predict(Xtest) as Float64Array);
    }
  }
  return Object.fromEntries(Object.entries(sums).map(([m, s]) => [m, s / draws]));
}

// Findings, measured here (issue: transfer-feature). A map that does not help is reported, not hidden.
// Cars USA → Japan, 10 labelled target cars, 20 draws, mean RMSE (mpg) of a ridge head trained on mapped source +
// target rows: target-only ridge 4.48; PCA(4) 5.18, CORAL 7.31, SA(4) 11.07, FA 4.87, TCA(4) 10.97. None helps:
// the shift between American and Japanese cars is in the relation to mpg (a level and slope change), not in the
// feature distribution these maps align — and SA/TCA centre each domain on its own mean, which hides the very
// weight and power differences that predict mpg. Parameter transfer is the method that helps here (transfer-param).
// Digits 0–4 → 5–9 with 10 labelled images per class, 5 repeats: a ridge classifier on the features of a CNN trained
// on 0–4 (2 epochs) reaches 84.1% against 80.7% on raw pixels.
describe('feature transfer on real data', () => {
  it('cars USA → Japan, 10 target rows, 20 draws: every map runs and gives finite errors', () => {
    const r = carsCurve('cars-usa-japan', 10, 20);
    expect(Object.keys(r).sort()).toEqual(['coral', 'fa', 'pca', 'sa', 'targetOnly', 'tca']);
    for (const v of Object.values(r)) expect(Number.isFinite(v)).toBe(true);
    // Feature augmentation keeps the raw features, so it stays close to target-only.
    expect(r.fa).toBeLessThan(1.2 * r.targetOnly);
  });

  it('digits 0–4 → 5–9: features of a CNN trained on 0–4 beat raw pixels with 10 labels a class', async () => {
    await selectBackend('wasm');
    const digits = loadMnistDigits({ seed: 7 });
    const idx = (pred: (l: number) => boolean) => Array.from(digits.labels.keys()).filter((i) => pred(digits.labels[i]));
    const low = idx((l) => l < 5);
    const high = idx((l) => l >= 5);
    const net = cnn({ height: 28, width: 28, output: { kind: 'classification', classes: [0, 1, 2, 3, 4] }, seed: 1 });
    const Xlow = takeRows(digits.images, low);
    await train(net, { X: Xlow, y: low.map((i) => digits.labels[i]) }, { epochs: 2, batchSize: 64 });
    const Xhigh: DenseMatrix = takeRows(digits.images, high);
    const yhigh = high.map((i) => digits.labels[i]);
    const embedding = new NetworkEmbedding({ network: net }).fit(Xlow);
    const Zhigh = embedding.transform(Xhigh);
    let emb = 0;
    let raw = 0;
    const repeats = 5;
    for (let seed = 0; seed < repeats; seed++) {
      const { train: lab, test } = sampleLabelled(high.length, 10, { labels: yhigh, perClass: true, seed });
      const yl = Array.from(lab, (i) => yhigh[i]);
      const ytest = Array.from(test, (i) => yhigh[i]);
      emb += accuracy(ytest, new RidgeClassifierCV().fit(takeRows(Zhigh, lab), yl).predict(takeRows(Zhigh, test)));
      raw += accuracy(ytest, new RidgeClassifierCV().fit(takeRows(Xhigh, lab), yl).predict(takeRows(Xhigh, test)));
    }
    expect(emb / repeats).toBeGreaterThan(raw / repeats);
    net.dispose();
  });
});
