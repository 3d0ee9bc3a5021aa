import { cholesky, choleskySolve, symmetricEigen, type DenseMatrix } from '@tlkit/tensor-core';

/** The kernel features of both domains at one width: Φs (ns × b), Φt (nt × b). */
export interface LsifDesign {
  readonly Phis: DenseMatrix;
  readonly Phit: DenseMatrix;
}

/** Ĥ = (1−a)/ns·ΦsᵀΦs + a/nt·ΦtᵀΦt and ĥ = mean of Φt's rows (Yamada et al. 2011; a = 0 is uLSIF). */
function lsifMoments(design: LsifDesign, a: number): { Hs: Float64Array; Ht: Float64Array; h: Float64Array } {
  const { Phis, Phit } = design;
  const b = Phis.cols;
  const Hs = new Float64Array(b * b);
  const Ht = new Float64Array(b * b);
  const h = new Float64Array(b);
  const accumulate = (Phi: DenseMatrix, out: Float64Array) => {
    for (let i = 0; i < Phi.rows; i++) {
      const o = i * b;
      for (let p = 0; p < b; p++) {
        const v = Phi.data[o + p];
        if (v === 0) continue;
        for (let q = p; q < b; q++) out[p * b + q] += v * Phi.data[o + q];
      }
    }
    for (let p = 0; p < b; p++) {
      for (let q = p; q < b; q++) {
        out[p * b + q] /= Phi.rows;
        out[q * b + p] = out[p * b + q];
      }
    }
  };
  accumulate(Phis, Hs);
  if (a > 0) accumulate(Phit, Ht);
  for (let j = 0; j < Phit.rows; j++) for (let p = 0; p < b; p++) h[p] += Phit.data[j * b + p];
  for (let p = 0; p < b; p++) h[p] /= Phit.rows;
  return { Hs, Ht, h };
}

function solveSPD(fn: string, M: Float64Array, b: number, rhs: DenseMatrix): DenseMatrix {
  const L = cholesky({ rows: b, cols: b, data: M }, 1e-15);
  if (!L) throw new RangeError(`${fn}: Ĥ + λI is not positive definite (λ too small for these kernel features)`);
  return choleskySolve(L, rhs);
}

/** θ = (Ĥ + λI)⁻¹ĥ, the unconstrained minimiser of ½θᵀĤθ − ĥᵀθ + λ/2‖θ‖² (before clipping at 0). */
export function lsifSolve(design: LsifDesign, a: number, lambda: number): Float64Array {
  const { Hs, Ht, h } = lsifMoments(design, a);
  const b = h.length;
  const M = new Float64Array(b * b);
  for (let k = 0; k < b * b; k++) M[k] = (1 - a) * Hs[k] + a * Ht[k];
  for (let p = 0; p < b; p++) M[p * b + p] += lambda;
  return solveSPD('lsifSolve', M, b, { rows: b, cols: 1, data: h.slice() }).data;
}

/**
 * Leave-one-out score of (R)uLSIF for every λ at one width, in closed form (Kanamori, Hido & Sugiyama 2009,
 * section 3.4, for a = 0; the rank-two Woodbury extension for a > 0): pair i (source row i, target row i, i < N =
 * min(ns, nt)) is left out, Ĥ and ĥ are rebuilt from the other rows, θ₋ᵢ = max(0, (Ĥ₋ᵢ + λI)⁻¹ĥ₋ᵢ), and the
 * held-out pair scores (1−a)/2·r(xᵢ)² + a/2·r(x'ᵢ)² − r(x'ᵢ) (lower is better). One eigendecomposition of the
 * λ-free part of G = Ĥ₋ᵢ + λI + uᵢuᵢᵀ + vᵢvᵢᵀ serves every λ.
 */
