import * as tf from '@tensorflow/tfjs';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { NotFittedError, Random, ShapeMismatchError, accuracy, toMlMatrix, type DenseMatrix } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { RidgeClassifierCV, RidgeRegression } from '@tlkit/ridge';
import { mlp, train } from '@tlkit/nn';
import { CORAL, FeatureAugmentation, FeatureTransfer, PCA, SubspaceAlignment, TCA, featureMapFromJSON } from '@tlkit/transfer-feature';
import { NetworkEmbedding } from '@tlkit/transfer-feature/network';
import { gaussian, normalisedMeanGap } from './helpers.js';

function covarianceOf(X: DenseMatrix): number[][] {
  const n = X.rows;
  const d = X.cols;
  const mean = Array.from({ length: d }, (_, j) => Array.from({ length: n }, (_, i) => X.data[i * d + j]).reduce((a, b) => a + b, 0) / n);
  return Array.from({ length: d }, (_, a) =>
    Array.from(
      { length: d },
      (_, b) =>
        Array.from({ length: n }, (_, i) => (X.data[i * d + a] - mean[a]) * (X.data[i * d + b] - mean[b])).reduce((s, v) => s + v, 0) /
        (n - 1),
    ),
  );
}

const rng = new Random(3);
const source = gaussian(
  400,
  [0, 0, 0, 0, 0],
  [
    [1, 0, 0, 0, 0],
    [0.5, 1, 0, 0, 0],
    [0, 0.3, 0.7, 0, 0],
    [0, 0, 0, 1.5, 0],
    [0.2, 0, 0, 0, 0.5],
  ],
  rng,
);
// The shifted domain: the same shape moved by 3 along the first two axes and stretched.
const target = gaussian(
  300,
  [3, 3, 0, 0, 0],
  [
    [2, 0, 0, 0, 0],
    [0, 0.5, 0, 0, 0],
    [0, 0.4, 1, 0, 0],
    [0.3, 0, 0, 1, 0],
    [0, 0, 0, 0, 1],
  ],
  rng,
);

describe('CORAL', () => {
  it('gives the mapped source the covariance of the target (Sun et al. 2016)', () => {
    const coral = new CORAL({ lambda: 1e-10 }).fit(source, { targetUnlabeled: target });
    const after = covarianceOf(coral.transform(source, { domain: 'source' }));
    const goal = covarianceOf(target);
    after.forEach((row, a) => row.forEach((v, b) => expect(v).toBeCloseTo(goal[a][b], 6)));
    expect(coral.transform(target).data).toEqual(target.data);
  });

  it('stays finite on singular covariances (a constant column) thanks to λ', () => {
    const flat = { ...source, data: Float64Array.from(source.data, (v, k) => (k % 5 === 4 ? 1 : v)) };
    const coral = new CORAL().fit(flat, { targetUnlabeled: target });
    expect(coral.transform(flat, { domain: 'source' }).data.every(Number.isFinite)).toBe(true);
  });

  it('lifts a classifier from source-only accuracy below 0.95 to at least 0.98 on a stretched target (as ADAPT tests CORAL)', () => {
    // Two classes at x0 = ±3 (unit spread) with x1 spread √10: total covariance ≈ 10·I. The target rows are the
    // same kind of rows times M = R·diag(2, 0.5)·Rᵀ (R the 45° rotation), a symmetric stretch, which CORAL undoes.
    const make = (n: number, M: number[][], r: Random) => {
      const data = new Float64Array(n * 2);
      const y: number[] = [];
      for (let i = 0; i < n; i++) {
        const a = (i % 2 ? 3 : -3) + r.normal();
        const b = Math.sqrt(10) * r.normal();
        data[2 * i] = a * M[0][0] + b * M[1][0];
        data[2 * i + 1] = a * M[0][1] + b * M[1][1];
        y.push(i % 2);
      }
      return { X: { rows: n, cols: 2, data }, y };
    };
    const r = new Random(1);
    const s = make(
      1000,
      [
        [1, 0],
        [0, 1],
      ],
      r,
    );
    const t = make(
      1000,
      [
        [1.25, 0.75],
        [0.75, 1.25],
      ],
      r,
    );
    const sourceOnly = accuracy(t.y, new RidgeClassifierCV().fit(s.X, s.y).predict(t.X));
    const coral = new FeatureTransfer({ map: new CORAL(), head: 'classification' }).fit(s, undefined, { targetUnlabeled: t.X });
    expect(sourceOnly).toBeLessThan(0.95);
    expect(accuracy(t.y, coral.predict(t.X) as number[])).toBeGreaterThanOrEqual(0.98);
  });
});

