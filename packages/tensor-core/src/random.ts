/**
 * The one seeded generator that all randomness in tlkit comes from: xoshiro128** (Blackman & Vigna 2018),
 * seeded through splitmix32 so that nearby seeds give unrelated streams. Same seed, same numbers, on every
 * platform (only 32-bit integer arithmetic via Math.imul).
 */
export class Random {
  readonly seed: number;
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | undefined;

  constructor(seed = 0) {
    if (!Number.isFinite(seed)) throw new RangeError(`Random: seed must be a finite number, got ${seed}`);
    this.seed = seed;
    let x = (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A generator from a seed, or the generator itself when one is passed. */
  static from(seedOrRandom: number | Random | undefined): Random {
    return seedOrRandom instanceof Random ? seedOrRandom : new Random(seedOrRandom ?? 0);
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform double in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.next();
  }

  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) {
      throw new RangeError(`Random.int: n must be an integer in [1, 2^32], got ${n}`);
    }
    const limit = 2 ** 32 - (2 ** 32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** A standard normal draw (Box–Muller, pairs cached). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles an array or typed array in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** k distinct indices from 0..n-1, in random order. */
  sample(n: number, k: number): Int32Array {
    if (!Number.isInteger(k) || k < 0 || k > n) {
      throw new RangeError(`Random.sample: k must be an integer in [0, ${n}], got ${k}`);
    }
    return this.permutation(n).slice(0, k);
  }

  /** An independent child generator; the parent advances, so repeated forks differ. */
  fork(): Random {
    return new Random(this.nextUint32() * 2 ** 21 + (this.nextUint32() >>> 11));
  }

  /** A 31-bit integer seed for libraries that take one (e.g. tfjs initialisers). */
  nextSeed(): number {
    return this.nextUint32() >>> 1;
  }
}

const MASK64 = (1n << 64n) - 1n;

/** One step of splitmix64 (Steele, Lea & Flood 2014; the mixer Vigna recommends for seeding xoshiro). */
function splitmix64(x: bigint): bigint {
  let z = (x + 0x9e3779b97f4a7c15n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

function checkSeedPart(value: number, name: string): bigint {
  if (!Number.isSafeInteger(value)) throw new RangeError(`deriveSeed: ${name} must be an integer between ±2^53, got ${value}`);
  return BigInt.asUintN(64, BigInt(value));
}

/**
 * A seed for one part of a seeded computation — a draw, a fold, a replicate — from the user's seed and the part's
 * coordinates: splitmix64 chained over the 64-bit values, so that every integer seed up to 2^53 (a millisecond
 * timestamp included) and every choice of parts give unrelated seeds. Returns a 31-bit non-negative integer, like
 * `nextSeed`, which every consumer of seeds accepts.
 */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let h = splitmix64(checkSeedPart(seed, 'seed'));
  parts.forEach((p, i) => (h = splitmix64(h ^ checkSeedPart(p, `part ${i}`))));
  return Number(h >> 33n);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