export function lsifLooScores(design: LsifDesign, a: number, lambdas: readonly number[]): number[] {
  const { Phis, Phit } = design;
  const ns = Phis.rows;
  const nt = Phit.rows;
  const b = Phis.cols;
  const N = Math.min(ns, nt);
  const { Hs, Ht, h } = lsifMoments(design, a);
  const G0 = new Float64Array(b * b);
  for (let k = 0; k < b * b; k++) G0[k] = ((1 - a) * ns * Hs[k]) / (ns - 1) + (a > 0 ? (a * nt * Ht[k]) / (nt - 1) : 0);
  const { values, vectors } = symmetricEigen({ rows: b, cols: b, data: G0 });
  const V = vectors.data;
  // Eigen-coordinates Vᵀh, Vᵀφs_i, Vᵀφt_i.
  const toEigen = (src: Float64Array, offset: number, out: Float64Array, outOffset: number) => {
    for (let k = 0; k < b; k++) {
      let s = 0;
      for (let p = 0; p < b; p++) s += V[p * b + k] * src[offset + p];
      out[outOffset + k] = s;
    }
  };
  const zh = new Float64Array(b);
  toEigen(h, 0, zh, 0);
  const zs = new Float64Array(N * b);
  const zt = new Float64Array(N * b);
  for (let i = 0; i < N; i++) {
    toEigen(Phis.data, i * b, zs, i * b);
    toEigen(Phit.data, i * b, zt, i * b);
  }
  const cs = (1 - a) / (ns - 1);
  const ct = a / (nt - 1);
  const inv = new Float64Array(b);
  const coord = new Float64Array(b);
  return lambdas.map((lambda) => {
    for (let k = 0; k < b; k++) {
      const e = values[k] + lambda;
      if (!(e > 0)) throw new RangeError('lsifLooScores: Ĥ + λI is not positive definite (λ too small for these kernel features)');
      inv[k] = 1 / e;
    }
    let total = 0;
    for (let i = 0; i < N; i++) {
      const o = i * b;
      // With P = G⁻¹φs_i, Q = G⁻¹φt_i and g = G⁻¹ĥ₋ᵢ, ĥ₋ᵢ = (nt·ĥ − φt_i)/(nt − 1), all in eigen-coordinates.
      let uPu = 0;
      let uQv = 0;
      let vQv = 0;
      let ug = 0;
      let vg = 0;
      for (let k = 0; k < b; k++) {
        const s = zs[o + k];
        const t = zt[o + k];
        const gk = ((nt * zh[k] - t) / (nt - 1)) * inv[k];
        uPu += s * s * inv[k];
        uQv += s * t * inv[k];
        vQv += t * t * inv[k];
        ug += s * gk;
        vg += t * gk;
      }
      // Woodbury with U = [√cs·φs, √ct·φt]: (G − UUᵀ)⁻¹ = G⁻¹ + G⁻¹U(I − UᵀG⁻¹U)⁻¹UᵀG⁻¹.
      const m11 = 1 - cs * uPu;
      const m12 = -Math.sqrt(cs * ct) * uQv;
      const m22 = 1 - ct * vQv;
      const det = m11 * m22 - m12 * m12;
      const r1 = Math.sqrt(cs) * ug;
      const r2 = Math.sqrt(ct) * vg;
      const c1 = (Math.sqrt(cs) * (m22 * r1 - m12 * r2)) / det;
      const c2 = (Math.sqrt(ct) * (m11 * r2 - m12 * r1)) / det;
      for (let k = 0; k < b; k++) coord[k] = ((nt * zh[k] - zt[o + k]) / (nt - 1) + c1 * zs[o + k] + c2 * zt[o + k]) * inv[k];
      // θ₋ᵢ = V·coord, clipped at 0, then the two held-out ratios.
      let ws = 0;
      let wt = 0;
      for (let p = 0; p < b; p++) {
        let th = 0;
        for (let k = 0; k < b; k++) th += V[p * b + k] * coord[k];
        if (th > 0) {
          ws += Phis.data[o + p] * th;
          wt += Phit.data[o + p] * th;
        }
      }
      total += ((1 - a) / 2) * ws * ws + (a / 2) * wt * wt - wt;
    }
    return total / N;
  });
}
