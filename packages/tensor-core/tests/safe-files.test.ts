import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadDataError } from '@tlkit/tensor-core';
import {
  confinedPath,
  removePendingTemporaries,
  removeStaleTemporaries,
  sameFile,
  temporarySibling,
  writeFileAtomic,
} from '@tlkit/tensor-core/node';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tlkit-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// A PID above Linux's default pid_max (4194304): no such process exists.
const DEAD_PID = 2 ** 22 + 1;

describe('writeFileAtomic', () => {
  it('replaces a file whole and leaves no temporary; names the folder or file that is in the way', () => {
    const out = join(dir, 'out.csv');
    writeFileAtomic(out, 'old\n');
    writeFileAtomic(out, 'new\n');
    expect(readFileSync(out, 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
    expect(() => writeFileAtomic(join(dir, 'no', 'x.csv'), 'a', 'x.csv')).toThrow(`x.csv: folder ${join(dir, 'no')} does not exist`);
    expect(() => writeFileAtomic(join(out, 'x.csv'), 'a', '--out')).toThrow(`--out: ${out} is a file, not a folder`);
    mkdirSync(join(dir, 'sub'));
    expect(() => writeFileAtomic(join(dir, 'sub'), 'a', '--out')).toThrow('--out: is a folder; give a file name');
    expect(() => writeFileAtomic('', 'a')).toThrow(new BadDataError('an output path is empty'));
  });

  it('removes the temporaries of writes whose process was killed (kill -9), and keeps those of live ones', () => {
    const out = join(dir, 'pred.csv');
    writeFileSync(join(dir, `.pred.csv.tmp-${DEAD_PID}-1700000000000`), 'x'.repeat(1000));
    writeFileSync(join(dir, `.pred.csv.tmp-${process.ppid}-1700000000000`), 'a live writer');
    writeFileSync(join(dir, `.other.csv.tmp-${DEAD_PID}-1`), 'not ours');
    writeFileAtomic(out, 'a,b\n');
    expect(readdirSync(dir).sort()).toEqual([`.other.csv.tmp-${DEAD_PID}-1`, `.pred.csv.tmp-${process.ppid}-1700000000000`, 'pred.csv']);
    removeStaleTemporaries(join(dir, 'other.csv'));
    expect(existsSync(join(dir, `.other.csv.tmp-${DEAD_PID}-1`))).toBe(false);
  });

  it('removes temporaries still being written when asked (what the CLI does on SIGINT and SIGTERM)', () => {
    const tmp = temporarySibling(join(dir, 'big.csv'));
    writeFileSync(tmp, 'half');
    expect(removePendingTemporaries()).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('confinedPath', () => {
  it('keeps paths inside the folder and refuses .., absolute paths and links out', () => {
    const root = join(dir, 'bundle');
    mkdirSync(root);
    writeFileSync(join(root, 'w.bin'), 'w');
    writeFileSync(join(dir, 'secret'), 's');
    expect(confinedPath(root, 'w.bin', 'load')).toBe(join(root, 'w.bin'));
    expect(confinedPath(root, './sub/../w.bin', 'load')).toBe(join(root, 'w.bin'));
    for (const p of ['../secret', join(dir, 'secret'), '..', '.', 'a/../../secret']) {
      expect(() => confinedPath(root, p, 'load')).toThrow(`load: names the file ${JSON.stringify(p)} outside its own folder`);
    }
    symlinkSync(join(dir, 'secret'), join(root, 'link'));
    expect(() => confinedPath(root, 'link', 'load')).toThrow('outside its own folder');
    symlinkSync(join(dir, 'gone'), join(root, 'dangling'));
    expect(() => confinedPath(root, 'dangling', 'load')).toThrow('outside its own folder');
    for (const p of [42, null, '', 'a\0b']) expect(() => confinedPath(root, p, 'load')).toThrow('not a plain relative path');
  });
});

describe('sameFile', () => {
  it('sees one file through another spelling, a symbolic link or a hard link', () => {
    const a = join(dir, 'a.csv');
    writeFileSync(a, 'x');
    symlinkSync(a, join(dir, 'l.csv'));
    linkSync(a, join(dir, 'h.csv'));
    expect(sameFile(a, join(dir, '.', 'a.csv'))).toBe(true);
    expect(sameFile(a, join(dir, 'l.csv'))).toBe(true);
    expect(sameFile(a, join(dir, 'h.csv'))).toBe(true);
    expect(sameFile(a, join(dir, 'none.csv'))).toBe(false);
  });
});
