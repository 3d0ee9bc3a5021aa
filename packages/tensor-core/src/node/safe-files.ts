import { existsSync, lstatSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { BadDataError } from '../errors.js';

/**
 * Temporary files and folders being written right now, by path: what a signal handler removes before the process
 * exits (see removePendingTemporaries). A write registers its temporary here and unregisters it once renamed.
 */
const pending = new Set<string>();

/** The marker in a temporary's name: `.name.tmp-PID-TIME-RANDOM`. */
const TMP_MARK = '.tmp-';

function stamp(): string {
  return `${process.pid}-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporaries that an earlier write of `path` left behind when its process was killed outright
 * (`kill -9` cannot be caught): siblings named `.name.tmp-PID-…` or `.name.old-PID-…` whose process is gone.
 */
export function removeStaleTemporaries(path: string): void {
  const dir = dirname(resolve(path));
  const prefixes = [`.${basename(path)}${TMP_MARK}`, `.${basename(path)}.old-`];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const prefix = prefixes.find((p) => name.startsWith(p));
    if (prefix === undefined) continue;
    const pid = Number(name.slice(prefix.length).split('-', 1)[0]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || processIsAlive(pid)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/**
 * A fresh temporary sibling of `path` (`.name.tmp-PID-…`, in the same folder so that a rename is atomic), registered
 * for removal on a signal; stale temporaries of `path` from killed processes are removed first.
 */
export function temporarySibling(path: string): string {
  removeStaleTemporaries(path);
  const tmp = join(dirname(resolve(path)), `.${basename(path)}${TMP_MARK}${stamp()}`);
  pending.add(tmp);
  return tmp;
}

/** A sibling name under which an existing bundle is kept while its replacement is renamed into place. */
export function asideSibling(path: string): string {
  const old = join(dirname(resolve(path)), `.${basename(path)}.old-${stamp()}`);
  pending.add(old);
  return old;
}

/** Forgets a temporary once it has been renamed into place or removed. */
export function releaseTemporary(tmp: string): void {
  pending.delete(tmp);
}

/** Removes every temporary still being written (for SIGINT/SIGTERM handlers); returns how many there were. */
export function removePendingTemporaries(): number {
  const n = pending.size;
  for (const tmp of pending) rmSync(tmp, { recursive: true, force: true });
  pending.clear();
  return n;
}

/** Why a path cannot be written as a file: a missing folder, a folder above that is a file, a folder in its place. */
export function checkWritableFile(path: string, what = path): void {
  if (path.length === 0) throw new BadDataError('an output path is empty', { source: path });
  const dir = dirname(resolve(path));
  if (!existsSync(dir)) throw new BadDataError(`${what}: folder ${dirname(path)} does not exist`, { source: path });
  if (!statSync(dir).isDirectory()) throw new BadDataError(`${what}: ${dirname(path)} is a file, not a folder`, { source: path });
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new BadDataError(`${what}: is a folder; give a file name`, { source: path });
  }
}

/**
 * Writes a file atomically: into a fresh temporary sibling, then renamed into place, so that a reader sees the old
 * file or the new one and a failure (or a signal, see removePendingTemporaries) leaves nothing half-written behind.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, what = path): void {
  checkWritableFile(path, what);
  const tmp = temporarySibling(path);
  try {
    writeFileSync(tmp, content, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new BadDataError(`${what}: cannot be written (${systemReason(error)})`, { source: path });
  } finally {
    releaseTemporary(tmp);
  }
}

/** A system error's reason without Node's decoration: "no space left on device", "permission denied". */
export function systemReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOSPC: 'no space left on device',
    EROFS: 'read-only file system',
    ENOTDIR: 'a folder on the way is a file',
    EISDIR: 'is a folder',
    ENOENT: 'no such file or folder',
    EEXIST: 'already exists',
    EDQUOT: 'disk quota exceeded',
    EMFILE: 'too many open files',
    ESPIPE: 'not a seekable file (a pipe?)',
  };
  return (e.code !== undefined ? reasons[e.code] : undefined) ?? e.message;
}

/**
 * The absolute path of `name`, a path a saved bundle names, inside `root`; a BadDataError when it leads outside
 * (absolute, `..`, or a symbolic link that points out). Nothing about a file outside is revealed in the message.
 */
export function confinedPath(root: string, name: unknown, where: string): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\0')) {
    throw new BadDataError(`${where}: names a file path that is not a plain relative path (${describeValue(name)})`, {
      source: root,
    });
  }
  const base = resolve(root);
  const full = resolve(base, name);
  const outside = () =>
    new BadDataError(`${where}: names the file ${JSON.stringify(name)} outside its own folder; refusing to read it`, { source: root });
  if (isAbsolute(name) || !full.startsWith(base + sep)) throw outside();
  if (existsSync(full) || isLink(full)) {
    let realBase: string;
    let realFull: string;
    try {
      realBase = realpathSync(base);
      realFull = realpathSync(full);
    } catch {
      throw outside();
    }
    if (!realFull.startsWith(realBase + sep)) throw outside();
  }
  return full;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** True when both paths exist and are the same file (same device and inode: links and `./a` vs `a` included). */
export function sameFile(a: string, b: string): boolean {
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

function describeValue(value: unknown): string {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol' ? typeof value : JSON.stringify(value);
}
