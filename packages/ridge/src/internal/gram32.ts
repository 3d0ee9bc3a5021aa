import { mirrorUpper, type DenseMatrix } from '@tlkit/tensor-core';
import { overlappedChunks, syrkPackedAll, wasmWorkspace, type WasmWorkspace } from './wasm-module.js';
import type { RowCentring } from './wasm-kernels.js';

/** Bytes of an fp32 packed chunk: about 4 MB, 512 rows at d = 2000 (fp32 sums over a chunk, then fp64 across chunks). */
const PACKED32_BYTES = 1 << 22;

/** Where the fp32 Gram of an n×d design lives in a workspace: G (fp64, upper, stride width) at 0, then two buffers. */
export interface Gram32Layout {
  readonly width: number;
  readonly chunk: number;
  readonly panels: number;
  /** fp64 slots of one fp32 chunk buffer. */
  readonly bufferDoubles: number;
  /** width², where the buffers start. */
  readonly gValues: number;
  /** Doubles in all. */
  readonly end: number;
}

export function gram32Layout(n: number, d: number): Gram32Layout {
  const panels = Math.ceil(d / 4);
  // One spare panel of columns and rows: the trailing updates of a Cholesky in place (4×4 and 4×8 blocks from a
  // column that is a multiple of 4) reach up to 3 past the last.
  const width = panels * 4 + 4;
  // Even, for packColumns32's column pairs.
  const chunk = Math.max(8, Math.min(n + (n & 1), 1024, Math.floor(PACKED32_BYTES / (panels * 32)) * 2));
  const gValues = width * width;
  // Two fp32 chunk buffers (each a whole number of fp64 slots): one is packed while the kernel reads the other.
  const bufferDoubles = Math.ceil((chunk * panels * 4) / 2) + 2;
  return { width, chunk, panels, bufferDoubles, gValues, end: gValues + 2 * bufferDoubles };
}

/**
 * XcᵀXc accumulated in fp32 into the workspace at the layout's offset 0 (upper triangle, row stride width, the
 * spare rows and columns zero): the f32x4 syrkPacked32 kernel, twice the multiply-adds per instruction of the fp64
 * one, over chunks of rows that `pack` writes as fp32 panels at a byte offset (pack(start, rows, at)), each chunk's
 * sums widened into the fp64 G. The next chunk is packed while the workers run on this one.
 */
function accumulateGram32(
  ws: WasmWorkspace,
  n: number,
  layout: Gram32Layout,
  pack: (start: number, rows: number, at: number) => void,
): void {
  const { width, chunk, panels, bufferDoubles, gValues } = layout;
  ws.memory.fill(0, 0, gValues);
  const buffer = (c: number): number => (gValues + (c & 1) * bufferDoubles) * 8;
  const rows = (c: number): number => Math.min(chunk, n - c * chunk);
  overlappedChunks(
    Math.ceil(n / chunk),
    (c) => pack(c * chunk, rows(c), buffer(c)),
    (c, next) => syrkPackedAll(ws, 'syrkPacked32', buffer(c), rows(c), panels, 0, width, 1, next),
  );
}

/** accumulateGram32 with X's rows centred while they are packed, in JavaScript. */
function gram32Into(ws: WasmWorkspace, X: DenseMatrix, xCentring: RowCentring | undefined, layout: Gram32Layout): void {
  const { rows: n, cols: d } = X;
  const { chunk, panels } = layout;
  const mean = xCentring?.mean ?? new Float64Array(d);
  const scale = xCentring?.rowScale;
  const x = X.data;
  const full = d >> 2;
  accumulateGram32(ws, n, layout, (start, rows, at) => {
    const floats = new Float32Array(ws.memory.buffer, at, chunk * panels * 4);
    const panelFloats = rows * 4;
    for (let r = 0; r < rows; r++) {
      const row = start + r;
      const src = row * d;
      const s = scale ? scale[row] : 1;
      let o = r * 4;
      for (let P = 0; P < full; P++, o += panelFloats) {
        const j = P * 4;
        floats[o] = s * (x[src + j] - mean[j]);
        floats[o + 1] = s * (x[src + j + 1] - mean[j + 1]);
        floats[o + 2] = s * (x[src + j + 2] - mean[j + 2]);
        floats[o + 3] = s * (x[src + j + 3] - mean[j + 3]);
      }
      if (full < panels) {
        for (let c = 0; c < 4; c++) {
          const j = full * 4 + c;
          floats[o + c] = j < d ? s * (x[src + j] - mean[j]) : 0;
        }
      }
    }
  });
}

/**
 * accumulateGram32 from n rows of d columns already centred in the workspace (fp64 at double offset x, row stride
 * ds), packed by the packRows32 kernel: the same fp32 values as gram32Into's, so the same G.
 */
export function gram32FromRows(ws: WasmWorkspace, x: number, ds: number, n: number, d: number, layout: Gram32Layout): void {
  accumulateGram32(ws, n, layout, (start, rows, at) => ws.wasm.packRows32(x * 8, ds, d, start, rows, layout.panels, at));
}

/**
 * XcᵀXc accumulated in fp32 (see gram32Into), as a d×d fp64 matrix. Good to about 1e-6 relative: for solves that
 * refine against exact products, never for a spectrum. Undefined where WebAssembly SIMD or the memory is missing.
 */
export function wasmGram32(X: DenseMatrix, xCentring?: RowCentring): DenseMatrix | undefined {
  const { rows: n, cols: d } = X;
  const layout = gram32Layout(n, d);
  const workspace = wasmWorkspace(layout.end);
  if (!workspace) return undefined;
  gram32Into(workspace, X, xCentring, layout);
  const { memory } = workspace;
  const { width } = layout;
  const G = new Float64Array(d * d);
  for (let a = 0; a < d; a++) G.set(memory.subarray(a * width + a, a * width + d), a * d + a);
  mirrorUpper(G, d);
  return { rows: d, cols: d, data: G };
}

/**
 * XcXcᵀ (n×n) by accumulateGram32 from the n rows of Xc held in the workspace (fp64 at double offset x, row stride
 * ds even, rows n..4·⌈n/4⌉ zero), its columns packed as panels of Xcᵀ by the packColumns32 kernel: the layout is
 * gram32Layout(ds, n) (the "rows" of this Gram matrix are the ds columns of Xc, the padding one zero).
 */
export function outerGram32FromRows(ws: WasmWorkspace, x: number, ds: number, layout: Gram32Layout): void {
  accumulateGram32(ws, ds, layout, (start, cols, at) => ws.wasm.packColumns32(x * 8, ds, start, cols, layout.panels, at));
}
