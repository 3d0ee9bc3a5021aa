import * as tf from '@tensorflow/tfjs';
import { embed, mlp, cnn } from '@tlkit/nn';
import { useWasm, xorData } from './setup.js';

beforeAll(useWasm);

describe('embed', () => {
  it("equals the network's own layer output", () => {
    const net = mlp({ inputDim: 2, hidden: [6, 5], batchNorm: true, output: { kind: 'classification', classes: 2 }, seed: 3 });
    const { X } = xorData(30, 1);
    const features = embed(net, X, { layer: 'hidden_2_act' });
    const sub = tf.model({ inputs: net.model.inputs, outputs: net.layer('hidden_2_act').output });
    const x = tf.tensor2d(Float32Array.from(X.data), [30, 2]);
    const expected = (sub.predict(x) as tf.Tensor).dataSync();
    expect(features.rows).toBe(30);
    expect(features.cols).toBe(5);
    features.data.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    tf.dispose([x]);
    net.dispose();
  });

  it('defaults to the layer before the head and flattens image features', () => {
    const net = cnn({ height: 12, width: 12, filters: [4], kernelSize: 3, dense: [7], output: { kind: 'regression' } });
    const images = tf.zeros([3, 12, 12, 1]);
    expect(embed(net, images).cols).toBe(7);
    expect(embed(net, images, { layer: 'pool_1' }).cols).toBe(5 * 5 * 4);
    images.dispose();
    expect(() => embed(net, [[1, 2]], { layer: 'pool_1' })).toThrow('embed: X has 2 columns, the network takes 144 (12×12×1)');
    expect(() => embed(net, tf.zeros<tf.Rank.R2>([1, 3]), { layer: 'nope' })).toThrow('Network.layer: no layer named "nope"');
    net.dispose();
  });
});
