import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BadDataError, parseCsv, type Table } from '@tlkit/tensor-core';

/** One clear error for a path that is missing or a folder. */
export function checkInputFile(path: string): void {
  if (!existsSync(path)) throw new BadDataError(`${path}: no such file`, { source: path });
  if (statSync(path).isDirectory()) throw new BadDataError(`${path}: is a folder, not a CSV file`, { source: path });
}

/** Reads and parses a CSV file, with one clear error for a missing, unreadable or empty file. */
export function readCsvFile(path: string): Table {
  checkInputFile(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BadDataError(`${path}: cannot be read (${(error as Error).message})`, { source: path });
  }
  return parseCsv(text, { source: path });
}

/** Reads a JSON file (a model bundle), naming the file when it is missing or not JSON. */
export function readJsonFile(path: string): unknown {
  if (!existsSync(path)) throw new BadDataError(`${path}: no such file`, { source: path });
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    throw new BadDataError(`${path}: is corrupt or not a tlkit model (not valid JSON)`, { source: path });
  }
}

/** Writes a file atomically: to a temporary sibling first, then renamed into place; nothing half-written remains. */
export function writeFileAtomic(path: string, content: string): void {
  const dir = dirname(path);
  if (!existsSync(dir)) throw new BadDataError(`${path}: folder ${dir} does not exist`, { source: path });
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${Date.now()}`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new BadDataError(`${path}: cannot be written (${(error as Error).message})`, { source: path });
  }
}
