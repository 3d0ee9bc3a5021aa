export { columnarFormatOfBytes, columnarFormatOfName, type ColumnarFormat } from './columnar-format.js';
export { cellOf, type DateStyle } from './cells.js';
export { parquetToTable, type ReadColumnarOptions } from './read-parquet.js';
export { arrowToTable } from './read-arrow.js';
export { readColumnarTable, type ReadColumnarTableOptions } from './read-columnar.js';
