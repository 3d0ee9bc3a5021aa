import { GEMM_WORK_DOUBLES, linalgThreads, type LinalgWorkspace } from './wasm-module.js';

/** Below this many multiply-adds a gemm stays on one thread: waking the workers costs tens of microseconds. */
const GEMM_THREAD_MIN = 1 << 19;
/** Below this order a symmetric matrix-vector product stays on one thread. */
const SYMV_THREAD_MIN = 192;

/**
 * Cuts [0, total) into `parts` ranges of about equal cost, each boundary a multiple of `align`; cost(i) is the work
 * of index i.
 */
function balancedCuts(total: number, parts: number, align: number, cost: (i: number) => number): number[] {
  let sum = 0;
  for (let i = 0; i < total; i++) sum += cost(i);
  const cuts = [0];
  let acc = 0;
  let i = 0;
  for (let t = 1; t < parts; t++) {
    const goal = (sum * t) / parts;
    while (i < total && acc + cost(i) <= goal) acc += cost(i++);
    const aligned = Math.min(total, Math.max(cuts[cuts.length - 1], Math.round(i / align) * align));
    while (i < aligned) acc += cost(i++);
    while (i > aligned) acc -= cost(--i);
    cuts.push(aligned);
  }
  cuts.push(total);
  return cuts;
}

/**
 * The gemm kernel (same arguments as the export; pointers in bytes, `work` the first of one scratch area per
 * thread), split over the workspace's threads: by rows of C (balanced by the entries a triangular mode asks for)
 * or, when C is wide and short, by columns. Each thread writes its own part of C, so results do not depend on
 * timing.
 */
export function gemm(
  ws: LinalgWorkspace,
  m: number,
  n: number,
  k: number,
  a: number,
  lda: number,
  ta: number,
  b: number,
  ldb: number,
  tb: number,
  c: number,
  ldc: number,
  alpha: number,
  mode: number,
  diag: number,
  work: number,
): void {
  const pool = ws.pool;
  const T = pool?.threads ?? 1;
  if (!pool || T < 2 || m * n * k < GEMM_THREAD_MIN) {
    ws.wasm.gemm(m, n, k, a, lda, ta, b, ldb, tb, c, ldc, alpha, mode, diag, work);
    return;
  }
  const shares: (number[] | undefined)[] = [];
  const area = (t: number): number => work + t * GEMM_WORK_DOUBLES * 8;
  if (mode !== 0 || m >= n) {
    const cost =
      mode === 1
        ? (i: number) => Math.min(n, Math.max(0, i + diag + 1))
        : mode === 2
          ? (i: number) => Math.min(n, Math.max(0, n - (i + diag)))
          : () => 1;
    const cuts = balancedCuts(m, T, 4, cost);
    for (let t = 0; t < T; t++) {
      const i0 = cuts[t];
      const rows = cuts[t + 1] - i0;
      if (rows <= 0) continue;
      const aOffset = a + (ta ? i0 : i0 * lda) * 8;
      shares[t] = [rows, n, k, aOffset, lda, ta, b, ldb, tb, c + i0 * ldc * 8, ldc, alpha, mode, diag + i0, area(t)];
    }
  } else {
    const cuts = balancedCuts(n, T, 4, () => 1);
    for (let t = 0; t < T; t++) {
      const j0 = cuts[t];
      const cols = cuts[t + 1] - j0;
      if (cols <= 0) continue;
      const bOffset = b + (tb ? j0 * ldb : j0) * 8;
      shares[t] = [m, cols, k, a, lda, ta, bOffset, ldb, tb, c + j0 * 8, ldc, alpha, mode, diag - j0, area(t)];
    }
  }
  pool.run('gemm', shares);
}

/** Doubles of scratch `symvUpper` needs beyond y: one partial y per extra thread of setLinalgThreads. */
export function symvScratchDoubles(n: number): number {
  return (linalgThreads() - 1) * n;
}

/**
 * y += A·x for the symmetric n×n A stored as its upper triangle (see the symvUpper export; offsets in doubles
 * here), split by rows of equal work over setLinalgThreads' count T: part 0 adds into y, the others into their own
 * partial y at `scratch` (symvScratchDoubles), summed into y in a fixed order afterwards. The parts run on the worker
 * pool when it is there, else one after another on this thread — the same additions either way, so the bits depend
 * on T alone, never on whether the workers started (a loaded machine may not start them in time).
 */
export function symvUpper(ws: LinalgWorkspace, a: number, lda: number, n: number, x: number, y: number, scratch: number): void {
  const T = linalgThreads();
  if (T < 2 || n < SYMV_THREAD_MIN) {
    ws.wasm.symvUpper(a * 8, lda, n, x * 8, y * 8, 0, n);
    return;
  }
  const mem = ws.memory;
  const cuts = balancedCuts(n, T, 2, (i) => n - i);
  const shares: number[][] = [];
  for (let t = 0; t < T; t++) {
    const out = t === 0 ? y : scratch + (t - 1) * n;
    if (t > 0) mem.fill(0, out + cuts[t], out + n);
    shares.push([a * 8, lda, n, x * 8, out * 8, cuts[t], cuts[t + 1]]);
  }
  const pool = ws.pool;
  if (pool && pool.threads === T) pool.run('symvUpper', shares);
  else for (const [pa, plda, pn, px, pout, i0, i1] of shares) ws.wasm.symvUpper(pa, plda, pn, px, pout, i0, i1);
  for (let t = 1; t < T; t++) {
    const part = scratch + (t - 1) * n;
    for (let i = cuts[t]; i < n; i++) mem[y + i] += mem[part + i];
  }
}

/** Below this many entries of M times shifts the LDLᵀ sweep stays on one thread. */
const SWEEP_THREAD_MIN = 1 << 18;

/**
 * The ldlSquares kernel (see the export; offsets in doubles here) over the n×cols block M at `m` (row stride ldm),
 * with its columns cut into one range per thread (multiples of 8): every column is independent, so the bits do not
 * depend on the thread count.
 */
export function ldlSquares(
  ws: LinalgWorkspace,
  m: number,
  ldm: number,
  cols: number,
  n: number,
  shifts: number,
  l: number,
  invd: number,
  out: number,
  ldo: number,
): void {
  const pool = ws.pool;
  const T = pool?.threads ?? 1;
  if (!pool || T < 2 || cols * n * shifts < SWEEP_THREAD_MIN) {
    ws.wasm.ldlSquares(m * 8, ldm, cols, n, shifts, l * 8, invd * 8, out * 8, ldo);
    return;
  }
  const cuts = balancedCuts(cols, T, 8, () => 1);
  const shares: (number[] | undefined)[] = [];
  for (let t = 0; t < T; t++) {
    const c0 = cuts[t];
    const width = cuts[t + 1] - c0;
    if (width > 0) shares[t] = [(m + c0) * 8, ldm, width, n, shifts, l * 8, invd * 8, (out + c0) * 8, ldo];
  }
  pool.run('ldlSquares', shares);
}
