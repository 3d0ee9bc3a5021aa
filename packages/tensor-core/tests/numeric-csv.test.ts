import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadDataError, NumericCsvScanner, Random } from '@tlkit/tensor-core';
import { readCsvBatches, type CsvBatch } from '@tlkit/tensor-core/node';
import { parseDecimalBytes } from '../src/data/numeric-csv.js';

const encode = (text: string) => new TextEncoder().encode(text);
const parse = (text: string) => parseDecimalBytes(encode(text), 0, encode(text).length);

describe('parseDecimalBytes', () => {
  it('gives exactly what Number() gives, on edge cases and 20,000 random decimals', () => {
    const cases = [
      '0',
      '-0',
      '+3',
      '.5',
      '5.',
      '0.1',
      '1e22',
      '1e23',
      '9007199254740993',
      '123456789012345678',
      '1.7976931348623157e308',
      '4.9e-324',
      '2.2250738585072014e-308',
      '0.000001234',
      '-12.5E-3',
      '1e-22',
      '1e-23',
      '000000000000000000012.5',
      '3.14159265358979323846',
    ];
    const rng = new Random(5);
    for (let i = 0; i < 20000; i++) {
      const digits = 1 + rng.int(17);
      let text = rng.next() < 0.5 ? '-' : '';
      for (let j = 0; j < digits; j++) text += String(rng.int(10));
      const point = rng.int(digits + 1);
      text = point < digits ? `${text.slice(0, text.length - point)}.${text.slice(text.length - point)}` : text;
      if (rng.next() < 0.3) text += `e${rng.int(60) - 30}`;
      cases.push(text);
    }
    for (const text of cases) expect(Object.is(parse(text), Number(text))).toBe(true);
  });

  it('gives NaN for what is not a plain decimal number', () => {
    for (const text of ['', '-', '.', '1e', '1e+', 'abc', '1.2.3', '--1', 'NaN', 'Infinity', '0x10', '1e400', '1,5', '1 2']) {
      expect(parse(text)).toBeNaN();
    }
  });
});

function scan(chunks: Uint8Array[]): { header: string[]; rows: number[][]; lines: number[] } {
  const out = { header: [] as string[], rows: [] as number[][], lines: [] as number[] };
  const scanner = new NumericCsvScanner({
    source: 't.csv',
    onHeader: (names) => (out.header = [...names]),
    onRow: (values, line) => {
      out.rows.push(Array.from(values));
      out.lines.push(line);
    },
  });
  chunks.forEach((c) => scanner.push(c));
  scanner.end();
  return out;
}

describe('NumericCsvScanner', () => {
  const text = '\uFEFFa, "b" ,c\r\n1,2.5,-3\r\n\r\n" 4 ",5e1,x\n7,8,9';

  it('reads a BOM, CRLF, quoted cells, skipped empty lines and a last line without newline', () => {
    const { header, rows, lines } = scan([encode(text)]);
    expect(header).toEqual(['a', 'b', 'c']);
    expect(rows[0]).toEqual([1, 2.5, -3]);
    expect(rows[1].slice(0, 2)).toEqual([4, 50]);
    expect(rows[1][2]).toBeNaN();
    expect(rows[2]).toEqual([7, 8, 9]);
    expect(lines).toEqual([2, 4, 5]);
  });

  it('gives the same rows however the bytes are split into chunks', () => {
    const bytes = encode(text);
    const whole = scan([bytes]);
    for (let a = 0; a <= bytes.length; a++) {
      for (let b = a; b <= bytes.length; b += 3) {
        const parts = scan([bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)]);
        expect(parts.header).toEqual(whole.header);
        expect(parts.lines).toEqual(whole.lines);
        expect(JSON.stringify(parts.rows)).toBe(JSON.stringify(whole.rows));
      }
    }
  });

  it('names the line of a ragged row or an unclosed quote, and an empty file', () => {
    expect(() => scan([encode('a,b\n1,2\n3\n')])).toThrow(new BadDataError('t.csv line 3: row has 1 fields, the header has 2'));
    expect(() => scan([encode('a,b\n1,"2\n3"\n')])).toThrow(/t.csv line 2: a quoted cell is not closed on its line/);
    expect(() => scan([encode('\n\n')])).toThrow(/t.csv: the file is empty/);
  });
});

describe('readCsvBatches', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'tlkit-csv-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function collect(path: string, options: Parameters<typeof readCsvBatches>[1]): Promise<CsvBatch[]> {
    const out: CsvBatch[] = [];
    for await (const b of readCsvBatches(path, options)) out.push(b);
    return out;
  }

  it('yields consecutive blocks of features and targets, with their first lines', async () => {
    const path = join(dir, 'ok.csv');
    writeFileSync(path, 'id,x1,y,x2\nr1,1,10,2\nr2,3,30,4\n\nr3,5,50,6\nr4,7,70,8\nr5,9,90,10\n');
    const batches = await collect(path, { target: 'y', features: ['x1', 'x2'], batchRows: 2 });
    expect(batches.map((b) => b.X.rows)).toEqual([2, 2, 1]);
    expect(batches.map((b) => b.firstLine)).toEqual([2, 5, 7]);
    expect(batches.flatMap((b) => Array.from(b.X.data))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(batches.flatMap((b) => Array.from(b.y))).toEqual([10, 30, 50, 70, 90]);
    expect(batches[0].features).toEqual(['x1', 'x2']);
    const two = await collect(path, { target: ['y', 'x2'], features: ['x1'], batchRows: 10 });
    expect(two[0].Y.cols).toBe(2);
    expect(Array.from(two[0].y)).toEqual([10, 30, 50, 70, 90]);
  });

  it('names the file, line and column of a bad cell, and an unknown column or a missing file', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'x,y\n1,2\n3,NA\n');
    await expect(collect(path, { target: 'y' })).rejects.toThrow(`${path} line 3, column "y": value is missing`);
    writeFileSync(path, 'x,y\n1,2\nabc,4\n');
    await expect(collect(path, { target: 'y' })).rejects.toThrow(`${path} line 3, column "x": "abc" is not a number`);
    await expect(collect(path, { target: 'z' })).rejects.toThrow(`${path}: no target column 'z'; the header has x, y`);
    await expect(collect(join(dir, 'nope.csv'), { target: 'y' })).rejects.toThrow(/cannot read .*nope\.csv/);
    await expect(collect(dir, { target: 'y' })).rejects.toThrow(/is not a file/);
    await expect(collect(path, { target: 'y', batchRows: 0 })).rejects.toThrow(/batchRows must be a positive integer/);
    writeFileSync(path, 'x,y,x\n1,2,3\n');
    await expect(collect(path, { target: 'y' })).rejects.toThrow(`${path} line 1: header names "x" twice (columns 1 and 3)`);
  });
});
