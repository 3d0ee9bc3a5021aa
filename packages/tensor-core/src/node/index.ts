export { readCsvBatches, type CsvBatch, type CsvBatchOptions } from './csv-batches.js';
export { readImageFolder, type ImageFolder } from './image-folder.js';
