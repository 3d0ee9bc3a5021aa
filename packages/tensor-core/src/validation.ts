/**
 * Checks at run time that an option is one of its allowed values (TypeScript callers are checked by the compiler,
 * JavaScript callers are not): `TCA: kernel must be one of linear, rbf, got "poly"`.
 */
export function checkOneOf<T extends string>(fn: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw new RangeError(`${fn}: ${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}
