import { mirrorUpper, type DenseMatrix } from '@tlkit/tensor-core';
import { matmulAll, overlappedChunks, syrkPackedAll, wasmWorkspace, type WasmWorkspace } from './wasm-module.js';

/** Row i of a matrix taken as scale_i·(x_i − mean): centring (and √weights) applied while rows are copied. */
export interface RowCentring {
  readonly mean: Float64Array;
  /** Per-row factor (√sample weight); 1 when absent. */
  readonly rowScale?: Float64Array;
}

/** Values of X copied into wasm memory per chunk: bounds memory (16 MB) whatever n is. */
const CHUNK_VALUES = 1 << 21;

function chunkRows(n: number, width: number): number {
  const rows = Math.max(4, Math.floor(CHUNK_VALUES / Math.max(width, 1) / 4) * 4);
  return Math.min(rows, Math.ceil(n / 4) * 4);
}

/** Writes rows [start, start+rows) of M, centred, at dst[offset + r·stride …]. */
function copyRows(
  M: DenseMatrix,
  centring: RowCentring | undefined,
  start: number,
  rows: number,
  dst: Float64Array,
  offset: number,
  stride: number,
): void {
  const { cols, data } = M;
  if (!centring && stride === cols) {
    dst.set(data.subarray(start * cols, (start + rows) * cols), offset);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const src = (start + r) * cols;
    const out = offset + r * stride;
    if (!centring) {
      dst.set(data.subarray(src, src + cols), out);
      continue;
    }
    const { mean, rowScale } = centring;
    if (rowScale) {
      const s = rowScale[start + r];
      for (let j = 0; j < cols; j++) dst[out + j] = s * (data[src + j] - mean[j]);
    } else {
      for (let j = 0; j < cols; j++) dst[out + j] = data[src + j] - mean[j];
    }
  }
}

/** The normal equations of a (centred) least-squares problem: XcᵀXc and XcᵀYc. */
export interface NormalEquations {
  readonly G: DenseMatrix;
  readonly B: DenseMatrix;
}

/** Values of a packed chunk: about 1 MB, so that the panels stay in the core's L2 cache while the kernel runs. */
const PACKED_VALUES = 1 << 17;
const MIN_CHUNK_ROWS = 256;

/**
 * Writes rows [start, start+rows) of [Xc | Yc] into 4-column panels (panel P: columns 4P..4P+3, row by row), the
 * columns past d + k zero. Centring is applied on the way, so Xc and Yc never exist as matrices.
 */
function packRows(
  X: DenseMatrix,
  Y: DenseMatrix,
  xc: RowCentring | undefined,
  yc: RowCentring | undefined,
  start: number,
  rows: number,
  panels: number,
  dst: Float64Array,
  offset: number,
): void {
  const d = X.cols;
  const k = Y.cols;
  const panelValues = rows * 4;
  const fullPanels = d >> 2;
  const x = X.data;
  const zeroMean = new Float64Array(Math.max(d, k));
  const xMean = xc?.mean ?? zeroMean;
  const yMean = yc?.mean ?? zeroMean;
  for (let r = 0; r < rows; r++) {
    const row = start + r;
    const src = row * d;
    const sx = xc?.rowScale ? xc.rowScale[row] : 1;
    const sy = yc?.rowScale ? yc.rowScale[row] : 1;
    let o = offset + r * 4;
    for (let P = 0; P < fullPanels; P++, o += panelValues) {
      const j = P * 4;
      dst[o] = sx * (x[src + j] - xMean[j]);
      dst[o + 1] = sx * (x[src + j + 1] - xMean[j + 1]);
      dst[o + 2] = sx * (x[src + j + 2] - xMean[j + 2]);
      dst[o + 3] = sx * (x[src + j + 3] - xMean[j + 3]);
    }
    for (let P = fullPanels; P < panels; P++, o += panelValues) {
      for (let c = 0; c < 4; c++) {
        const j = P * 4 + c;
        let v = 0;
        if (j < d) v = sx * (x[src + j] - xMean[j]);
        else if (j < d + k) v = sy * (Y.data[row * k + j - d] - yMean[j - d]);
        dst[o + c] = v;
      }
    }
  }
}