describe('subspace alignment and TCA', () => {
  it.each([
    ['SubspaceAlignment', () => new SubspaceAlignment({ components: 3 })],
    ['TCA (linear)', () => new TCA({ components: 3 })],
    ['TCA (rbf)', () => new TCA({ components: 3, kernel: 'rbf', mu: 0.1 })],
  ] as const)('%s cuts the gap between domain means at least in half, with the asked number of components', (_name, make) => {
    const before = normalisedMeanGap(source, target);
    const map = make().fit(source, { targetUnlabeled: target });
    const Zs = map.transform(source, { domain: 'source' });
    const Zt = map.transform(target, { domain: 'target' });
    expect(Zs.cols).toBe(3);
    expect(map.outputDim).toBe(3);
    expect(normalisedMeanGap(Zs, Zt)).toBeLessThan(before / 2);
  });

  it('TCA keeps the kernel bounded by subsampling large sets, reproducibly', () => {
    const a = new TCA({ components: 2, maxSamples: 100, seed: 4 }).fit(source, { targetUnlabeled: target });
    const b = new TCA({ components: 2, maxSamples: 100, seed: 4 }).fit(source, { targetUnlabeled: target });
    expect(a.toJSON().basis.length).toBe(100);
    expect(a.transform(target).data).toEqual(b.transform(target).data);
  });
});

describe('feature augmentation', () => {
  it('lays out source rows as [x, x, 0] and target rows as [x, 0, x]', () => {
    const fa = new FeatureAugmentation().fit([[1, 2]]);
    expect(Array.from(fa.transform([[1, 2]], { domain: 'source' }).data)).toEqual([1, 2, 1, 2, 0, 0]);
    expect(Array.from(fa.transform([[1, 2]], { domain: 'target' }).data)).toEqual([1, 2, 0, 0, 1, 2]);
    expect(fa.outputDim).toBe(6);
  });

  it('a ridge on augmented source rows only predicts target rows with its general block', () => {
    const y = Array.from({ length: source.rows }, (_, i) => 2 * source.data[i * 5] - source.data[i * 5 + 3] + 0.1 * rng.normal());
    const ft = new FeatureTransfer({ map: new FeatureAugmentation(), cv: 'loo' }).fit({ X: source, y });
    const W = (ft.model as unknown as RidgeRegression).coefMatrix.data;
    const b = ft.model.intercepts[0];
    const pred = ft.predict(target) as Float64Array;
    // With no target rows the target-specific block sees only zeros, so ridge leaves it at exactly 0.
    expect(Array.from(W.subarray(10, 15))).toEqual([0, 0, 0, 0, 0]);
    for (let i = 0; i < 5; i++) {
      const general = b + Array.from({ length: 5 }, (_, j) => W[j] * target.data[i * 5 + j]).reduce((s, v) => s + v, 0);
      expect(pred[i]).toBeCloseTo(general, 10);
    }
  });
});

