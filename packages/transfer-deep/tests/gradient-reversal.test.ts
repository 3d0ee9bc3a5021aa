import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { ganinLambda, gradientReversal } from '@tlkit/transfer-deep';

beforeAll(() => selectBackend('wasm'));

describe('gradient reversal', () => {
  it('is the identity forward and −λ times the incoming gradient backward (checked numerically)', () => {
    const lambda = 0.7;
    const x = tf.tensor1d([0.5, -1.2, 2]);
    const dy = tf.tensor1d([1.5, -0.3, 0.8]);
    const f = (input: tf.Tensor) => tf.sum(tf.mul(gradientReversal(input, lambda), dy));
    const forward = gradientReversal(x, lambda);
    expect(Array.from(forward.dataSync())).toEqual(Array.from(x.dataSync()));
    const analytic = tf.grad(f)(x).dataSync();
    // The numerical derivative of the forward pass is +dy; the layer must hand back −λ·dy instead.
    const h = 1e-2;
    const base = Array.from(x.dataSync());
    base.forEach((_, k) => {
      const at = (delta: number) =>
        tf.tidy(() => {
          const moved = base.slice();
          moved[k] += delta;
          return f(tf.tensor1d(moved)).dataSync()[0];
        });
      const numericForward = (at(h) - at(-h)) / (2 * h);
      expect(analytic[k]).toBeCloseTo(-lambda * numericForward, 3);
      expect(analytic[k]).toBeCloseTo(-lambda * dy.dataSync()[k], 5);
    });
    tf.dispose([x, dy, forward]);
  });

  it("follows Ganin's schedule 2/(1 + exp(−10p)) − 1", () => {
    expect(ganinLambda(0)).toBe(0);
    expect(ganinLambda(0.5)).toBeCloseTo(2 / (1 + Math.exp(-5)) - 1, 12);
    expect(ganinLambda(1)).toBeGreaterThan(0.9999);
  });
});
