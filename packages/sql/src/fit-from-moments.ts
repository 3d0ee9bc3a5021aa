import { BadDataError, StandardScaler, type TableSchema } from '@tlkit/tensor-core';
import { RidgeAccumulator, type RidgeCV, type RidgeCVOptions, type RidgeMoments } from '@tlkit/ridge';
import type { MomentsResult } from './moments-result.js';

export interface FitFromMomentsOptions {
  /** Rows left out for a missing, NaN or infinite value: 'error' (default, as `tlkit fit`) or 'drop'. */
  readonly missing?: 'error' | 'drop';
  /** Options of the RidgeCV fitted (cv 'evidence' by default, or 'gcv': the criteria that need only moments). */
  readonly ridge?: RidgeCVOptions;
  /** A name for messages, usually the result file. */
  readonly source?: string;
}

/** The source model as `tlkit fit` makes it from the rows: a standard scaler, a RidgeCV on scaled features, the schema. */
export interface MomentsFit {
  readonly scaler: StandardScaler;
  readonly model: RidgeCV;
  readonly schema: TableSchema;
  readonly rows: number;
}

/** StandardScaler's rule: population sd, and scale 1 for a column that is constant up to round-off. */
function scaleOf(sd: number, mean: number): number {
  return sd > 1e-12 * (Math.abs(mean) + 1) ? sd : 1;
}

/**
 * The centred moments of the standardised features: from shifted sums S = Σw(v − s) and P = Σw(va − sa)(vb − sb),
 * the weighted mean is s + S/Σw and the centred co-moment P − Sa·Sb/Σw (exact for any shift; the shift being near
 * the mean keeps the subtraction from cancelling digits).
 */
export function scaledRidgeMoments(result: MomentsResult, scaler: StandardScaler): RidgeMoments {
  const d = result.features.length;
  const { weightSum: W, shift, sums, products } = result;
  const p = d + 1;
  const mean = scaler.mean;
  const scale = scaler.scale;
  const xMean = Float64Array.from({ length: d }, (_, j) => (shift[j] + sums[j] / W - mean[j]) / scale[j]);
  const Sxx = new Float64Array(d * d);
  const Sxy = new Float64Array(d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) Sxx[a * d + b] = (products[a * p + b] - (sums[a] * sums[b]) / W) / (scale[a] * scale[b]);
    Sxy[a] = (products[a * p + d] - (sums[a] * sums[d]) / W) / scale[a];
  }
  return {
    rows: result.rows,
    weightSum: W,
    logWeightSum: result.logWeightSum,
    xMean,
    yMean: [shift[d] + sums[d] / W],
    Sxx,
    Sxy,
    Syy: [products[d * p + d] - (sums[d] * sums[d]) / W],
    isVector: true,
  };
}

/**
 * The source model fitted from a moments result, equal to `tlkit fit` on the same rows (StandardScaler.fit, then
 * RidgeCV with alpha by the evidence; with a weight column, weighted ridge on unweighted standardisation, as
 * `new RidgeCV().fit(scaler.transform(X), y, { sampleWeight })`).
 */
export function fitFromMoments(result: MomentsResult, options: FitFromMomentsOptions = {}): MomentsFit {
  const where = options.source ?? 'moments';
  const used = [...result.features, result.label, ...(result.weight ? [result.weight] : [])];
  const left = result.rowsRead - result.rows;
  if (left > 0 && options.missing !== 'drop') {
    throw new BadDataError(
      `${where}: ${left} of ${result.rowsRead} rows have a missing, NaN or infinite value in ${used.map((c) => `"${c}"`).join(', ')}; --drop-missing leaves them out`,
      { source: where },
    );
  }
  if (result.rows < 2)
    throw new BadDataError(`${where}: the moments cover ${result.rows} complete rows; a fit needs at least 2`, { source: where });
  if (result.weight !== undefined && !(result.minWeight > 0)) {
    throw new BadDataError(`${where}: weight column "${result.weight}" has a value ${result.minWeight} ≤ 0; weights must be positive`, {
      source: where,
      column: result.weight,
    });
  }
  const d = result.features.length;
  const n = result.rows;
  const mean = Array.from({ length: d }, (_, j) => result.shift[j] + result.plainSums[j] / n);
  const scale = mean.map((m, j) => {
    const variance = Math.max(0, (result.plainSquares[j] - result.plainSums[j] ** 2 / n) / n);
    return scaleOf(Math.sqrt(variance), m);
  });
  const scaler = StandardScaler.fromJSON({ kind: 'StandardScaler', version: 1, withMean: true, withStd: true, mean, scale });
  const model = RidgeAccumulator.fromMoments(scaledRidgeMoments(result, scaler)).fitCV({ cv: 'evidence', ...options.ridge });
  const schema: TableSchema = {
    kind: 'TableSchema',
    version: 1,
    columns: [...result.columns],
    features: result.features.map((name) => ({ name, type: 'numeric' as const })),
    label: { name: result.label, type: 'numeric' },
  };
  return { scaler, model, schema, rows: n };
}
