import { ShapeMismatchError, type MatrixInput } from '@tlkit/tensor-core';
import { makeWeighting, type InstanceWeighting, type InstanceWeightingJSON, type WeightingName } from '@tlkit/transfer-instance';
import type { DrawData, MethodContext } from './method.js';

/**
 * True where a draw's labelled and unlabelled rows are together every target row (the transductive protocol): the
 * rows a density-ratio weighting sees are then the same in every draw and at every size, only their order differs.
 */
export function seesEveryTargetRow(context: MethodContext, draw: DrawData): boolean {
  return draw.Xu !== undefined && draw.Xl.rows + draw.Xu.rows === context.data.Xt.rows;
}

/** A weighting fitted beforehand: `fit` checks that it is given the source rows it was fitted on and keeps its weights. */
class PrefittedWeighting implements InstanceWeighting {
  constructor(
    private readonly inner: InstanceWeighting,
    private readonly sourceRows: number,
  ) {}

  get kind(): string {
    return this.inner.kind;
  }

  get isFitted(): boolean {
    return true;
  }

  get inductive(): boolean {
    return this.inner.inductive;
  }

  fit(Xs: MatrixInput): this {
    const given = (Xs as { rows?: unknown }).rows;
    const rows = typeof given === 'number' ? given : (Xs as ArrayLike<unknown>).length;
    if (rows !== this.sourceRows) {
      throw new ShapeMismatchError(`shared weighting: fitted on ${this.sourceRows} source rows, given ${rows}`);
    }
    return this;
  }

  get weights(): Float64Array {
    return this.inner.weights;
  }

  predictWeights(X: MatrixInput): Float64Array {
    return this.inner.predictWeights(X);
  }

  toJSON(): InstanceWeightingJSON {
    return this.inner.toJSON();
  }
}

/**
 * The weighting fitted once per experiment on the source rows and every target row, where each draw would see all of
 * them anyway (seesEveryTargetRow): the same weights as a per-draw fit on the same rows in their original order, at
 * the cost of one fit instead of one per draw and method. Its own randomness (folds, kernel centres) has a fixed seed,
 * so the weights depend on the rows alone. Undefined where a draw sees only some target rows.
 */
export function sharedWeighting(context: MethodContext, draw: DrawData, name: WeightingName): InstanceWeighting | undefined {
  if (!seesEveryTargetRow(context, draw)) return undefined;
  const key = `instance-weighting:${name}`;
  let fitted = context.cache.get(key) as InstanceWeighting | undefined;
  if (!fitted) {
    fitted = makeWeighting(name, 0).fit(context.data.Xs, context.data.Xt);
    context.cache.set(key, fitted);
  }
  return new PrefittedWeighting(fitted, context.data.Xs.rows);
}
