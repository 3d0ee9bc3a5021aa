import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { checkWritableFile, sameFile } from '@tlkit/tensor-core/node';
import { UsageError } from './errors.js';

/** The flags of each command that name files it reads and files it writes. */
const ROLES: Readonly<Record<string, { readonly inputs: readonly string[]; readonly outputs: readonly string[] }>> = {
  compare: { inputs: ['source', 'target', 'sourceModel'], outputs: ['json', 'report'] },
  fit: { inputs: ['source', 'moments'], outputs: ['out'] },
  moments: { inputs: ['source'], outputs: ['out'] },
  transfer: { inputs: ['model', 'target', 'source', 'unlabeled', 'sourceModel'], outputs: ['out'] },
  predict: { inputs: ['model', 'input'], outputs: ['out'] },
  evaluate: { inputs: ['model', 'input'], outputs: [] },
};

/** A pretrained model given as PATH/model.json is the folder PATH too: a save there would replace it. */
function withModelFolder(input: { flag: string; path: string }): { flag: string; path: string }[] {
  return input.flag === '--source-model' && basename(input.path).toLowerCase() === 'model.json'
    ? [input, { flag: input.flag, path: dirname(input.path) }]
    : [input];
}

/**
 * An output folder (a network bundle): its parent must be a folder, and the folder itself absent, empty or a bundle
 * (model.json and its weights; the save checks that model.json is tlkit's) — said before any training, not after.
 */
function checkWritableFolder(path: string, what: string): void {
  const parent = dirname(resolve(path));
  if (!existsSync(parent)) throw new UsageError(`${what}: folder ${dirname(path)} does not exist`);
  if (!statSync(parent).isDirectory()) throw new UsageError(`${what}: ${dirname(path)} is a file, not a folder`);
  if (!existsSync(path)) return;
  if (!statSync(path).isDirectory()) throw new UsageError(`${what}: is a file; a network bundle is saved as a folder, give a new one`);
  const names = readdirSync(path);
  if (names.length > 0 && !(names.includes('model.json') && names.every((n) => n === 'model.json' || n === 'weights.bin'))) {
    throw new UsageError(`${what}: is a folder that holds other files (${names.slice(0, 3).join(', ')}); give a new or empty folder`);
  }
}

const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Checks a command's file flags before it runs: no path is empty, every output can be written (its folder exists and
 * is a folder, it is not itself a folder), and no output is one of the command's inputs (compared as files, so
 * `./a.csv`, a symbolic link or a hard link to it count) or another of its outputs. A mistake is a UsageError
 * naming both flags; nothing has been read or written yet.
 */
export function checkCommandPaths(command: string, flags: Readonly<Record<string, unknown>>): void {
  const roles = ROLES[command] as (typeof ROLES)[string] | undefined;
  if (!roles) return;
  // A repeatable flag (--source in compare and transfer) holds an array of paths: each is checked.
  const given = (keys: readonly string[]) =>
    keys.flatMap((k) => {
      const v = flags[k];
      const paths = typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string') : [];
      return paths.map((path) => ({ flag: flagName(k), path }));
    });
  const inputs = given(roles.inputs).flatMap(withModelFolder);
  const outputs = given(roles.outputs);
  // transfer --source-model saves a network bundle: --out is a folder.
  const folderOutputs = command === 'transfer' && typeof flags.sourceModel === 'string';
  for (const { flag, path } of [...inputs, ...outputs]) {
    if (path.trim().length === 0) throw new UsageError(`${flag} is empty; give a file path`);
  }
  outputs.forEach((out, i) => {
    if (folderOutputs) checkWritableFolder(out.path, `${out.flag} ${out.path}`);
    else {
      try {
        checkWritableFile(out.path, `${out.flag} ${out.path}`);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    }
    for (const input of inputs) {
      if (sameFile(out.path, input.path) || resolve(out.path) === resolve(input.path)) {
        throw new UsageError(
          `${out.flag} ${out.path} is the same file as ${input.flag}; refusing to overwrite an input (choose another ${out.flag})`,
        );
      }
    }
    for (const other of outputs.slice(0, i)) {
      if (sameFile(out.path, other.path) || resolve(out.path) === resolve(other.path)) {
        throw new UsageError(`${out.flag} and ${other.flag} name the same file (${out.path}); give each its own`);
      }
    }
  });
}
