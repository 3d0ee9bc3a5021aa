import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { run } from '../src/run.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI in this process (far quicker than a node per case): `run(argv)` with stdout and stderr captured.
 * Paths in argv are as given; pass absolute ones, since the working folder is the test runner's.
 */
export async function tlkitInProcess(...argv: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  });
  try {
    const code = await run(argv);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

/**
 * `tlkitInProcess` run from `cwd`, as a user's shell would (relative paths in argv and in the output resolve there).
 * The test runner's working folder comes back afterwards, whatever the command did.
 */
export function tlkitIn(cwd: string): (...argv: string[]) => Promise<CliResult> {
  return async (...argv) => {
    const here = process.cwd();
    process.chdir(cwd);
    try {
      return await tlkitInProcess(...argv);
    } finally {
      process.chdir(here);
    }
  };
}

/** The compiled draw worker (the CLI's tests run after its build), which `compare --workers N` starts. */
export const DRAW_WORKER = pathToFileURL(join(__dirname, '..', 'dist', 'draw-worker.js'));

/** The built `tlkit` binary (the CLI's tests run after its build). */
export const TLKIT_BIN = join(__dirname, '..', 'bin', 'tlkit.js');

/** A Node script (the built `tlkit`, or a fixture script) run to its end as a child process from `cwd`. */
export function runNode(cwd: string, file: string, args: readonly string[], timeoutMs: number): CliResult {
  const r = spawnSync(process.execPath, [file, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: timeoutMs,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The built `tlkit` binary as a child process (for signals and kill -9), with a handle to signal it. */
export function spawnTlkit(
  cwd: string,
  argv: string[],
): { done: Promise<CliResult & { signal: string | null }>; kill: (s: NodeJS.Signals) => void } {
  const child = spawn(process.execPath, [TLKIT_BIN, ...argv], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult & { signal: string | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
  return { done, kill: (s) => child.kill(s) };
}

/** Every file under a folder (relative paths, sorted), to see that a failed command left nothing behind. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** The shape of a clean failure: the exit code, exactly one line on stderr that names `what`, no stack trace. */
export function expectCleanFailure(r: CliResult, code: number, what: string | RegExp): void {
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  if (lines.length !== 1 || r.code !== code) {
    throw new Error(`expected exit ${code} and one line on stderr, got exit ${r.code} and:\n${r.stderr}`);
  }
  expect(lines[0]).toMatch(/^tlkit: |^error: /);
  if (typeof what === 'string') expect(lines[0]).toContain(what);
  else expect(lines[0]).toMatch(what);
  expect(r.stderr).not.toMatch(/\n\s+at |Cannot read properties|is not a function|undefined \(reading/);
}
