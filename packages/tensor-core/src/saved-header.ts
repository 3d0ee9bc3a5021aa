/** What a saved form must say about itself: its kind and the version of its layout. */
export interface SavedHeader {
  /** The kind it must name, e.g. 'RidgeCV' or 'tlkit-model'. */
  readonly kind: string;
  /** The version this library writes and reads. */
  readonly version: number;
  /** The field holding the kind (default 'kind'; bundles use 'format'). */
  readonly kindField?: string;
  /** The field holding the version (default 'version'; bundles use 'formatVersion'). */
  readonly versionField?: string;
  /** What to upgrade to read newer versions, for the message (default 'tlkit'). */
  readonly upgrade?: string;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * The one check of a saved form's header, for every `fromJSON` and bundle loader: `json` must be an object (not an
 * array) whose kind field names `header.kind` (else a TypeError) and whose version is a whole number ≥ 1 equal to
 * `header.version` (else a RangeError saying whether it is no version at all, newer than this library reads, or
 * older than it supports). `"1"`, `-1`, `1.5`, NaN and `null` are not versions. Returns the object's fields.
 *
 * ```js
 * const j = checkSavedHeader('RidgeCV.fromJSON', json, { kind: 'RidgeCV', version: 1 });
 * ```
 */
export function checkSavedHeader(fn: string, json: unknown, header: SavedHeader): Readonly<Record<string, unknown>> {
  const kindField = header.kindField ?? 'kind';
  const versionField = header.versionField ?? 'version';
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TypeError(`${fn}: expected a saved ${header.kind} (an object), got ${describe(json)}`);
  }
  const j = json as Record<string, unknown>;
  const kind = j[kindField];
  if (kind !== header.kind) throw new TypeError(`${fn}: expected ${kindField} "${header.kind}", got ${describe(kind)}`);
  const version = j[versionField];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new RangeError(
      `${fn}: ${header.kind} ${versionField} ${describe(version)} is not a version (a whole number ≥ 1; this library reads ${header.version})`,
    );
  }
  if (version > header.version) {
    throw new RangeError(
      `${fn}: ${header.kind} ${versionField} ${version} is newer than this library reads (${header.version}); upgrade ${header.upgrade ?? 'tlkit'}`,
    );
  }
  if (version < header.version) {
    throw new RangeError(`${fn}: ${header.kind} ${versionField} ${version} is no longer supported (this library reads ${header.version})`);
  }
  return j;
}
