import { deriveSeed, kFold, Random, sampleLabelled, trainTestSplit } from '@tlkit/tensor-core';

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
    let outside = 0;
    const n = 200000;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
      const v = rng.next();
      if (!(v >= 0 && v < 1)) outside++;
      u += v;
    }
    expect(outside).toBe(0);
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

describe('deriveSeed', () => {
  it("is splitmix64 chained over the seed and the parts (values from an independent Python implementation of Vigna's splitmix64.c)", () => {
    // splitmix64 from state 0 gives 0xe220a8397b1dcdaf first; from 1234567, 6457827717110365317: their top 31 bits.
    expect(deriveSeed(0)).toBe(Number(0xe220a8397b1dcdafn >> 33n));
    expect(deriveSeed(1234567)).toBe(Number(6457827717110365317n >> 33n));
    expect(deriveSeed(1.7e12, 5, 0)).toBe(349924271);
  });

  it('gives distinct seeds for every part even when the seed is a millisecond timestamp', () => {
    for (const seed of [0, 1, 1.7e12, 2 ** 53 - 1, -(2 ** 53 - 1)]) {
      const seeds = new Set<number>();
      for (let k = 0; k < 20; k++) for (let r = 0; r < 40; r++) seeds.add(deriveSeed(seed, k, r));
      expect(seeds.size).toBe(800);
      for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 31).toBe(true);
    }
    expect(deriveSeed(1.7e12, 5, 1)).not.toBe(deriveSeed(1.7e12 + 1, 5, 1));
  });

  it('rejects seeds and parts that are not safe integers', () => {
    expect(() => deriveSeed(0.5)).toThrow(new RangeError('deriveSeed: seed must be an integer between ±2^53, got 0.5'));
    expect(() => deriveSeed(2 ** 53)).toThrow(RangeError);
    expect(() => deriveSeed(1, Number.NaN)).toThrow('deriveSeed: part 0 must be an integer between ±2^53, got NaN');
  });
});