describe('PCA', () => {
  it('equals an SVD of the centred data (ml-matrix as the outside reference)', () => {
    const pca = new PCA({ components: 3 }).fit(source);
    const X = toMlMatrix(source);
    const centred = X.clone().subRowVector(X.mean('column'));
    const svd = new SingularValueDecomposition(centred, { autoTranspose: true });
    const V = svd.rightSingularVectors;
    const s2 = svd.diagonal.map((v) => v * v);
    const total = s2.reduce((a, b) => a + b, 0);
    const C = pca.components;
    for (let c = 0; c < 3; c++) {
      const dot = Array.from({ length: 5 }, (_, j) => C.data[c * 5 + j] * V.get(j, c)).reduce((a, b) => a + b, 0);
      expect(Math.abs(dot)).toBeCloseTo(1, 8);
      expect(pca.explainedVarianceRatio[c]).toBeCloseTo(s2[c] / total, 8);
    }
    const scores = pca.transform(source);
    const reference = centred.mmul(new Matrix(V.to2DArray().map((r) => r.slice(0, 3))));
    for (let i = 0; i < 10; i++)
      for (let c = 0; c < 3; c++) expect(Math.abs(scores.data[i * 3 + c])).toBeCloseTo(Math.abs(reference.get(i, c)), 8);
  });

  it('keeps the components that explain the asked share of variance, optionally learnt with target rows', () => {
    const pca = new PCA({ components: { varianceRatio: 0.9 } }).fit(source);
    const r = pca.explainedVarianceRatio;
    expect(r.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(0.9 - 1e-12);
    expect(r.slice(0, -1).reduce((a, b) => a + b, 0)).toBeLessThan(0.9);
    const joint = new PCA({ components: 2, useTarget: true }).fit(source, { targetUnlabeled: target });
    expect(joint.outputDim).toBe(2);
  });
});

describe('network embedding', () => {
  beforeAll(() => selectBackend('wasm'));

  it("equals the network's own layer output and survives a JSON round trip", async () => {
    const net = mlp({ inputDim: 5, hidden: [6, 4], output: { kind: 'regression' }, seed: 2 });
    await train(net, { X: source, y: Array.from({ length: source.rows }, (_, i) => source.data[i * 5]) }, { epochs: 2 });
    const map = new NetworkEmbedding({ network: net, layer: 'hidden_2' }).fit(source);
    const Z = map.transform(target);
    const sub = tf.model({ inputs: net.model.inputs, outputs: net.layer('hidden_2').output });
    const x = tf.tensor2d(Float32Array.from(target.data), [target.rows, 5]);
    const direct = (sub.predict(x) as tf.Tensor).dataSync();
    Z.data.forEach((v, i) => expect(v).toBeCloseTo(direct[i], 6));
    const back = await featureMapFromJSON(JSON.parse(JSON.stringify(map.toJSON())));
    expect(back.transform(target).data).toEqual(Z.data);
    expect(map.outputDim).toBe(4);
    tf.dispose(x);
    if (back instanceof NetworkEmbedding) back.network.dispose();
    net.dispose();
  });
});

describe('FeatureTransfer bundles and bad input', () => {
  it.each([
    () => new PCA({ components: 2 }),
    () => new CORAL(),
    () => new SubspaceAlignment({ components: 2 }),
    () => new FeatureAugmentation(),
    () => new TCA({ components: 2 }),
  ])('saves and loads the whole pipeline as one bundle (%#)', async (make) => {
    const y = Array.from({ length: source.rows }, (_, i) => source.data[i * 5] + source.data[i * 5 + 1]);
    const yt = Array.from({ length: 20 }, (_, i) => target.data[i * 5] + target.data[i * 5 + 1]);
    const ft = new FeatureTransfer({ map: make() }).fit(
      { X: source, y },
      { X: { ...target, rows: 20, data: target.data.subarray(0, 100) }, y: yt },
      { targetUnlabeled: target },
    );
    const back = await FeatureTransfer.fromJSON(JSON.parse(JSON.stringify(ft.toJSON())));
    expect(back.predict(target)).toEqual(ft.predict(target));
  });

  it('reports mismatched columns, too few rows, missing target rows and use before fit', () => {
    const coral = new CORAL().fit(source, { targetUnlabeled: target });
    expect(() => coral.transform([[1, 2]])).toThrow(new ShapeMismatchError('CORAL.transform: X has 2 columns, the map was fitted on 5'));
    expect(() => new CORAL().fit(source, { targetUnlabeled: [[1, 2]] })).toThrow(
      'CORAL.fit: targetUnlabeled has 2 columns, the map was fitted on 5',
    );
    expect(() => new CORAL().fit(source)).toThrow('CORAL.fit: CORAL needs unlabelled target rows (targetUnlabeled)');
    expect(() =>
      new PCA({ components: 4 }).fit([
        [1, 2, 3, 4],
        [2, 3, 4, 5],
        [0, 1, 0, 1],
      ]),
    ).toThrow('PCA.fit: 4 components asked, but 3 rows of 4 features allow at most 2');
    const firstRows = (m: DenseMatrix, n: number): DenseMatrix => ({ rows: n, cols: m.cols, data: m.data.slice(0, n * m.cols) });
    expect(() => new SubspaceAlignment({ components: 3 }).fit(source, { targetUnlabeled: firstRows(target, 2) })).toThrow(
      'SubspaceAlignment.fit: 3 components asked, but 400 source and 2 target rows of 5 features allow at most 1',
    );
    expect(() => new TCA({ components: 50 }).fit(firstRows(source, 10), { targetUnlabeled: firstRows(target, 10) })).toThrow(
      'TCA.fit: 50 components asked, but 20 rows allow at most 19',
    );
    expect(() => new PCA().transform(source)).toThrow(NotFittedError);
    expect(() => new FeatureTransfer({ map: new PCA() }).predict(source)).toThrow(NotFittedError);
    expect(() => new PCA({ components: 0 })).toThrow(RangeError);
  });
});
