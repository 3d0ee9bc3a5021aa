import { kFold, Random, sampleLabelled, trainTestSplit } from '@tlkit/tensor-core';

describe('Random', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
  });

  it('draws uniforms in [0,1) with the right mean and normals with the right moments', () => {
    const rng = new Random(7);
    let s = 0;
    let s2 = 0;
    let u = 0;
    const n = 200000;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
      const v = rng.next();
      expect(v >= 0 && v < 1).toBe(true);
      u += v;
    }
    expect(Math.abs(u / n - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
  });

  it('draws integers without bias and permutations that are permutations', () => {
    const rng = new Random(9);
    const counts = new Array<number>(3).fill(0);
    for (let i = 0; i < 30000; i++) counts[rng.int(3)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
    const p = Array.from(rng.permutation(50)).sort((x, y) => x - y);
    expect(p).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(() => rng.int(0)).toThrow(RangeError);
    expect(() => new Random(NaN)).toThrow('Random: seed must be a finite number, got NaN');
  });

  it('forks independent, reproducible children', () => {
    const a = new Random(1).fork();
    const b = new Random(1).fork();
    expect(a.next()).toBe(b.next());
    const parent = new Random(1);
    expect(parent.fork().next()).not.toBe(parent.fork().next());
  });
});

describe('splits', () => {
  it('trainTestSplit partitions the rows, stratified when asked', () => {
    const labels = Array.from({ length: 100 }, (_, i) => (i < 80 ? 'a' : 'b'));
    const { train, test } = trainTestSplit(100, { testSize: 0.2, seed: 1, stratify: labels });
    expect(train.length + test.length).toBe(100);
    expect(new Set([...train, ...test]).size).toBe(100);
    expect(Array.from(test).filter((i) => labels[i] === 'b').length).toBe(4);
    expect(() => trainTestSplit(10, { testSize: 0 })).toThrow(RangeError);
  });

  it('kFold puts every row in exactly one test fold', () => {
    const folds = kFold(23, 5, { seed: 3 });
    const seen = new Array<number>(23).fill(0);
    for (const f of folds) {
      for (const i of f.test) seen[i]++;
      expect(f.train.length + f.test.length).toBe(23);
    }
    expect(seen.every((c) => c === 1)).toBe(true);
    expect(() => kFold(3, 5)).toThrow('kFold: k must be an integer in [2, 3] for 3 rows, got 5');
  });

  it('sampleLabelled draws k rows, per class or stratified with every class present', () => {
    const labels = Array.from({ length: 60 }, (_, i) => ['x', 'y', 'z'][i % 3] + (i < 45 ? '' : ''));
    const perClass = sampleLabelled(60, 4, { labels, perClass: true, seed: 2 });
    expect(perClass.train.length).toBe(12);
    for (const c of ['x', 'y', 'z']) expect(Array.from(perClass.train).filter((i) => labels[i] === c).length).toBe(4);
    const skewed = Array.from({ length: 100 }, (_, i) => (i < 90 ? 'big' : i < 97 ? 'mid' : 'small'));
    const strat = sampleLabelled(100, 10, { labels: skewed, seed: 5 });
    expect(strat.train.length).toBe(10);
    expect(new Set(Array.from(strat.train).map((i) => skewed[i])).size).toBe(3);
    expect(strat.train.length + strat.test.length).toBe(100);
    expect(() => sampleLabelled(5, 6)).toThrow('sampleLabelled: asked for 6 labelled rows, only 5 exist');
    expect(() => sampleLabelled(60, 30, { labels, perClass: true })).toThrow(
      'sampleLabelled: class x has 20 rows, fewer than 30 per class',
    );
  });

  it('is reproducible under a seed', () => {
    expect(sampleLabelled(50, 10, { seed: 11 })).toEqual(sampleLabelled(50, 10, { seed: 11 }));
  });
});
