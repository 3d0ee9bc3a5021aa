import * as tf from '@tensorflow/tfjs';

function flat(x: tf.Tensor): tf.Tensor2D {
  return tf.reshape(x, [x.shape[0], -1]);
}

function covariance(x: tf.Tensor2D): tf.Tensor2D {
  const n = x.shape[0];
  const centred = tf.sub(x, tf.mean(x, 0, true));
  return tf.div(tf.matMul(tf.transpose(centred), centred), Math.max(1, n - 1));
}

/**
 * Deep CORAL (Sun & Saenko 2016): the squared Frobenius distance between the feature covariances of the two
 * domains, divided by 4d² as in the paper.
 */
export function coralLoss(source: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const s = flat(source);
    const t = flat(target);
    const d = s.shape[1];
    return tf.div(tf.sum(tf.squaredDifference(covariance(s), covariance(t))), 4 * d * d);
  });
}

/** x going forward, no gradient going back (tfjs has no stopGradient op). */
function withoutGradient(x: tf.Tensor): tf.Tensor {
  const stop = tf.customGrad(((input: tf.Tensor) => ({
    value: tf.clone(input),
    gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return stop(x);
}

function squaredDistances(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const aa = tf.sum(tf.square(a), 1, true);
  const bb = tf.reshape(tf.sum(tf.square(b), 1), [1, -1]);
  return tf.relu(tf.add(tf.sub(aa, tf.mul(2, tf.matMul(a, tf.transpose(b)))), bb));
}

/**
 * The squared maximum mean discrepancy between the domains' features under a sum of Gaussian kernels (the biased
 * estimator over the batch; Gretton et al. 2012, multi-kernel as in Long et al.'s DAN 2015). The bandwidths are
 * the mean squared distance of the batch times 2^k, k = −2…2, held constant for the gradient.
 */
export function mmdLoss(source: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const s = flat(source);
    const t = flat(target);
    const all = tf.concat([s, t]);
    const d2 = squaredDistances(all, all);
    const n = all.shape[0];
    const base = withoutGradient(tf.div(tf.sum(d2), Math.max(1, n * n - n)));
    let k: tf.Tensor = tf.zerosLike(d2);
    for (const m of [0.25, 0.5, 1, 2, 4]) k = tf.add(k, tf.exp(tf.neg(tf.div(d2, tf.mul(base, m)))));
    const ns = s.shape[0];
    const kss = tf.slice(k, [0, 0], [ns, ns]);
    const ktt = tf.slice(k, [ns, ns], [n - ns, n - ns]);
    const kst = tf.slice(k, [0, ns], [ns, n - ns]);
    return tf.sub(tf.add(tf.mean(kss), tf.mean(ktt)), tf.mul(2, tf.mean(kst)));
  });
}
