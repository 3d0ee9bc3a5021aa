/**
 * The sufficient statistics of a ridge fit with intercept, as RidgeAccumulator holds them: enough to fit ridge and
 * choose alpha by the evidence or GCV without the rows (e.g. computed by a SQL engine over a warehouse table).
 * Matrices are row-major; d features, k outputs.
 */
export interface RidgeMoments {
  /** Rows the statistics cover. */
  readonly rows: number;
  /** Σw (the row count without weights). */
  readonly weightSum: number;
  /** Σ log w (0 without weights): the evidence needs it for weighted rows. */
  readonly logWeightSum: number;
  /** Weighted column means x̄ (length d). */
  readonly xMean: ArrayLike<number>;
  /** Weighted output means ȳ (length k). */
  readonly yMean: ArrayLike<number>;
  /** Σw(x − x̄)(x − x̄)ᵀ (d × d). */
  readonly Sxx: ArrayLike<number>;
  /** Σw(x − x̄)(y − ȳ)ᵀ (d × k). */
  readonly Sxy: ArrayLike<number>;
  /** Σw(y − ȳ)² per output (length k). */
  readonly Syy: ArrayLike<number>;
  /** One output given as a vector (predict returns a vector); default true when k = 1. */
  readonly isVector?: boolean;
}

/** Checks sizes and values of moments, naming the field and what was wrong. */
export function checkRidgeMoments(fn: string, m: RidgeMoments): { d: number; k: number } {
  if (typeof m !== 'object' || (m as unknown) === null) throw new TypeError(`${fn}: moments must be an object`);
  const d = m.xMean.length;
  const k = m.yMean.length;
  if (!Number.isInteger(m.rows) || m.rows < 1) throw new RangeError(`${fn}: rows must be a whole number ≥ 1, got ${m.rows}`);
  if (!(m.weightSum > 0) || !Number.isFinite(m.weightSum)) throw new RangeError(`${fn}: weightSum must be positive, got ${m.weightSum}`);
  if (!Number.isFinite(m.logWeightSum)) throw new RangeError(`${fn}: logWeightSum must be finite, got ${m.logWeightSum}`);
  if (d < 1 || k < 1) throw new RangeError(`${fn}: moments need at least one feature and one output, got ${d} and ${k}`);
  const sizes: [string, ArrayLike<number>, number][] = [
    ['Sxx', m.Sxx, d * d],
    ['Sxy', m.Sxy, d * k],
    ['Syy', m.Syy, k],
  ];
  for (const [name, values, length] of sizes) {
    if (values.length !== length) throw new RangeError(`${fn}: ${name} has ${values.length} values, ${length} expected for d=${d}, k=${k}`);
  }
  for (const [name, values] of [['xMean', m.xMean], ['yMean', m.yMean], ...sizes] as [string, ArrayLike<number>][]) {
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) throw new RangeError(`${fn}: ${name}[${i}] is ${values[i]}, not a finite number`);
    }
  }
  return { d, k };
}