/**
 * Packs rows [start, start+rows) as `panels` 4-column panels at dst[offset …]; `staging` is the double offset of
 * the staging doubles packedGram was asked for, `ws` the workspace.
 */
type Packer = (start: number, rows: number, panels: number, dst: Float64Array, offset: number, staging: Staging) => void;

interface Staging {
  readonly ws: WasmWorkspace;
  readonly at: number;
  /** Rows per chunk (the most `rows` is). */
  readonly chunk: number;
}

/**
 * ZᵀZ for a matrix Z of `total` rows and `columns` columns that `pack` writes, chunk by chunk, as 4-column panels
 * into wasm memory; the kernel adds each chunk's 4×4 blocks into G (upper blocks, stride `width`, at offset 0).
 * `staging(chunk)` doubles of the workspace after the chunk buffers are the packer's. Undefined where WebAssembly
 * SIMD or the memory is missing.
 */
function packedGram(
  total: number,
  columns: number,
  pack: Packer,
  staging: (chunk: number) => number = () => 0,
): { memory: Float64Array; width: number } | undefined {
  const panels = Math.ceil(columns / 4);
  const width = panels * 4;
  // At least MIN_CHUNK_ROWS rows, so that for wide data each block of G is loaded and stored once per many rows.
  const chunk = Math.max(8, Math.min(total, Math.max(MIN_CHUNK_ROWS, Math.floor(PACKED_VALUES / width))));
  const gValues = width * width;
  // Two chunk buffers: the caller packs the next chunk into one while the kernel reads the other.
  const stagingAt = gValues + 2 * chunk * width;
  const workspace = wasmWorkspace(stagingAt + staging(chunk));
  if (!workspace) return undefined;
  const { memory } = workspace;
  memory.fill(0, 0, gValues);
  const buffer = (c: number): number => gValues + (c & 1) * chunk * width;
  const rows = (c: number): number => Math.min(chunk, total - c * chunk);
  const area = { ws: workspace, at: stagingAt, chunk };
  overlappedChunks(
    Math.ceil(total / chunk),
    (c) => pack(c * chunk, rows(c), panels, memory, buffer(c), area),
    (c, next) => syrkPackedAll(workspace, 'syrkPacked', buffer(c) * 8, rows(c), panels, 0, width, 1, next),
  );
  return { memory, width };
}

/**
 * XcᵀXc and XcᵀYc in one pass over the rows, where Xc and Yc are X and Y with a row centring applied (none: as
 * given): each chunk of rows is centred while it is packed into wasm memory as 4-column panels of [xc | yc], and
 * the SIMD kernel accumulates [Xc Yc]ᵀ[Xc Yc] block by block in registers. fp64 throughout; undefined where
 * WebAssembly SIMD is missing.
 */
export function wasmNormalEquations(
  X: DenseMatrix,
  Y: DenseMatrix,
  xCentring?: RowCentring,
  yCentring?: RowCentring,
): NormalEquations | undefined {
  const { rows: n, cols: d } = X;
  const k = Y.cols;
  const gram = packedGram(n, d + k, (start, rows, panels, dst, offset) => {
    packRows(X, Y, xCentring, yCentring, start, rows, panels, dst, offset);
  });
  if (!gram) return undefined;
  const { memory, width } = gram;
  const G = new Float64Array(d * d);
  const B = new Float64Array(d * k);
  for (let a = 0; a < d; a++) {
    G.set(memory.subarray(a * width + a, a * width + d), a * d + a);
    B.set(memory.subarray(a * width + d, a * width + d + k), a * k);
  }
  mirrorUpper(G, d);
  return { G: { rows: d, cols: d, data: G }, B: { rows: d, cols: k, data: B } };
}

/** XsᵀXs, XsᵀYs and the column sums of Xs and Ys for X and Y shifted by a row each (see wasmShiftedNormalEquations). */
export interface ShiftedNormalEquations {
  /** XcᵀXc (d×d), centred from the shifted sums: XsᵀXs − u·uᵀ/n with u = Σ_i (x_i − xShift). */
  readonly G: DenseMatrix;
  /** XcᵀYc (d×k), the same way. */
  readonly B: DenseMatrix;
  readonly xMean: Float64Array;
  readonly yMean: Float64Array;
  /**
   * The largest ratio, over the columns of X and Y, of a shifted sum of squares to its centred one: the factor of
   * precision the centring from the shifted sums lost (1 when a shift is the mean).
   */
  readonly centringLoss: number;
}

