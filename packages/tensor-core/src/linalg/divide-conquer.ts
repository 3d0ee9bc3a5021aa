import { secularRoots, secularVectors } from './secular.js';
import { ascendingOrder, tridiagonalQL } from './tridiagonal-ql.js';
import { gemm } from './threaded-kernels.js';
import type { LinalgWorkspace } from './wasm-module.js';

/** Blocks at or below this size are solved by implicit QL with vectors. */
const LEAF = 32;
const EPS = 2 ** -52;

/** Where divide and conquer works in wasm memory (offsets in doubles). */
export interface DivideConquerLayout {
  readonly n: number;
  /** n×n row-major: column j ends as the eigenvector of eigenvalue j. */
  readonly z: number;
  /** Three n×n scratch matrices (gathered columns, the secular vectors, the products) and the gemm scratch. */
  readonly g: number;
  readonly u: number;
  readonly o: number;
  readonly work: number;
}

/**
 * All eigenpairs of the symmetric tridiagonal (d, e) by Cuppen's divide and conquer with Gu–Eisenstat
 * eigenvectors: the matrix is split by a rank-one tear, both halves solved recursively, and each merge solves the
 * secular equation of D + ρ·z·zᵀ after deflating negligible z_j and near-equal d_j (as LAPACK's dlaed family); the
 * merged eigenvectors are one gemm per half, restricted to the columns that have support there. Returns the
 * eigenvalues ascending; Z's columns follow them. d and e are destroyed.
 */
export function tridiagonalDivideConquer(ws: LinalgWorkspace, layout: DivideConquerLayout, d: Float64Array, e: Float64Array): Float64Array {
  const { n, z } = layout;
  ws.memory.fill(0, z, z + n * n);
  solve(ws, layout, d, e, 0, n);
  return d.slice(0, n);
}

function solve(ws: LinalgWorkspace, layout: DivideConquerLayout, d: Float64Array, e: Float64Array, lo: number, hi: number): void {
  const size = hi - lo;
  if (size <= LEAF) {
    leaf(ws.memory, layout, d, e, lo, hi);
    return;
  }
  const mid = lo + (size >> 1);
  const beta = e[mid - 1];
  const rho = Math.abs(beta);
  d[mid - 1] -= rho;
  d[mid] -= rho;
  solve(ws, layout, d, e, lo, mid);
  solve(ws, layout, d, e, mid, hi);
  merge(ws, layout, d, lo, mid, hi, beta);
}

function leaf(mem: Float64Array, layout: DivideConquerLayout, d: Float64Array, e: Float64Array, lo: number, hi: number): void {
  const { n, z } = layout;
  const size = hi - lo;
  const dd = d.slice(lo, hi);
  const ee = new Float64Array(size);
  for (let i = 0; i < size - 1; i++) ee[i] = e[lo + i];
  const W = new Float64Array(size * size);
  for (let i = 0; i < size; i++) W[i * size + i] = 1;
  tridiagonalQL(dd, ee, size, W, size);
  ascendingOrder(dd).forEach((src, c) => {
    d[lo + c] = dd[src];
    for (let r = 0; r < size; r++) mem[z + (lo + r) * n + lo + c] = W[src * size + r];
  });
}

/** Column kinds after deflation: support in the top half only, in both (rotated together), in the bottom only. */
const TOP = 0;
const MIXED = 1;
const BOTTOM = 2;

function merge(ws: LinalgWorkspace, layout: DivideConquerLayout, d: Float64Array, lo: number, mid: number, hi: number, beta: number): void {
  const { n, z } = layout;
  const mem = ws.memory;
  const N = hi - lo;
  const n1 = mid - lo;
  let rho = Math.abs(beta);
  const sign = beta < 0 ? -1 : 1;
  // z = Qᵀv with v = e_{mid−1} + sign·e_mid: the last row of Q1 and the first row of Q2.
  const zv = new Float64Array(N);
  for (let c = 0; c < n1; c++) zv[c] = mem[z + (mid - 1) * n + lo + c];
  for (let c = n1; c < N; c++) zv[c] = sign * mem[z + mid * n + lo + c];
  let zn = 0;
  for (const v of zv) zn += v * v;
  zn = Math.sqrt(zn);
  if (zn > 0) for (let c = 0; c < N; c++) zv[c] /= zn;
  rho *= zn * zn;
  const D = d.slice(lo, hi);
  const order = ascendingOrder(D);
  const ds = Float64Array.from(order, (c) => D[c]);
  const zs = Float64Array.from(order, (c) => zv[c]);
  const kind = Int8Array.from(order, (c) => (c < n1 ? TOP : BOTTOM));
  let dmax = 0;
  for (const v of ds) dmax = Math.max(dmax, Math.abs(v));
  const tol = 8 * EPS * Math.max(dmax, rho);
  const deflated = new Uint8Array(N);
  let prev = -1;
  for (let k = 0; k < N; k++) {
    if (rho * Math.abs(zs[k]) <= tol) {
      deflated[k] = 1;
      continue;
    }
    if (prev >= 0) {
      const r = Math.hypot(zs[prev], zs[k]);
      const c = zs[k] / r;
      const s = zs[prev] / r;
      if (Math.abs((ds[k] - ds[prev]) * c * s) <= tol) {
        rotateColumns(mem, z + lo * n + lo, n, N, order[prev], order[k], c, s);
        zs[k] = r;
        zs[prev] = 0;
        const dp = c * c * ds[prev] + s * s * ds[k];
        ds[k] = s * s * ds[prev] + c * c * ds[k];
        ds[prev] = dp;
        if (kind[prev] !== kind[k]) kind[prev] = kind[k] = MIXED;
        deflated[prev] = 1;
      }
    }
    prev = k;
  }
  const kept: number[] = [];
  for (let k = 0; k < N; k++) if (!deflated[k]) kept.push(k);
  const K = kept.length;
  const values = new Float64Array(N);
  for (let k = 0; k < N; k++) values[k] = ds[k];
  if (K > 0) {
    const dk = Float64Array.from(kept, (k) => ds[k]);
    const zk = Float64Array.from(kept, (k) => zs[k]);
    const roots = secularRoots(dk, zk, rho);
    for (let i = 0; i < K; i++) values[kept[i]] = dk[roots.origin[i]] + roots.tau[i];
    // U's rows go grouped by kind (top, mixed, bottom), so that each half multiplies a contiguous run of them.
    const grouped = [TOP, MIXED, BOTTOM].flatMap((t) => kept.map((_, i) => i).filter((i) => kind[kept[i]] === t));
    const rowOf = new Int32Array(K);
    grouped.forEach((i, r) => (rowOf[i] = r));
    secularVectors(dk, zk, rho, roots, rowOf, mem, layout.u);
    multiplyKept(ws, layout, lo, mid, hi, kept, order, grouped, kind);
  }
  writeBack(mem, layout, d, lo, N, K, kept, order, deflated, values);
}

