import { BadDataError, formatCsv, parseCsv } from '@tlkit/tensor-core';

describe('parseCsv', () => {
  it('reads a header, quoted fields, CRLF, a BOM and missing values', () => {
    const t = parseCsv('\uFEFFname,x,"note"\r\n"a, b",1.5,"say ""hi"""\r\nc,NA,\r\n', { source: 'f.csv' });
    expect(t.columns).toEqual(['name', 'x', 'note']);
    expect(t.rows).toEqual([
      ['a, b', '1.5', 'say "hi"'],
      ['c', null, null],
    ]);
    expect(t.lines).toEqual([2, 3]);
    expect(t.source).toBe('f.csv');
  });

  it('names the file and line of a ragged row', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n', { source: 'bad.csv' })).toThrow(
      new BadDataError('bad.csv line 3: row has 1 fields, the header has 2'),
    );
  });

  it('rejects an empty file, an unnamed or duplicated header and a broken quote', () => {
    expect(() => parseCsv('', { source: 'e.csv' })).toThrow('e.csv: the file is empty (no header row)');
    expect(() => parseCsv('a,,c\n1,2,3\n')).toThrow('CSV line 1: header column 2 has no name');
    expect(() => parseCsv('a,a\n1,2\n')).toThrow('CSV line 1: header names "a" twice (columns 1 and 2)');
    expect(() => parseCsv('a,b\n"1,2\n', { source: 'q.csv' })).toThrow(BadDataError);
  });

  it('writes CSV that parses back to the same cells', () => {
    const text = formatCsv(
      ['a', 'b'],
      [
        ['x,y', 1],
        [null, 'he said "no"'],
      ],
    );
    const t = parseCsv(text);
    expect(t.rows).toEqual([
      ['x,y', '1'],
      [null, 'he said "no"'],
    ]);
  });
});
