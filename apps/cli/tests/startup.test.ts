import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// `tlkit --help` and `--version` must not load TensorFlow.js (issue 19: start-up time and memory of the CLI).
const BIN = join(__dirname, '..', 'bin', 'tlkit.js');
const HOOK = join(__dirname, 'fixtures', 'record-tfjs.mjs');

function tfjsModulesLoaded(...args: string[]): { code: number; loaded: number } {
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], { encoding: 'utf8', timeout: 120000 });
  const match = /tfjs-modules-loaded (\d+)/.exec(r.stderr);
  if (!match) throw new Error(`no count from the module hook; stderr: ${r.stderr}`);
  return { code: r.status ?? -1, loaded: Number(match[1]) };
}

describe('tlkit start-up', () => {
  it('--help, --version and a command help load no TensorFlow.js module', () => {
    for (const args of [['--help'], ['--version'], ['compare', '--help']]) {
      expect(tfjsModulesLoaded(...args)).toEqual({ code: 0, loaded: 0 });
    }
  });

  it('the hook does see TensorFlow.js when a command runs (the check above can fail)', () => {
    const r = tfjsModulesLoaded('datasets');
    expect(r.code).toBe(0);
    expect(r.loaded).toBeGreaterThan(0);
  });
});
