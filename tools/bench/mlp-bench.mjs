// MLP training throughput: tlkit's training loop on the wasm backend against PyTorch CPU, one thread each.
import * as tf from '@tensorflow/tfjs';
import { mlp, train } from '@tlkit/nn';
import { selectBackend } from '@tlkit/tensor-core/tf';

export const MLP_CASE = { name: 'MLP 784-256-128-10 Adam batch 128', n: 8192, epochs: 3, batchSize: 128 };

export async function runTlkitMlp(c) {
  await selectBackend('wasm');
  const X = tf.randomUniform([c.n, 784], 0, 1, 'float32', 1);
  const labels = Array.from(tf.randomUniform([c.n], 0, 10, 'int32', 2).dataSync());
  const net = mlp({ inputDim: 784, hidden: [256, 128], output: { kind: 'classification', classes: 10 }, seed: 0 });
  try {
    await train(net, { X, y: labels }, { epochs: 1, batchSize: c.batchSize }); // warm-up: first kernel calls are slow
    const history = await train(net, { X, y: labels }, { epochs: c.epochs, batchSize: c.batchSize });
    return { samplesPerSecond: history.samplesPerSecond };
  } finally {
    net.dispose();
    X.dispose();
  }
}

// Run as a script: one measurement in this fresh process (so that earlier rows' heaps do not weigh on it), as JSON.
if (process.argv[1] === import.meta.filename) {
  console.log(JSON.stringify(await runTlkitMlp(MLP_CASE)));
}
