import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadDataError } from '@tlkit/tensor-core';
import { mlp, networkFromJSON, networkToJSON } from '@tlkit/nn';
import { loadNetworkFromDirectory, saveNetworkToDirectory } from '@tlkit/nn/node';
import { useWasm } from './setup.js';

beforeAll(useWasm);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tlkit-nn-safety-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type ModelJson = { weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[] };

async function savedBundle(name = 'm'): Promise<{ path: string; json: ModelJson; weights: Buffer }> {
  const net = mlp({ inputDim: 2, hidden: [3], output: { kind: 'regression' }, seed: 3 });
  const path = join(dir, name);
  await saveNetworkToDirectory(net, path);
  net.dispose();
  return {
    path,
    json: JSON.parse(readFileSync(join(path, 'model.json'), 'utf8')) as ModelJson,
    weights: readFileSync(join(path, 'weights.bin')),
  };
}

describe('loadNetworkFromDirectory reads nothing outside the bundle folder', () => {
  it('refuses weight paths with .., absolute paths and symbolic links that lead out, without telling their size', async () => {
    const { path, json, weights } = await savedBundle();
    // A file outside the folder of exactly the right size: before, it was loaded as the weights.
    writeFileSync(join(dir, 'outside.bin'), weights);
    for (const p of ['../outside.bin', join(dir, 'outside.bin'), '/etc/passwd', 'sub/../../outside.bin']) {
      json.weightsManifest[0].paths = [p];
      writeFileSync(join(path, 'model.json'), JSON.stringify(json));
      const error = (await loadNetworkFromDirectory(path).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(BadDataError);
      expect(error.message).toContain(`names the file ${JSON.stringify(p)} outside its own folder; refusing to read it`);
      expect(error.message).not.toMatch(/bytes/);
    }
    symlinkSync(join(dir, 'outside.bin'), join(path, 'link.bin'));
    json.weightsManifest[0].paths = ['link.bin'];
    writeFileSync(join(path, 'model.json'), JSON.stringify(json));
    await expect(loadNetworkFromDirectory(path)).rejects.toThrow('names the file "link.bin" outside its own folder');
    // A link inside the folder to a file inside it is fine.
    symlinkSync(join(path, 'weights.bin'), join(path, 'inner.bin'));
    json.weightsManifest[0].paths = ['inner.bin'];
    writeFileSync(join(path, 'model.json'), JSON.stringify(json));
    const back = await loadNetworkFromDirectory(path);
    back.dispose();
  });

  it('checks the sizes against the manifest before reading: a huge or foreign weights file is not read', async () => {
    const { path } = await savedBundle();
    writeFileSync(join(path, 'weights.bin'), Buffer.alloc(1 << 20));
    await expect(loadNetworkFromDirectory(path)).rejects.toThrow(/weights hold 1048576 bytes, the manifest needs \d+/);
    mkdirSync(join(path, 'folder.bin'));
    const json = JSON.parse(readFileSync(join(path, 'model.json'), 'utf8')) as ModelJson;
    json.weightsManifest[0].paths = ['folder.bin'];
    writeFileSync(join(path, 'model.json'), JSON.stringify(json));
    await expect(loadNetworkFromDirectory(path)).rejects.toThrow('lacks its weights file folder.bin');
  });

  it('rejects edited manifests with a clear error and leaks no tensor', async () => {
    const { path, json } = await savedBundle();
    const before = tf.memory().numTensors;
    const cases: [(j: ModelJson) => void, string][] = [
      [
        (j) => delete (j.weightsManifest[0] as Partial<ModelJson['weightsManifest'][0]>).weights,
        'entry 0 needs "paths" and "weights" arrays',
      ],
      [(j) => (j.weightsManifest[0].weights[0].shape = [-2, 3]), 'has shape [-2,3]; expected whole numbers ≥ 0'],
      [(j) => (j.weightsManifest[0].weights[0].dtype = 'complex64'), 'has dtype "complex64"; expected float32 or int32'],
      [(j) => (j.weightsManifest[0].paths = [7 as unknown as string]), 'names a file path that is not a plain relative path (7)'],
      [(j) => (j.weightsManifest = 'x' as unknown as ModelJson['weightsManifest']), 'is not a TensorFlow.js model (no weightsManifest)'],
    ];
    for (const [edit, message] of cases) {
      const copy = JSON.parse(JSON.stringify(json)) as ModelJson;
      edit(copy);
      writeFileSync(join(path, 'model.json'), JSON.stringify(copy));
      await expect(loadNetworkFromDirectory(path)).rejects.toThrow(message);
    }
    // Shapes that are valid numbers but do not fit the layers: tfjs fails while building, and what it made is freed.
    const swapped = JSON.parse(JSON.stringify(json)) as ModelJson;
    const [w0, b0] = swapped.weightsManifest[0].weights;
    w0.shape = [3, 2];
    b0.shape = [3];
    writeFileSync(join(path, 'model.json'), JSON.stringify(swapped));
    await expect(loadNetworkFromDirectory(path)).rejects.toThrow('the model in the bundle cannot be rebuilt');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('saveNetworkToDirectory never deletes what tlkit did not write', () => {
  it('refuses a folder that holds other files, and a file in the folder’s place; leaves both untouched', async () => {
    const net = mlp({ inputDim: 2, output: { kind: 'regression' }, seed: 1 });
    const project = join(dir, 'project');
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'README.md'), 'my notes');
    await expect(saveNetworkToDirectory(net, project)).rejects.toThrow(
      `saveNetwork: ${project} is a folder that holds other files (README.md, src); tlkit replaces only an empty folder or a network bundle it saved`,
    );
    expect(readdirSync(project).sort()).toEqual(['README.md', 'src']);
    // A folder with a model.json that tlkit did not write is someone else's too.
    writeFileSync(join(dir, 'other-model.json'), '{}');
    const other = join(dir, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'model.json'), '{"weightsManifest": []}');
    await expect(saveNetworkToDirectory(net, other)).rejects.toThrow('is a folder that holds other files (model.json)');
    writeFileSync(join(dir, 'file'), 'data');
    await expect(saveNetworkToDirectory(net, join(dir, 'file'))).rejects.toThrow(
      `saveNetwork: ${join(dir, 'file')} is a file, not a folder`,
    );
    expect(readFileSync(join(dir, 'file'), 'utf8')).toBe('data');
    await expect(saveNetworkToDirectory(net, join(dir, 'file', 'm'))).rejects.toThrow(
      `saveNetwork: ${join(dir, 'file')} is a file, not a folder`,
    );
    // An empty folder and a bundle tlkit saved are replaced; no temporary is left beside them.
    mkdirSync(join(dir, 'empty'));
    await saveNetworkToDirectory(net, join(dir, 'empty'));
    await saveNetworkToDirectory(net, join(dir, 'empty'));
    expect(readdirSync(join(dir, 'empty')).sort()).toEqual(['model.json', 'weights.bin']);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
    net.dispose();
  });

  it('removes the temporaries a killed save left behind on the next save of the same bundle', async () => {
    const net = mlp({ inputDim: 2, output: { kind: 'regression' }, seed: 1 });
    // PID 2^22 + 1 is above Linux's pid_max default: no such process.
    const stale = join(dir, `.m.tmp-${2 ** 22 + 1}-1-1`);
    mkdirSync(stale);
    writeFileSync(join(stale, 'weights.bin'), 'partial');
    await saveNetworkToDirectory(net, join(dir, 'm'));
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(dir)).toEqual(['m']);
    net.dispose();
  });
});

describe('networkFromJSON', () => {
  it('rejects a negative shape or a size mismatch before tfjs sees it, leaking no tensor', async () => {
    const net = mlp({ inputDim: 2, hidden: [3], output: { kind: 'regression' }, seed: 3 });
    const json = networkToJSON(net);
    net.dispose();
    const before = tf.memory().numTensors;
    const negative = { ...json, weightSpecs: json.weightSpecs.map((s, i) => (i === 0 ? { ...s, shape: [-2, 3] } : s)) };
    await expect(networkFromJSON(negative)).rejects.toThrow('networkFromJSON: weight entry 0 (');
    await expect(networkFromJSON({ ...json, weightsBase64: json.weightsBase64.slice(8) })).rejects.toThrow(
      /networkFromJSON: weights hold \d+ bytes, the specs need \d+/,
    );
    await expect(networkFromJSON({ ...json, weightSpecs: [null] })).rejects.toThrow('weight entry 0 is not an object');
    const swapped = { ...json, weightSpecs: json.weightSpecs.map((s, i) => (i === 0 ? { ...s, shape: [3, 2] } : s)) };
    await expect(networkFromJSON(swapped)).rejects.toThrow('networkFromJSON: the model in the bundle cannot be rebuilt');
    expect(tf.memory().numTensors).toBe(before);
    const back = await networkFromJSON(json);
    back.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