/** Columns a and b (block-local) of the N×N block at `base` (stride ld) ← (c·q_a − s·q_b, s·q_a + c·q_b). */
function rotateColumns(mem: Float64Array, base: number, ld: number, N: number, a: number, b: number, c: number, s: number): void {
  for (let r = 0; r < N; r++) {
    const row = base + r * ld;
    const qa = mem[row + a];
    const qb = mem[row + b];
    mem[row + a] = c * qa - s * qb;
    mem[row + b] = s * qa + c * qb;
  }
}

/**
 * O = Q_kept·U: the top rows from the top and mixed kept columns, the bottom rows from the mixed and bottom ones,
 * each one gemm over a contiguous run of U's rows (grouped by kind); O is N×K at layout.o.
 */
function multiplyKept(
  ws: LinalgWorkspace,
  layout: DivideConquerLayout,
  lo: number,
  mid: number,
  hi: number,
  kept: readonly number[],
  order: readonly number[],
  grouped: readonly number[],
  kind: Int8Array,
): void {
  const { n, z, g, u, o, work } = layout;
  const mem = ws.memory;
  const K = kept.length;
  const N = hi - lo;
  let tops = 0;
  let bottoms = 0;
  for (const k of kept) {
    if (kind[k] === TOP) tops++;
    else if (kind[k] === BOTTOM) bottoms++;
  }
  mem.fill(0, o, o + N * K);
  const halves: [number, number, number, number][] = [
    [lo, mid, 0, K - bottoms],
    [mid, hi, tops, K],
  ];
  for (const [r0, r1, first, last] of halves) {
    const rows = r1 - r0;
    const m = last - first;
    if (m === 0 || rows === 0) continue;
    for (let r = 0; r < rows; r++) {
      const src = z + (r0 + r) * n + lo;
      const dst = g + r * m;
      for (let q = 0; q < m; q++) mem[dst + q] = mem[src + order[kept[grouped[first + q]]]];
    }
    wasmGemm(ws, rows, K, m, g, u + first * K, o + (r0 - lo) * K, work);
  }
}

function wasmGemm(ws: LinalgWorkspace, m: number, n: number, k: number, a: number, b: number, c: number, work: number): void {
  gemm(ws, m, n, k, a * 8, k, 0, b * 8, n, 0, c * 8, n, 1, 0, 0, work * 8);
}

/** The merged block, eigenvalues ascending: kept columns from O, deflated ones from the block itself. */
function writeBack(
  mem: Float64Array,
  layout: DivideConquerLayout,
  d: Float64Array,
  lo: number,
  N: number,
  K: number,
  kept: readonly number[],
  order: readonly number[],
  deflated: Uint8Array,
  values: Float64Array,
): void {
  const { n, z, g, o } = layout;
  const keptIndex = new Int32Array(N).fill(-1);
  kept.forEach((k, i) => (keptIndex[k] = i));
  const final = ascendingOrder(values);
  // Assemble in g (N×N), then copy over the block.
  for (let r = 0; r < N; r++) {
    const dst = g + r * N;
    const src = z + (lo + r) * n + lo;
    for (let c = 0; c < N; c++) {
      const k = final[c];
      mem[dst + c] = deflated[k] ? mem[src + order[k]] : mem[o + r * K + keptIndex[k]];
    }
  }
  for (let r = 0; r < N; r++) mem.copyWithin(z + (lo + r) * n + lo, g + r * N, g + r * N + N);
  for (let c = 0; c < N; c++) d[lo + c] = values[final[c]];
}
