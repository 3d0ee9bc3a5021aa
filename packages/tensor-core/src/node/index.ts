export { readCsvBatches, type CsvBatch, type CsvBatchOptions } from './csv-batches.js';
