import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode, TLKIT_BIN } from './harness.js';

// A functional tfjs model saved to disk by a script (tests/fixtures/save-functional-model.mjs: a residual block with
// batch norm, fitted by tfjs' model.fit, saved by model.save), then inspected, compared and fine-tuned through the
// built `tlkit` binary.
let dir: string;

const tlkit = (...args: string[]) => runNode(dir, TLKIT_BIN, args, 600000);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tlkit-source-model-'));
  const r = runNode(dir, join(__dirname, 'fixtures', 'save-functional-model.mjs'), [dir], 600000);
  if (r.code !== 0) throw new Error(`the fixture script failed: ${r.stderr}`);
}, 600000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tlkit with --source-model', () => {
  it('inspects PATH/model.json: every layer with its type, output shape and parameters', () => {
    const r = tlkit('inspect', 'model/model.json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/a TensorFlow\.js functional model, input \[8, 8, 1\], output \{"kind":"classification","classes":\[0,1\]\}/);
    expect(r.stdout).toMatch(/block_add\s+Add\s+\[8, 8, 4\]\s+0\s+yes\s+stem, block_relu/);
    expect(r.stdout).toMatch(/block_bn\s+BatchNormalization\s+\[8, 8, 4\]\s+16/);
    expect(r.stdout).toContain('features are read at "features" by default');
  });

  it('compares scratch, frozen features + head and fine-tuning on a CSV of pixel columns and on a folder of PNGs', () => {
    for (const target of [
      ['--target', 'target.csv', '--label', 'shape'],
      ['--target', 'images'],
    ]) {
      const r = tlkit(
        'compare',
        '--source-model',
        'model/model.json',
        ...target,
        '--sizes',
        '1,3',
        '--repeats',
        '2',
        '--epochs',
        '3',
        '--json',
        'r.json',
        '-q',
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/fine-tuned backbone\s+\d+\.\d% ± \d+\.\d\s+\d+\.\d% ± \d+\.\d/);
      expect(r.stdout).toContain('With 3 examples per class, frozen features + head:');
      expect(r.stdout).toContain('are not run: the source is a pretrained model');
      const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { sizes: number[]; curves: unknown[] };
      expect(report.sizes).toEqual([1, 3]);
      expect(report.curves).toHaveLength(3);
    }
  }, 600000);

  it('fine-tunes the model on the target rows and saves a bundle that inspect reads back', () => {
    const r = tlkit(
      'transfer',
      '--source-model',
      'model/model.json',
      '--target',
      'target.csv',
      '--label',
      'shape',
      '--method',
      'fine-tune',
      '--epochs',
      '3',
      '--out',
      'tuned',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'tuned', 'model.json'))).toBe(true);
    const back = tlkit('inspect', 'tuned/model.json');
    expect(back.stdout).toContain('output {"kind":"classification","classes":["d","h","v"]}');
    expect(back.stdout).toMatch(/head\s+Dense\s+\[3\]\s+21/);
  }, 300000);

  it('with --source too, runs the compare methods from the model (dann, deep:coral, deep:mmd among them) and deploys one', () => {
    const methods = ['target-only', 'source-only', 'feature:embed', 'deep', 'dann', 'deep:coral', 'deep:mmd'];
    const r = tlkit(
      'compare',
      '--source-model',
      'model/model.json',
      '--source',
      'source.csv',
      '--target',
      'shifted.csv',
      '--label',
      'shape',
      '--methods',
      methods.join(','),
      '--sizes',
      '0,2',
      '--per-class',
      '--repeats',
      '2',
      '--json',
      'adapt.json',
      '-q',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const m of ['dann', 'deep:coral', 'deep:mmd']) expect(r.stdout).toMatch(new RegExp(`${m}\\s.*\\d+\\.\\d`));
    const report = JSON.parse(readFileSync(join(dir, 'adapt.json'), 'utf8')) as {
      results: { method: string; size: number; skipped?: string; mean: number }[];
    };
    for (const m of ['dann', 'deep:coral', 'deep:mmd', 'feature:embed']) {
      for (const size of [0, 2]) {
        const row = report.results.find((x) => x.method === m && x.size === size);
        expect(row?.skipped).toBeUndefined();
        expect(row?.mean).toBeGreaterThanOrEqual(0);
      }
    }
    const t = tlkit(
      'transfer',
      '--source-model',
      'model/model.json',
      '--source',
      'source.csv',
      '--target',
      'shifted.csv',
      '--label',
      'shape',
      '--method',
      'deep:coral',
      '--out',
      'coral',
    );
    expect(t.stderr).toBe('');
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('deep:coral from model/model.json on 60 source and 20 target rows: saved to coral');
    const back = tlkit('inspect', 'coral/model.json');
    expect(back.stdout).toContain('output {"kind":"classification","classes":["h","v"]}');
    const noSource = tlkit(
      'transfer',
      '--source-model',
      'model/model.json',
      '--target',
      'shifted.csv',
      '--label',
      'shape',
      '--method',
      'dann',
      '--out',
      'x',
    );
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toContain('--method dann with --source-model needs the source rows');
    expect(existsSync(join(dir, 'x'))).toBe(false);
  }, 600000);

  it('takes a tfjs graph model as a frozen feature extractor: inspect lists its nodes, compare runs scratch vs frozen', () => {
    const inspect = tlkit('inspect', 'graph/model.json');
    expect(inspect.stderr).toBe('');
    expect(inspect.stdout).toContain('a TensorFlow.js graph model (a frozen feature extractor: no layers to fine-tune), input [64]');
    expect(inspect.stdout).toMatch(/features\s+Relu/);
    expect(inspect.stdout).toContain('features are read at "probs" by default (--cut-at NODE to choose another)');
    const r = tlkit(
      'compare',
      '--source-model',
      'graph/model.json',
      '--cut-at',
      'features',
      '--target',
      'target.csv',
      '--label',
      'shape',
      '--sizes',
      '1,3',
      '--repeats',
      '2',
      '--epochs',
      '3',
      '-q',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/frozen features \+ head\s+\d+\.\d% ± \d+\.\d/);
    expect(r.stdout).not.toContain('fine-tuned backbone');
    const t = tlkit(
      'transfer',
      '--source-model',
      'graph/model.json',
      '--target',
      'target.csv',
      '--label',
      'shape',
      '--method',
      'frozen',
      '--out',
      'g',
    );
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('is a graph model, a frozen feature extractor');
    const cut = tlkit('compare', '--source-model', 'model/model.json', '--cut-at', 'nope', '--target', 'target.csv', '--label', 'shape');
    expect(cut.code).toBe(2);
    expect(cut.stderr).toContain('--cut-at: model/model.json has no layer "nope"');
  }, 600000);

  it('says clearly what is wrong: a missing model, a CSV of the wrong width', () => {
    const missing = tlkit('inspect', 'nothing/model.json');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nothing/);
    const wrong = tlkit('compare', '--source-model', 'model/model.json', '--target', 'model/model.json', '--label', 'x');
    expect(wrong.code).toBe(1);
  });
});
