export { ShapeMismatchError, NotFittedError, BadDataError, AbortError, throwIfAborted, type DataLocation } from './errors.js';
export { checkSavedHeader, type SavedHeader } from './saved-header.js';
export {
  zeros,
  identity,
  isDenseMatrix,
  getEntry,
  getRow,
  getColumn,
  takeRows,
  takeColumns,
  transpose,
  vstack,
  hstack,
  columnMeans,
  matmul,
  matvec,
  columnMatrix,
  cloneMatrix,
  type DenseMatrix,
} from './dense-matrix.js';
export {
  toDenseMatrix,
  checkMatrixValues,
  toVector,
  toTargetMatrix,
  toArray2D,
  assertSameRows,
  isTensorLike,
  isMlMatrixLike,
  type MatrixInput,
  type VectorInput,
  type InputContext,
  type TensorLike,
  type MlMatrixLike,
  type TargetMatrix,
} from './matrix-input.js';
export { toMlMatrix, fromMlMatrix } from './ml-matrix-conversion.js';
export { gram, crossProduct, outerGram, mirrorUpper, type GramOptions } from './linalg/products.js';
export { cholesky, choleskySolve, forwardSubstitute, backSubstituteTransposed } from './linalg/cholesky.js';
export {
  symmetricEigen,
  symmetricEigenvalues,
  symmetricEigenProjections,
  type SymmetricEigen,
  type SymmetricEigenProjections,
} from './linalg/symmetric-eigen.js';
export { symmetricMatrixFunction } from './linalg/symmetric-functions.js';
export { symmetricResolvent, type ShiftedInverses, type SymmetricResolvent } from './linalg/symmetric-resolvent.js';
export { type LinalgOptions } from './linalg/options.js';
export { compileWasmModule, decodeBase64, linalgThreads, setLinalgThreads } from './linalg/wasm-module.js';
export { startKernelPool, type KernelPool, type KernelTimes } from './linalg/kernel-pool.js';
export { Random, deriveSeed } from './random.js';
export { checkOneOf } from './validation.js';
export {
  trainTestSplit,
  kFold,
  sampleLabelled,
  type Split,
  type TrainTestSplitOptions,
  type KFoldOptions,
  type LabelledSampleOptions,
} from './splits.js';
export { StandardScaler, type StandardScalerOptions, type StandardScalerJSON } from './standard-scaler.js';
export { meanSquaredError, rootMeanSquaredError, meanAbsoluteError, r2Score, accuracy, macroF1, logLoss } from './metrics.js';
export {
  tableFromRecords,
  isTable,
  selectRows,
  filterRows,
  columnIndex,
  parseNumberCell,
  isMissingText,
  describeRow,
  MISSING_TOKENS,
  type Table,
  type Cell,
} from './data/table.js';
export { parseCsv, formatCsv, type ParseCsvOptions } from './data/csv.js';
export {
  describeColumns,
  describeColumn,
  isHighCardinality,
  isMostlyNumeric,
  numberCellProblem,
  type ColumnReport,
  type CellKind,
} from './data/column-report.js';
export { parseIsoDate } from './data/dates.js';
export { NumericCsvScanner, describeBadCell, type NumericCsvScannerOptions } from './data/numeric-csv.js';
export {
  inferSchema,
  checkSchema,
  encodeTable,
  encodedFeatureNames,
  assertTableSchema,
  type TableSchema,
  type FeatureSpec,
  type LabelSpec,
  type ColumnType,
  type InferSchemaOptions,
  type ColumnAdvice,
  type CheckSchemaOptions,
  type EncodeOptions,
  type EncodedTable,
  type LabelValues,
} from './data/schema.js';
export { Preprocessor, type PreprocessorOptions, type PreprocessorJSON, type PreparedRows } from './data/preprocessor.js';
export { imageToRow, imagesToMatrix, type PixelImage, type ImageRowOptions } from './images/pixels.js';
export { maxOf, minOf } from './extrema.js';
