import { loadTask } from '@tlkit/datasets';
import { selectBackend } from '@tlkit/tensor-core/tf';
import * as tf from '@tensorflow/tfjs';
import { prepareTables, runExperiment } from '@tlkit/experiment';

beforeAll(() => selectBackend('wasm'));

describe('neural methods in the runner', () => {
  it('deep, deep:l2sp, feature:embed and dann run on a real task with one shared source network, leaving no tensors', async () => {
    const task = loadTask('penguins-adelie-chinstrap');
    const data = prepareTables(task.source, task.target, { label: task.label });
    const start = tf.memory().numTensors;
    const report = await runExperiment(data, {
      sizes: [10],
      repeats: 2,
      methods: ['target-only', 'deep', 'deep:l2sp', 'feature:embed', 'dann'],
    });
    for (const r of report.results) {
      expect(r.skipped).toBeUndefined();
      expect(r.repeats).toBe(2);
      expect(Number.isFinite(r.mean)).toBe(true);
    }
    // With neural methods, LogME reads the source network's embedding.
    expect(report.transferability[0].logme).not.toBeNull();
    expect(tf.memory().numTensors).toBe(start);
  }, 300000);
});
