import type { DenseMatrix } from '../dense-matrix.js';
import { applyReflectors, BLOCK } from './back-transform.js';
import { tridiagonalDivideConquer } from './divide-conquer.js';
import { ascendingOrder, tridiagonalQL } from './tridiagonal-ql.js';
import { symvScratchDoubles } from './threaded-kernels.js';
import { PANEL, reduceToTridiagonal, type Tridiagonal } from './tridiagonalize.js';
import { gemmWorkDoubles, linalgWorkspace, type LinalgWorkspace } from './wasm-module.js';

/** What the fast path is asked for: eigenvalues, all eigenpairs, or eigenvalues with VᵀB for a few columns B. */
export type EigenJob = { readonly kind: 'values' } | { readonly kind: 'vectors' } | { readonly kind: 'project'; readonly B: DenseMatrix };

export interface FastEigenResult {
  /** Ascending. */
  readonly values: Float64Array;
  /** Eigenvectors as columns (job 'vectors'). */
  readonly vectors?: DenseMatrix;
  /** VᵀB, row j for eigenvalue j (job 'project'). */
  readonly projections?: DenseMatrix;
}

/**
 * The WebAssembly path of the symmetric eigensolver (only A's lower triangle is read): blocked Householder
 * tridiagonalisation, then implicit QL for eigenvalues alone (O(n²)) or with the rotations applied to QᵀB (O(n²k)),
 * or divide and conquer for every eigenvector followed by the blocked back-transformation. A is scaled by its
 * largest entry first. Undefined where WebAssembly SIMD or the memory is missing, or A is not finite, so that the
 * caller can take the plain path.
 */
export function fastSymmetricEigen(A: DenseMatrix, job: EigenJob): FastEigenResult | undefined {
  const n = A.rows;
  const scale = largestLowerEntry(A);
  if (scale === undefined) return undefined;
  const k = job.kind === 'project' ? job.B.cols : 0;
  const vectors = job.kind === 'vectors';
  const layout = planLayout(n, k, vectors);
  const ws = linalgWorkspace(layout.end);
  if (!ws) return undefined;
  const mem = ws.memory;
  loadScaledUpper(A, scale, mem, layout.a);
  const tri = reduceToTridiagonal(ws, { n, a: layout.a, w: layout.w, tmp: layout.tmp, symv: layout.symv, work: 0 });
  const back = { n, a: layout.a, y: layout.y, t: layout.t, wt: layout.wt, work: 0 };
  if (job.kind === 'values') {
    const d = tri.d.slice();
    tridiagonalQL(d, tri.e.slice(), n);
    return { values: Float64Array.from(d, (v) => v * scale).sort() };
  }
  if (job.kind === 'project') return project(ws, layout, tri, back, job.B, scale);
  const values = tridiagonalDivideConquer(ws, { n, z: layout.z, g: layout.g, u: layout.u, o: layout.o, work: 0 }, tri.d, tri.e);
  applyReflectors(ws, back, tri.tau, layout.z, n, n, false);
  return {
    values: values.map((v) => v * scale),
    vectors: { rows: n, cols: n, data: mem.slice(layout.z, layout.z + n * n) },
  };
}

/** The largest |entry| of A's lower triangle (1 for a zero matrix), or undefined where one is not finite. */
export function largestLowerEntry(A: DenseMatrix): number | undefined {
  const n = A.rows;
  let scale = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) scale = Math.max(scale, Math.abs(A.data[i * n + j]));
  if (!Number.isFinite(scale)) return undefined;
  return scale === 0 ? 1 : scale;
}

/** A's lower triangle divided by `scale`, transposed into the upper triangle of the n×n matrix at mem[a…]. */
export function loadScaledUpper(A: DenseMatrix, scale: number, mem: Float64Array, a: number): void {
  const n = A.rows;
  const inv = 1 / scale;
  // In 32×32 tiles: a column walk of A misses the cache.
  const TILE = 32;
  for (let i0 = 0; i0 < n; i0 += TILE) {
    for (let j0 = i0; j0 < n; j0 += TILE) {
      const i1 = Math.min(n, i0 + TILE);
      const j1 = Math.min(n, j0 + TILE);
      for (let j = j0; j < j1; j++) {
        const src = j * n;
        for (let i = i0; i < Math.min(i1, j + 1); i++) mem[a + i * n + j] = A.data[src + i] * inv;
      }
    }
  }
}

function project(
  ws: LinalgWorkspace,
  layout: Layout,
  tri: Tridiagonal,
  back: Parameters<typeof applyReflectors>[1],
  B: DenseMatrix,
  scale: number,
): FastEigenResult {
  const n = layout.n;
  const k = B.cols;
  if (B.rows !== n) throw new RangeError(`symmetricEigenProjections: A is ${n}×${n}, B has ${B.rows} rows`);
  const mem = ws.memory;
  mem.set(B.data, layout.c);
  applyReflectors(ws, back, tri.tau, layout.c, k, k, true);
  const rows = mem.slice(layout.c, layout.c + n * k);
  const d = tri.d.slice();
  tridiagonalQL(d, tri.e.slice(), n, rows, k);
  const order = ascendingOrder(d);
  const projections = new Float64Array(n * k);
  order.forEach((src, dst) => projections.set(rows.subarray(src * k, src * k + k), dst * k));
  return { values: Float64Array.from(order, (i) => d[i] * scale), projections: { rows: n, cols: k, data: projections } };
}

interface Layout {
  readonly n: number;
  readonly a: number;
  readonly w: number;
  readonly tmp: number;
  readonly symv: number;
  readonly y: number;
  readonly t: number;
  readonly wt: number;
  readonly c: number;
  readonly z: number;
  readonly g: number;
  readonly u: number;
  readonly o: number;
  readonly end: number;
}

/** Offsets (doubles) of every region; the gemm scratch is at 0. */
function planLayout(n: number, k: number, vectors: boolean): Layout {
  let at = gemmWorkDoubles();
  const take = (size: number): number => {
    const start = at;
    at += size + 2;
    return start;
  };
  const cols = vectors ? n : k;
  const a = take(n * n);
  const w = take(3 * PANEL * n);
  const tmp = take(2 * PANEL);
  const symv = take(symvScratchDoubles(n));
  const y = take(BLOCK * n);
  const t = take(2 * BLOCK * BLOCK);
  const wt = take(2 * BLOCK * cols);
  const c = take(n * k);
  const big = vectors ? n * n : 0;
  const z = take(big);
  const g = take(big);
  const u = take(big);
  const o = take(big);
  return { n, a, w, tmp, symv, y, t, wt, c, z, g, u, o, end: at };
}