/**
 * The centred normal equations in one pass over X that also tests X's values: rows are packed as [x − xShift |
 * y − yShift | 1] (the shifts near the columns' means, so that the sums keep their precision), the kernel
 * accumulates the Gram matrix of that, and the ones column gives the sums that centre it and the means. While it
 * packs, every value of X is tested against `max` (false for NaN): 'bad' when one fails, for the caller to report
 * with the exact message of the input check. Undefined where WebAssembly SIMD is missing.
 */
export function wasmShiftedNormalEquations(
  X: DenseMatrix,
  Y: DenseMatrix,
  xShift: Float64Array,
  yShift: Float64Array,
  max: number,
): ShiftedNormalEquations | 'bad' | undefined {
  const { rows: n, cols: d } = X;
  const k = Y.cols;
  const x = X.data;
  const full = d >> 2;
  let ok = 1;
  // Staging: X's rows of a chunk as they are, then the shifts; the kernel packs the whole panels of X and tests them.
  const gram = packedGram(
    n,
    d + k + 1,
    (start, rows, panels, dst, offset, { ws, at, chunk }) => {
      const shiftAt = at + chunk * d;
      if (start === 0) ws.memory.set(xShift, shiftAt);
      ws.memory.set(x.subarray(start * d, (start + rows) * d), at);
      ok &= ws.wasm.packShifted(at * 8, rows, d, shiftAt * 8, full, offset * 8, max);
      const panelValues = rows * 4;
      for (let r = 0; r < rows; r++) {
        const row = start + r;
        const src = row * d;
        let o = offset + r * 4 + full * panelValues;
        for (let P = full; P < panels; P++, o += panelValues) {
          for (let q = 0; q < 4; q++) {
            const j = P * 4 + q;
            let v = 0;
            if (j < d) {
              const value = x[src + j];
              ok &= +(Math.abs(value) <= max);
              v = value - xShift[j];
            } else if (j < d + k) v = Y.data[row * k + j - d] - yShift[j - d];
            else if (j === d + k) v = 1;
            dst[o + q] = v;
          }
        }
      }
    },
    (chunk) => chunk * d + d,
  );
  if (!gram) return undefined;
  if (!ok) return 'bad';
  const { memory, width } = gram;
  const ones = d + k;
  const count = memory[ones * width + ones];
  const u = Float64Array.from({ length: d }, (_, a) => memory[a * width + ones]);
  const v = Float64Array.from({ length: k }, (_, c) => memory[(d + c) * width + ones]);
  const G = new Float64Array(d * d);
  const B = new Float64Array(d * k);
  for (let a = 0; a < d; a++) {
    const ua = u[a] / count;
    for (let b = a; b < d; b++) G[a * d + b] = memory[a * width + b] - ua * u[b];
    for (let c = 0; c < k; c++) B[a * k + c] = memory[a * width + d + c] - ua * v[c];
  }
  mirrorUpper(G, d);
  let centringLoss = 1;
  const loss = (shifted: number, sum: number): void => {
    const centred = shifted - (sum * sum) / count;
    if (centred < shifted) centringLoss = Math.max(centringLoss, centred > 0 ? shifted / centred : Infinity);
  };
  for (let a = 0; a < d; a++) loss(memory[a * width + a], u[a]);
  for (let c = 0; c < k; c++) loss(memory[(d + c) * width + d + c], v[c]);
  return {
    G: { rows: d, cols: d, data: G },
    B: { rows: d, cols: k, data: B },
    xMean: Float64Array.from(xShift, (s, j) => s + u[j] / count),
    yMean: Float64Array.from(yShift, (s, c) => s + v[c] / count),
    centringLoss,
  };
}

/**
 * Writes columns [start, start+cols) of Xc — as rows of Xcᵀ — into 4-column panels: panel P holds rows 4P..4P+3
 * of Xc (zeros past n), one packed row per column of X.
 */
