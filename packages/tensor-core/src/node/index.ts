export { readCsvBatches, type CsvBatch, type CsvBatchOptions } from './csv-batches.js';
export {
  writeFileAtomic,
  checkWritableFile,
  temporarySibling,
  asideSibling,
  releaseTemporary,
  removePendingTemporaries,
  removeStaleTemporaries,
  confinedPath,
  sameFile,
  systemReason,
} from './safe-files.js';
export { readImageFolder, type ImageFolder } from './image-folder.js';
