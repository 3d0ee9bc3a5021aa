import { BadDataError } from '@tlkit/tensor-core';
import { MAX_COLUMNAR_CELLS, checkTableSize } from '../src/data/columnar/bounds.js';
import { uncompressedBytes } from '../src/data/columnar/read-parquet.js';

// A Parquet or Arrow file states its row count; a forged or huge one must be one clear error before any cell is
// allocated (Array.from({ length: 1e12 }) is "Invalid array length"; 2e8 rows × 40 columns exhausts the heap).
describe('the size a columnar file states', () => {
  it('is a whole number of rows ≥ 0, and rows × columns within the cell bound', () => {
    expect(checkTableSize('f.parquet', 1000, 5, 'f.parquet')).toBe(1000);
    expect(checkTableSize('f.parquet', 0, 5, 'f.parquet')).toBe(0);
    for (const rows of [-1, 1.5, NaN, 2 ** 60]) {
      expect(() => checkTableSize('f.parquet', rows, 5, 'f.parquet')).toThrow(BadDataError);
    }
    expect(() => checkTableSize('f.parquet', -1, 5, 'f.parquet')).toThrow(
      'f.parquet: the file says it has -1 rows, not a whole number ≥ 0',
    );
    expect(() => checkTableSize('f.arrow', MAX_COLUMNAR_CELLS / 4 + 1, 4, 'f.arrow')).toThrow(
      `f.arrow: ${MAX_COLUMNAR_CELLS / 4 + 1} rows × 4 columns is more than the ${MAX_COLUMNAR_CELLS} cells read into memory`,
    );
    expect(() => checkTableSize('f.arrow', 10, 100_001, 'f.arrow')).toThrow('f.arrow: has 100001 columns, more than the 100000 read');
  });

  it('a Parquet file is measured by what its chosen columns hold decompressed, by its own metadata', () => {
    const chunk = (name: string, size: bigint) => ({ meta_data: { path_in_schema: [name], total_uncompressed_size: size } });
    const metadata = {
      row_groups: [{ columns: [chunk('a', 10n), chunk('b', 2n ** 40n)] }, { columns: [chunk('a', 5n), chunk('b', 1n)] }],
    };
    expect(uncompressedBytes(metadata, new Set(['a']))).toBe(15);
    expect(uncompressedBytes(metadata, new Set(['a', 'b']))).toBe(15 + 2 ** 40 + 1);
  });
});
