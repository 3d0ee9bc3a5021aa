import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inferSchema, parseCsv, StandardScaler } from '@tlkit/tensor-core';
import { cnn, loadNetwork, mlp, networkFromJSON, networkToJSON, train } from '@tlkit/nn';
import { directoryHandler, loadNetworkFromDirectory, saveNetworkToDirectory } from '@tlkit/nn/node';
import { useWasm, xorData } from './setup.js';

beforeAll(useWasm);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tlkit-nn-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('saving and loading bundles', () => {
  it('round-trips weights and metadata: identical predictions, schema, scaler, classes, seed', async () => {
    const table = parseCsv('a,b,label\n1,2,x\n3,4,y\n');
    const schema = inferSchema(table, { label: 'label' });
    const scaler = new StandardScaler()
      .fit([
        [1, 2],
        [3, 4],
      ])
      .toJSON();
    const net = mlp({
      inputDim: 2,
      hidden: [8],
      batchNorm: true,
      dropout: 0.1,
      output: { kind: 'classification', classes: ['different', 'same'] },
      seed: 7,
    });
    const data = xorData(64, 1);
    await train(net, data, { epochs: 2 });
    const withMeta = net.withInfo({ schema, scaler, extra: { note: 'source model' } });
    await saveNetworkToDirectory(withMeta, join(dir, 'model'));
    expect(readdirSync(join(dir, 'model')).sort()).toEqual(['model.json', 'weights.bin']);
    const back = await loadNetworkFromDirectory(join(dir, 'model'));
    expect(back.predict(data.X).data).toEqual(net.predict(data.X).data);
    expect(back.info.schema).toEqual(schema);
    expect(back.info.scaler).toEqual(scaler);
    expect(back.info.seed).toBe(7);
    expect(back.info.extra).toEqual({ note: 'source model' });
    expect(back.output).toEqual(net.output);
    expect(back.layerNames).toEqual(net.layerNames);
    back.dispose();
    net.dispose();
  });

  it('round-trips through one JSON value (weights in base64)', async () => {
    const net = mlp({ inputDim: 2, hidden: [5], batchNorm: true, output: { kind: 'classification', classes: ['a', 'b'] }, seed: 4 });
    await train(
      net,
      {
        X: [
          [0, 1],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
        y: ['a', 'b', 'a', 'b'],
      },
      { epochs: 2 },
    );
    const json = JSON.parse(JSON.stringify(networkToJSON(net))) as unknown;
    const back = await networkFromJSON(json);
    expect(back.predict([[0.3, 0.7]]).data).toEqual(net.predict([[0.3, 0.7]]).data);
    expect(back.output).toEqual(net.output);
    const broken = { ...(json as object), weightsBase64: 'AAAA' };
    await expect(networkFromJSON(broken)).rejects.toThrow('networkFromJSON: weights hold 3 bytes');
    await expect(networkFromJSON({ kind: 'Other' })).rejects.toThrow('networkFromJSON: expected kind "Network", got "Other"');
    back.dispose();
    net.dispose();
  });

  it('round-trips a CNN', async () => {
    const net = cnn({ height: 10, width: 10, filters: [3], kernelSize: 3, dense: [4], output: { kind: 'regression', units: 2 } });
    await saveNetworkToDirectory(net, join(dir, 'cnn'));
    const back = await loadNetworkFromDirectory(join(dir, 'cnn'));
    const x = tf.randomNormal([2, 10, 10, 1], 0, 1, 'float32', 1);
    expect(back.predict(x).data).toEqual(net.predict(x).data);
    x.dispose();
    back.dispose();
    net.dispose();
  });

  it('replaces an existing bundle whole and leaves nothing half-written when saving fails', async () => {
    const a = mlp({ inputDim: 2, output: { kind: 'regression' }, seed: 1 });
    const b = mlp({ inputDim: 2, output: { kind: 'regression' }, seed: 2 });
    await saveNetworkToDirectory(a, join(dir, 'm'));
    await saveNetworkToDirectory(b, join(dir, 'm'));
    const back = await loadNetworkFromDirectory(join(dir, 'm'));
    expect(back.predict([[1, 1]]).data).toEqual(b.predict([[1, 1]]).data);
    expect(readdirSync(dir)).toEqual(['m']);
    await expect(saveNetworkToDirectory(a, join(dir, 'missing', 'm'))).rejects.toThrow(
      `saveNetwork: folder ${join(dir, 'missing')} does not exist`,
    );
    expect(readdirSync(dir)).toEqual(['m']);
    [a, b, back].forEach((n) => n.dispose());
  });

  it('rejects a missing, corrupt, truncated, foreign or newer bundle with a clear error', async () => {
    await expect(loadNetworkFromDirectory(join(dir, 'none'))).rejects.toThrow(
      `loadNetwork: ${join(dir, 'none')} is not a folder holding a saved network`,
    );
    const net = mlp({ inputDim: 2, hidden: [3], output: { kind: 'regression' } });
    const good = join(dir, 'good');
    await saveNetworkToDirectory(net, good);
    const modelJson = readFileSync(join(good, 'model.json'), 'utf8');

    writeFileSync(join(good, 'model.json'), '{"modelTopology": {');
    await expect(loadNetworkFromDirectory(good)).rejects.toThrow(`loadNetwork: ${join(good, 'model.json')} is corrupt (not valid JSON)`);

    writeFileSync(join(good, 'model.json'), modelJson);
    const size = statSync(join(good, 'weights.bin')).size;
    truncateSync(join(good, 'weights.bin'), size - 4);
    await expect(loadNetworkFromDirectory(good)).rejects.toThrow(
      `is truncated or corrupt: weights hold ${size - 4} bytes, the manifest needs ${size}`,
    );

    const newer = JSON.parse(modelJson) as { userDefinedMetadata: { formatVersion: number } };
    newer.userDefinedMetadata.formatVersion = 99;
    await saveNetworkToDirectory(net, good);
    writeFileSync(join(good, 'model.json'), JSON.stringify(newer));
    await expect(loadNetworkFromDirectory(good)).rejects.toThrow(
      'tlkit-network formatVersion 99 is newer than this library reads (1); upgrade @tlkit/nn',
    );

    const plain = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
    await plain.save(directoryHandler(join(dir, 'foreign')));
    await expect(loadNetworkFromDirectory(join(dir, 'foreign'))).rejects.toThrow('not a tlkit network bundle');
    writeFileSync(join(good, 'model.json'), '{"hello": "world"}');
    await expect(loadNetworkFromDirectory(good)).rejects.toThrow('is not a TensorFlow.js model (no weightsManifest)');
    await expect(loadNetwork('nowhere://x')).rejects.toThrow('loadNetwork: no handler for "nowhere://x"');
    plain.dispose();
    net.dispose();
  });
});
