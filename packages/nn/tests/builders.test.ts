import { cnn, mlp } from '@tlkit/nn';
import { useWasm, weightsOf } from './setup.js';

beforeAll(useWasm);

describe('builders', () => {
  it('mlp names its layers for transfer code and sizes them as asked', () => {
    const net = mlp({
      inputDim: 10,
      hidden: [8, 4],
      dropout: 0.2,
      batchNorm: true,
      output: { kind: 'classification', classes: ['a', 'b', 'c'] },
    });
    expect(net.layerNames).toEqual([
      'hidden_1',
      'hidden_1_bn',
      'hidden_1_act',
      'hidden_1_dropout',
      'hidden_2',
      'hidden_2_bn',
      'hidden_2_act',
      'hidden_2_dropout',
      'head',
    ]);
    expect(net.model.outputs[0].shape).toEqual([null, 3]);
    expect(net.output).toEqual({ kind: 'classification', classes: ['a', 'b', 'c'] });
    expect(net.layer('head').countParams()).toBe(4 * 3 + 3);
    expect(net.layer(-1).name).toBe('head');
    net.dispose();
  });

  it('cnn builds conv → pool blocks, dense layers and a head', () => {
    const net = cnn({ height: 28, width: 28, output: { kind: 'classification', classes: 10 } });
    expect(net.layerNames).toEqual(['conv_1', 'pool_1', 'conv_2', 'pool_2', 'flatten', 'hidden_1', 'head']);
    expect(net.layer('flatten').outputShape).toEqual([null, 4 * 4 * 32]);
    expect(net.inputShape).toEqual([28, 28, 1]);
    net.dispose();
  });

  it('initialises weights from the seed: same seed same weights, other seed other weights', () => {
    const make = (seed: number) => mlp({ inputDim: 5, hidden: [6], output: { kind: 'regression' }, seed });
    const [a, b, c] = [make(3), make(3), make(4)];
    expect(weightsOf(a.model)).toEqual(weightsOf(b.model));
    expect(weightsOf(a.model)[0]).not.toEqual(weightsOf(c.model)[0]);
    [a, b, c].forEach((n) => n.dispose());
  });

  it('rejects bad sizes, activations and outputs', () => {
    expect(() => mlp({ inputDim: 0, output: { kind: 'regression' } })).toThrow('mlp: inputDim must be a positive integer, got 0');
    expect(() => mlp({ inputDim: 2, hidden: [4, 0], output: { kind: 'regression' } })).toThrow(
      'mlp: hidden[1] must be a positive integer, got 0',
    );
    expect(() => mlp({ inputDim: 2, activation: 'swish' as 'relu', output: { kind: 'regression' } })).toThrow(
      'mlp: activation must be one of relu, tanh, sigmoid, elu, selu, linear, got "swish"',
    );
    expect(() => mlp({ inputDim: 2, output: { kind: 'classification', classes: 1 } })).toThrow(
      'mlp: a classifier needs at least 2 classes, got 1',
    );
    expect(() => mlp({ inputDim: 2, dropout: 1, output: { kind: 'regression' } })).toThrow('mlp: dropout must be in [0, 1), got 1');
    expect(() => cnn({ height: 8, width: 8, filters: [4, 4, 4], output: { kind: 'regression' } })).toThrow(RangeError);
    const net = mlp({ inputDim: 2, output: { kind: 'regression' } });
    expect(() => net.layer('conv_9')).toThrow('Network.layer: no layer named "conv_9"; layers are hidden_1, head');
    expect(() => net.layer(5)).toThrow('Network.layer: index 5 is out of range for 2 layers');
    net.dispose();
  });
});
