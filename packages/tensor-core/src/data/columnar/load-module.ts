/**
 * Loads an optional reader package on first use, so that a user of tlkit who never reads Parquet or Arrow need not
 * install it; a missing package is one clear error naming what to install.
 */
export async function loadOptional<T>(load: () => Promise<T>, what: string, packages: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(`reading ${what} needs the optional package ${packages}: npm install ${packages}`, { cause: error });
    }
    throw error;
  }
}
