import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BadDataError, describeRow, inferSchema, parseCsv, selectRows, tableFromRecords, type Table } from '@tlkit/tensor-core';
import {
  arrowToTable,
  cellOf,
  columnarFormatOfBytes,
  columnarFormatOfName,
  parquetToTable,
  readColumnarTable,
} from '@tlkit/tensor-core/columnar';
import {
  Bool,
  DateDay,
  Dictionary,
  Float64,
  Int32,
  Int64,
  TimestampMillisecond,
  Utf8,
  tableToIPC,
  vectorFromArray,
  Table as ArrowTable,
} from 'apache-arrow';

const VEGA = join(dirname(require.resolve('vega-datasets')), '..', 'data');
const FIXTURES = join(__dirname, 'fixtures');

// The table DuckDB wrote into the fixtures (see fixtures/README.md), as tlkit's CSV reader would hold it.
const EXPECTED_TYPES: (string | null)[][] = [
  ['1', '2.5', 'red', 'true', '2024-02-29', '2024-02-29T13:45:00.000Z', '10'],
  ['2', null, 'blue', 'false', null, '2001-01-01T00:01:00.000Z', null],
  ['3', null, null, null, '1999-12-31', null, '9007199254740993'],
  ['4', '-0.000001', null, 'true', '2000-01-01', '2000-01-01T00:00:00.000Z', '-5'],
];

describe('columnar formats', () => {
  it('names a columnar or records row by its row number, a CSV row by its line', async () => {
    const parquet = await parquetToTable(readFileSync(join(FIXTURES, 'types-zstd.parquet')), { source: 't.parquet' });
    expect(describeRow(parquet, 2)).toBe('t.parquet row 3');
    expect(describeRow(selectRows(parquet, [3]), 0)).toBe('t.parquet row 4');
    expect(describeRow(tableFromRecords([{ a: 1 }, { a: 2 }]), 1)).toBe('row 2');
    expect(describeRow(parseCsv('a\n1\n2\n', { source: 'x.csv' }), 1)).toBe('x.csv line 3');
  });

  it('tells Parquet and Arrow from their bytes and from their names', () => {
    expect(columnarFormatOfBytes(readFileSync(join(FIXTURES, 'types-zstd.parquet')))).toBe('parquet');
    expect(columnarFormatOfBytes(readFileSync(join(VEGA, 'flights-200k.arrow')))).toBe('arrow');
    expect(columnarFormatOfBytes(new TextEncoder().encode('a,b\n1,2\n'))).toBeUndefined();
    expect(columnarFormatOfName('x/Flights.PARQUET')).toBe('parquet');
    expect(columnarFormatOfName('f.feather')).toBe('arrow');
    expect(columnarFormatOfName('f.csv')).toBeUndefined();
  });

  it('writes cells as the CSV reader would hold them', () => {
    expect(cellOf(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(cellOf(NaN)).toBeNull();
    expect(cellOf(-Infinity)).toBeNull();
    expect(cellOf(2n ** 63n - 1n)).toBe('9223372036854775807');
    expect(cellOf('  n/a ')).toBeNull();
    expect(cellOf(' x ')).toBe('x');
    expect(cellOf(new Date(Date.UTC(2020, 0, 2)), 'date')).toBe('2020-01-02');
    expect(cellOf({ a: 1n, b: [1, 2] })).toBe('{"a":"1","b":[1,2]}');
    expect(cellOf(new Uint8Array([0, 255]))).toBe('00ff');
  });
});

describe('parquetToTable', () => {
  it.each(['snappy', 'zstd', 'gzip', 'uncompressed'])(
    'reads a file DuckDB wrote with %s: nulls, NaN, dates, 64-bit integers',
    async (codec) => {
      const table = await parquetToTable(readFileSync(join(FIXTURES, `types-${codec}.parquet`)), { source: 'types.parquet' });
      expect(table.columns).toEqual(['id', 'size', 'colour', 'ok', 'day', 'seen', 'big']);
      expect(table.rows).toEqual(EXPECTED_TYPES);
      expect(table.lines).toEqual([1, 2, 3, 4]);
      expect(table.source).toBe('types.parquet');
    },
  );

  it('reads where there is no SharedArrayBuffer (a web page that is not cross-origin isolated)', async () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'types-zstd.parquet')));
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'SharedArrayBuffer');
    Reflect.deleteProperty(globalThis, 'SharedArrayBuffer');
    try {
      expect(typeof SharedArrayBuffer).toBe('undefined');
      expect((await parquetToTable(bytes, { source: 'types.parquet' })).rows).toEqual(EXPECTED_TYPES);
    } finally {
      if (saved) Object.defineProperty(globalThis, 'SharedArrayBuffer', saved);
    }
  });

  it('gives the same table as the same rows written as CSV', async () => {
    const parquet = await parquetToTable(readFileSync(join(FIXTURES, 'types-zstd.parquet')), { columns: ['id', 'size', 'colour', 'big'] });
    const csv = parseCsv('id,size,colour,big\n1,2.5,red,10\n2,,  blue,\n3,NaN,,9007199254740993\n4,-0.000001,NA,-5\n');
    expect(parquet.rows).toEqual(csv.rows);
    expect(inferSchema(parquet, { label: 'size' })).toEqual(inferSchema(csv, { label: 'size' }));
  });

  it("reads vega-datasets' flights-3m.parquet (zstd, 64-bit integers, timestamps)", async () => {
    const table = await parquetToTable(readFileSync(join(VEGA, 'flights-3m.parquet')), { source: 'flights-3m.parquet', rowEnd: 3 });
    expect(table.columns).toEqual(['date', 'delay', 'distance', 'origin', 'destination']);
    expect(table.rows).toEqual([
      ['2001-01-01T00:01:00.000Z', '33', '2176', 'LAS', 'PHL'],
      ['2001-01-01T00:01:00.000Z', '19', '215', 'ATL', 'SAV'],
      ['2001-01-01T00:01:00.000Z', '14', '405', 'MCI', 'MDW'],
    ]);
  });

  it('names the file and the column in its errors', async () => {
    await expect(parquetToTable(new TextEncoder().encode('a,b\n1,2\n'), { source: 'x.parquet' })).rejects.toThrow(
      new BadDataError('x.parquet: not a readable Parquet file (parquet file invalid (footer != PAR1))'),
    );
    const bytes = readFileSync(join(FIXTURES, 'types-zstd.parquet'));
    await expect(parquetToTable(bytes, { source: 't.parquet', columns: ['nope'] })).rejects.toThrow(
      't.parquet: column "nope" not found; columns are "id", "size", "colour", "ok", "day", "seen", "big"',
    );
    const truncated = Uint8Array.from([...bytes.subarray(0, 200), ...bytes.subarray(bytes.length - 600)]);
    await expect(parquetToTable(truncated, { source: 'cut.parquet' })).rejects.toThrow(BadDataError);
  });
});

