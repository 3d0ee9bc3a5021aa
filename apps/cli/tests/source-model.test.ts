import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A functional tfjs model saved to disk by a script (tests/fixtures/save-functional-model.mjs: a residual block with
// batch norm, fitted by tfjs' model.fit, saved by model.save), then inspected, compared and fine-tuned through the
// built `tlkit` binary.
const BIN = join(__dirname, '..', 'bin', 'tlkit.js');
let dir: string;

function run(file: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [file, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 600000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const tlkit = (...args: string[]) => run(BIN, ...args);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tlkit-source-model-'));
  const r = run(join(__dirname, 'fixtures', 'save-functional-model.mjs'), dir);
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

  it('says clearly what is wrong: a missing model, a CSV of the wrong width', () => {
    const missing = tlkit('inspect', 'nothing/model.json');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nothing/);
    const wrong = tlkit('compare', '--source-model', 'model/model.json', '--target', 'model/model.json', '--label', 'x');
    expect(wrong.code).toBe(1);
  });
});
