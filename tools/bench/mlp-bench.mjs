// MLP training throughput: tlkit's training loop on the wasm backend against PyTorch CPU; and, for the same flops,
// what the matrix products alone reach (the step's eight products timed by themselves), by tlkit's products (what
// training runs) and by tfjs' own wasm matMul (XNNPACK), so that the training loop's overhead shows as a fraction.
import * as tf from '@tensorflow/tfjs';
import { mlp, registerWasmTrainingKernels, train } from '@tlkit/nn';
import { selectBackend } from '@tlkit/tensor-core/tf';

export const MLP_CASE = { name: 'MLP 784-256-128-10 Adam batch 128', n: 8192, epochs: 3, batchSize: 128 };

/** The matrix products of one training step of 784-256-128-10 at batch b, as [rows, inner, cols]. */
function stepProducts(b) {
  return [
    [b, 784, 256],
    [b, 256, 128],
    [b, 128, 10],
    [128, b, 10],
    [b, 10, 128],
    [256, b, 128],
    [b, 128, 256],
    [784, b, 256],
  ];
}

/**
 * The step's products alone, by whatever BatchMatMul kernel is registered. With `fresh` operands each product's
 * right-hand side is a new tensor, as in training (the weights change every step and the gradients are new), so
 * tfjs' XNNPACK product cannot reuse the operator it caches per right-hand tensor with its packed weights (tlkit's
 * caches nothing); the copy that makes them is timed separately and taken off.
 */
async function matmulBound(c, fresh) {
  const shapes = stepProducts(c.batchSize);
  const pairs = shapes.map(([m, k, n]) => [tf.randomNormal([m, k]), tf.randomNormal([k, n])]);
  const step = () => {
    for (const [a, b] of pairs) {
      if (!fresh) {
        tf.matMul(a, b).dispose();
        continue;
      }
      const copy = tf.mul(b, 1);
      tf.matMul(a, copy).dispose();
      copy.dispose();
    }
  };
  const copies = () => {
    for (const [, b] of pairs) tf.mul(b, 1).dispose();
  };
  for (let i = 0; i < 20; i++) step();
  await tf.ready();
  const steps = 200;
  const start = performance.now();
  for (let i = 0; i < steps; i++) step();
  // Read one value back so that every queued kernel has run.
  const probe = tf.matMul(pairs[0][0], pairs[0][1]);
  await probe.data();
  probe.dispose();
  let seconds = (performance.now() - start) / 1000;
  if (fresh) {
    const copyStart = performance.now();
    for (let i = 0; i < steps; i++) copies();
    seconds -= (performance.now() - copyStart) / 1000;
  }
  for (const [a, b] of pairs) {
    a.dispose();
    b.dispose();
  }
  const flops = shapes.reduce((s, [m, k, n]) => s + 2 * m * k * n, 0);
  return { samplesPerSecond: (steps * c.batchSize) / seconds, gflops: (steps * flops) / seconds / 1e9 };
}

export async function runTlkitMlp(c) {
  await selectBackend('wasm');
  // tfjs' own products first: training installs tlkit's in their place.
  const xnnpack = await matmulBound(c, false);
  const xnnpackFresh = await matmulBound(c, true);
  registerWasmTrainingKernels();
  const X = tf.randomUniform([c.n, 784], 0, 1, 'float32', 1);
  const labels = Array.from(tf.randomUniform([c.n], 0, 10, 'int32', 2).dataSync());
  const net = mlp({ inputDim: 784, hidden: [256, 128], output: { kind: 'classification', classes: 10 }, seed: 0 });
  try {
    await train(net, { X, y: labels }, { epochs: 1, batchSize: c.batchSize }); // warm-up: first kernel calls are slow
    const history = await train(net, { X, y: labels }, { epochs: c.epochs, batchSize: c.batchSize });
    const tlkit = await matmulBound(c, true);
    return {
      samplesPerSecond: history.samplesPerSecond,
      matmulSamplesPerSecond: tlkit.samplesPerSecond,
      matmulGflops: tlkit.gflops,
      xnnpackSamplesPerSecond: xnnpack.samplesPerSecond,
      xnnpackGflops: xnnpack.gflops,
      xnnpackFreshSamplesPerSecond: xnnpackFresh.samplesPerSecond,
    };
  } finally {
    net.dispose();
    X.dispose();
  }
}

// Run as a script: one measurement in this fresh process (so that earlier rows' heaps do not weigh on it), as JSON.
if (process.argv[1] === import.meta.filename) {
  console.log(JSON.stringify(await runTlkitMlp(MLP_CASE)));
}
