/**
 * Named errors of tlkit. Plain `TypeError` and `RangeError` cover the wrong kind of value and bad
 * sizes or values; these three carry information a caller may want to act on.
 */

/** Two inputs whose sizes must agree do not, e.g. `RidgeRegression.fit: y has 99 rows, X has 100`. */
export class ShapeMismatchError extends RangeError {
  override readonly name = 'ShapeMismatchError';
}

/** A method that needs a fitted estimator was called before `fit`. */
export class NotFittedError extends Error {
  override readonly name = 'NotFittedError';

  constructor(estimator: string, method: string) {
    super(`${estimator}.${method}: the estimator is not fitted; call fit() first`);
  }
}

/** Where a bad value sits: a 0-based row and a column index or name, and optionally a source (file) name. */
export interface DataLocation {
  readonly row?: number;
  readonly column?: number | string;
  readonly line?: number;
  readonly source?: string;
}

/** Input data that cannot be used: NaN/Inf, ragged rows, unparsable cells, unknown labels, missing columns. */
export class BadDataError extends Error {
  override readonly name = 'BadDataError';
  readonly row: number | undefined;
  readonly column: number | string | undefined;
  readonly line: number | undefined;
  readonly source: string | undefined;

  /** `location.cause`: the error this one explains (kept as `cause`, for --debug). */
  constructor(message: string, location: DataLocation & { readonly cause?: unknown } = {}) {
    super(message, location.cause === undefined ? undefined : { cause: location.cause });
    this.row = location.row;
    this.column = location.column;
    this.line = location.line;
    this.source = location.source;
  }
}

/**
 * Work stopped through an AbortSignal. Its name is 'AbortError', as fetch's and the DOM's, so that
 * `error.name === 'AbortError'` tells a cancel from a failure; the signal's reason is the cause.
 */
export class AbortError extends Error {
  override readonly name = 'AbortError';

  /** "`fn`: cancelled", or `options.message` where the caller has a sentence for its user. */
  constructor(fn: string, options?: { cause?: unknown; message?: string }) {
    super(options?.message ?? `${fn}: cancelled`, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Throws an AbortError for `fn` when the signal has been aborted; a no-op without a signal. */
export function throwIfAborted(signal: AbortSignal | undefined, fn: string): void {
  if (signal?.aborted) throw new AbortError(fn, { cause: signal.reason });
}
