import type { DenseMatrix, MatrixInput } from '@tlkit/tensor-core';
import type { FeatureMap, FeatureMapJSON, TransformOptions } from '../feature-map.js';
import { checkFitted, rowsOf } from '../internal/statistics.js';

export interface FeatureAugmentationJSON extends FeatureMapJSON {
  readonly kind: 'FeatureAugmentation';
  readonly version: 1;
  readonly inputDim: number;
}

/**
 * Feature augmentation, "frustratingly easy domain adaptation" (Daumé III 2007): source rows become [x, x, 0] and
 * target rows [x, 0, x]; a linear model on them learns general weights (first block) and domain-specific ones.
 */
export class FeatureAugmentation implements FeatureMap {
  readonly kind = 'FeatureAugmentation';
  private inputDim: number | undefined;

  get isFitted(): boolean {
    return this.inputDim !== undefined;
  }

  get outputDim(): number {
    return 3 * checkFitted(this.inputDim, 'FeatureAugmentation', 'outputDim');
  }

  fit(source: MatrixInput): this {
    this.inputDim = rowsOf('FeatureAugmentation.fit', source, undefined, 'source', true).cols;
    return this;
  }

  transform(X: MatrixInput, options: TransformOptions = {}): DenseMatrix {
    const d = checkFitted(this.inputDim, 'FeatureAugmentation', 'transform');
    const m = rowsOf('FeatureAugmentation.transform', X, d, 'X', true);
    const block = (options.domain ?? 'target') === 'source' ? 1 : 2;
    const out = new Float64Array(m.rows * 3 * d);
    for (let i = 0; i < m.rows; i++) {
      const row = m.data.subarray(i * d, (i + 1) * d);
      out.set(row, i * 3 * d);
      out.set(row, i * 3 * d + block * d);
    }
    return { rows: m.rows, cols: 3 * d, data: out };
  }

  toJSON(): FeatureAugmentationJSON {
    return { kind: 'FeatureAugmentation', version: 1, inputDim: checkFitted(this.inputDim, 'FeatureAugmentation', 'toJSON') };
  }

  static fromJSON(json: FeatureAugmentationJSON): FeatureAugmentation {
    const fa = new FeatureAugmentation();
    fa.inputDim = json.inputDim;
    return fa;
  }
}
