/** Checks `kind` and `version` of a saved estimator; throws a clear error otherwise. */
export function checkHeader(fn: string, json: unknown, kind: string, version: number): void {
  if (typeof json !== 'object' || json === null)
    throw new TypeError(`${fn}: expected an object, got ${json === null ? 'null' : typeof json}`);
  const j = json as { kind?: unknown; version?: unknown };
  if (j.kind !== kind) throw new TypeError(`${fn}: expected kind "${kind}", got ${JSON.stringify(j.kind)}`);
  if (j.version !== version) {
    throw new RangeError(`${fn}: ${kind} version ${String(j.version)} is not supported (this library reads version ${version})`);
  }
}
