import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cnn, embed, mlp, train } from '@tlkit/nn';
import { loadNetworkFromDirectory, saveNetworkToDirectory } from '@tlkit/nn/node';
import { useWasm, xorData } from './setup.js';

beforeAll(useWasm);

describe('tensor memory', () => {
  it('fit, predict, embed, save and load in a loop leave the tensor count where it started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlkit-leak-'));
    const data = xorData(64, 1);
    const images = { X: tf.randomUniform([16, 8, 8, 1], 0, 1, 'float32', 1), y: Array.from({ length: 16 }, (_, i) => i % 2) };
    const start = tf.memory().numTensors;
    try {
      for (let round = 0; round < 3; round++) {
        const net = mlp({
          inputDim: 2,
          hidden: [8],
          dropout: 0.2,
          batchNorm: true,
          output: { kind: 'classification', classes: ['different', 'same'] },
        });
        await train(net, data, { epochs: 2, validation: 0.25, earlyStopping: { patience: 1 } });
        net.predict(data.X);
        net.predictLabels(data.X);
        embed(net, data.X);
        await saveNetworkToDirectory(net, join(dir, 'm'));
        const back = await loadNetworkFromDirectory(join(dir, 'm'));
        back.score(data.X, data.y);
        back.dispose();
        net.dispose();
        const conv = cnn({ height: 8, width: 8, filters: [2], kernelSize: 3, dense: [4], output: { kind: 'classification', classes: 2 } });
        await train(conv, images, { epochs: 1, batchSize: 8 });
        conv.dispose();
        expect(tf.memory().numTensors).toBe(start);
      }
    } finally {
      images.X.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
