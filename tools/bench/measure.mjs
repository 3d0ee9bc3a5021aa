// Timing helpers shared by the benchmark rows: peers run as Python processes with the thread count pinned (or left
// to their defaults), tlkit runs in this process with setLinalgThreads; a row alternates tlkit and peer measurements
// for several rounds, so that machine load drifting over the run weighs on both sides alike, and reports the median
// ratio with its range.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { linalgThreads, setLinalgThreads } from '@tlkit/tensor-core';

export const PYTHON = '/usr/bin/python3';
/** What "default threads" means for tlkit here: tensor-core's default (the machine's cores). */
export const DEFAULT_THREADS = linalgThreads();

export function peerEnv(threads) {
  const env = { ...process.env };
  for (const name of ['OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS']) {
    if (threads === 'default') delete env[name];
    else env[name] = String(threads);
  }
  return env;
}

export function peerAvailable(module) {
  return spawnSync(PYTHON, ['-c', `import ${module}`], { env: peerEnv(1) }).status === 0;
}

export function runPeer(script, spec, threads) {
  const out = execFileSync(PYTHON, [join(import.meta.dirname, 'peers', script), JSON.stringify(spec)], {
    env: peerEnv(threads),
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.toString());
}

/** Seconds of each of `repeats` calls after one warm-up. */
export function timesOf(fn, repeats) {
  fn();
  const out = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    fn();
    out.push((performance.now() - start) / 1000);
  }
  return out;
}

/** Runs fn with tlkit's kernels on `threads` threads ('default': the machine's cores), restoring the count after. */
export function withThreads(threads, fn) {
  const previous = setLinalgThreads(threads === 'default' ? DEFAULT_THREADS : threads);
  try {
    return fn();
  } finally {
    setLinalgThreads(previous);
  }
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * `rounds` alternations of ours() and theirs() (each returning a best time in seconds, or a throughput when
 * `higherIsBetter`); the ratio tlkit/peer per round (time), or tlkit/peer throughput; median and range.
 */
export function alternate(rounds, ours, theirs) {
  const tl = [];
  const pe = [];
  for (let r = 0; r < rounds; r++) {
    tl.push(ours());
    if (theirs) pe.push(theirs());
  }
  const ratios = theirs ? tl.map((v, i) => v / pe[i]) : [];
  return {
    tlkit: median(tl),
    peer: theirs ? median(pe) : undefined,
    ratio: theirs ? median(ratios) : undefined,
    ratioMin: theirs ? Math.min(...ratios) : undefined,
    ratioMax: theirs ? Math.max(...ratios) : undefined,
    tlkitAll: tl,
    peerAll: pe,
  };
}

/** The 1-, 5- and 15-minute load averages. */
export function loadAverage() {
  try {
    return execFileSync('uptime').toString().trim().split('load average:')[1].trim();
  } catch {
    return 'unknown';
  }
}