describe('arrowToTable', () => {
  it("reads vega-datasets' flights-200k.arrow as the same rows as its flights-200k.json", async () => {
    const table = await arrowToTable(readFileSync(join(VEGA, 'flights-200k.arrow')), { source: 'flights-200k.arrow' });
    const json = tableFromRecords(JSON.parse(readFileSync(join(VEGA, 'flights-200k.json'), 'utf8')) as Record<string, unknown>[]);
    expect(table.columns).toEqual(json.columns);
    expect(table.rows).toHaveLength(200000);
    const delay = table.columns.indexOf('delay');
    const time = table.columns.indexOf('time');
    const distance = table.columns.indexOf('distance');
    let differing = 0;
    let worst = 0;
    for (let i = 0; i < table.rows.length; i++) {
      if (table.rows[i][delay] !== json.rows[i][delay] || table.rows[i][distance] !== json.rows[i][distance]) differing++;
      // time is Float32 in the Arrow file and a decimal in the JSON one.
      worst = Math.max(worst, Math.abs(Number(table.rows[i][time]) - Number(json.rows[i][time])));
    }
    expect(differing).toBe(0);
    expect(worst).toBeLessThan(1e-5);
  });

  it('reads nulls, dictionaries, dates, timestamps, booleans and 64-bit integers, as a file or a stream', async () => {
    const arrow = new ArrowTable({
      id: vectorFromArray([1, 2, 3], new Int32()),
      size: vectorFromArray([2.5, null, NaN], new Float64()),
      colour: vectorFromArray(['red', null, ' NA '], new Dictionary(new Utf8(), new Int32())),
      ok: vectorFromArray([true, false, null], new Bool()),
      day: vectorFromArray([new Date(Date.UTC(2024, 1, 29)), null, new Date(Date.UTC(1999, 11, 31))], new DateDay()),
      seen: vectorFromArray([Date.UTC(2001, 0, 1, 0, 1), null, 0], new TimestampMillisecond()),
      big: vectorFromArray([10n, null, 9007199254740993n], new Int64()),
    });
    const expected = [
      ['1', '2.5', 'red', 'true', '2024-02-29', '2001-01-01T00:01:00.000Z', '10'],
      ['2', null, null, 'false', null, null, null],
      ['3', null, null, null, '1999-12-31', '1970-01-01T00:00:00.000Z', '9007199254740993'],
    ];
    for (const kind of ['file', 'stream'] as const) {
      const table: Table = await readColumnarTable(tableToIPC(arrow, kind), { source: `t.${kind}` });
      expect(table.columns).toEqual(['id', 'size', 'colour', 'ok', 'day', 'seen', 'big']);
      expect(table.rows).toEqual(expected);
    }
  });

  it('is a clear error for data that is not Arrow', async () => {
    await expect(arrowToTable(new TextEncoder().encode('not arrow at all'), { source: 'x.arrow' })).rejects.toThrow(
      /^x\.arrow: not readable Arrow IPC data/,
    );
    await expect(readColumnarTable(new TextEncoder().encode('a,b\n'), { source: 'x.bin' })).rejects.toThrow(
      new BadDataError('x.bin: neither Parquet nor Arrow IPC data'),
    );
  });
});