function packColumns(
  X: DenseMatrix,
  centring: RowCentring | undefined,
  start: number,
  cols: number,
  panels: number,
  dst: Float64Array,
  offset: number,
): void {
  const { rows: n, cols: d, data } = X;
  const panelValues = cols * 4;
  for (let P = 0; P < panels; P++) {
    for (let c = 0; c < 4; c++) {
      const i = P * 4 + c;
      const base = offset + P * panelValues + c;
      if (i >= n) {
        for (let r = 0; r < cols; r++) dst[base + r * 4] = 0;
        continue;
      }
      const src = i * d + start;
      if (!centring) {
        for (let r = 0; r < cols; r++) dst[base + r * 4] = data[src + r];
        continue;
      }
      const s = centring.rowScale ? centring.rowScale[i] : 1;
      const { mean } = centring;
      for (let r = 0; r < cols; r++) dst[base + r * 4] = s * (data[src + r] - mean[start + r]);
    }
  }
}

/**
 * XcXcᵀ (n×n, fp64) for X under a row centring (none: as given), the Gram matrix of the dual path: blocks of X's
 * columns are packed as rows of Xcᵀ and go through the same register-blocked kernel as XᵀX; Xc and Xᵀ are never
 * formed. Undefined where WebAssembly SIMD is missing.
 */
export function wasmOuterGram(X: DenseMatrix, centring?: RowCentring): DenseMatrix | undefined {
  const { rows: n, cols: d } = X;
  const gram = packedGram(d, n, (start, cols, panels, dst, offset) => {
    packColumns(X, centring, start, cols, panels, dst, offset);
  });
  if (!gram) return undefined;
  const { memory, width } = gram;
  const K = new Float64Array(n * n);
  for (let a = 0; a < n; a++) K.set(memory.subarray(a * width + a, a * width + n), a * n + a);
  mirrorUpper(K, n);
  return { rows: n, cols: n, data: K };
}

/** XᵀX by the WebAssembly SIMD kernel (fp64), or undefined where WebAssembly SIMD is unavailable. */
export function wasmGram(X: DenseMatrix): DenseMatrix | undefined {
  return wasmNormalEquations(X, { rows: X.rows, cols: 0, data: new Float64Array(0) })?.G;
}

/**
 * Ac·B (n×d times d×m, fp64) with the WebAssembly SIMD kernel, Ac being A with an optional row centring, or
 * undefined where WebAssembly SIMD is unavailable. B and C are laid out with an even number of columns; rows of A
 * go through wasm memory in chunks.
 */
export function wasmMatmul(A: DenseMatrix, B: DenseMatrix, centring?: RowCentring): DenseMatrix | undefined {
  const { rows: n, cols: d } = A;
  const m = B.cols;
  if (B.rows !== d) throw new RangeError(`matmul: A is ${n}×${d}, B is ${B.rows}×${m}`);
  const m2 = m + (m & 1);
  const chunk = chunkRows(n, d + m2);
  const bOffset = 0;
  const aOffset = d * m2;
  const cOffset = aOffset + chunk * d;
  const workspace = wasmWorkspace(cOffset + chunk * m2);
  if (!workspace) return undefined;
  const { memory } = workspace;
  for (let k = 0; k < d; k++) {
    memory.set(B.data.subarray(k * m, (k + 1) * m), bOffset + k * m2);
    if (m2 > m) memory[bOffset + k * m2 + m] = 0;
  }
  const out = new Float64Array(n * m);
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start);
    const padded = Math.ceil(rows / 4) * 4;
    copyRows(A, centring, start, rows, memory, aOffset, d);
    memory.fill(0, aOffset + rows * d, aOffset + padded * d);
    memory.fill(0, cOffset, cOffset + padded * m2);
    matmulAll(workspace, aOffset * 8, padded, d, bOffset * 8, m2, cOffset * 8);
    for (let r = 0; r < rows; r++) out.set(memory.subarray(cOffset + r * m2, cOffset + r * m2 + m), (start + r) * m);
  }
  return { rows: n, cols: m, data: out };
}
