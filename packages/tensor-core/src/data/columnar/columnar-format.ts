/** The columnar file formats tlkit reads. */
export type ColumnarFormat = 'parquet' | 'arrow';

const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"
const ARROW_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

/** The format a file name's extension says: .parquet / .pq, or .arrow / .feather / .ipc / .arrows; otherwise undefined. */
export function columnarFormatOfName(name: string): ColumnarFormat | undefined {
  const lower = name.toLowerCase();
  if (/\.(parquet|pq)$/.test(lower)) return 'parquet';
  if (/\.(arrow|feather|ipc|arrows)$/.test(lower)) return 'arrow';
  return undefined;
}

/**
 * The format the bytes themselves say: Parquet ("PAR1" at both ends), an Arrow IPC file ("ARROW1") or an Arrow IPC
 * stream (a message starting with the 0xFFFFFFFF continuation marker); undefined for anything else (e.g. CSV text).
 */
export function columnarFormatOfBytes(bytes: Uint8Array): ColumnarFormat | undefined {
  if (startsWith(bytes, PARQUET_MAGIC) && startsWith(bytes, PARQUET_MAGIC, bytes.length - 4)) return 'parquet';
  if (startsWith(bytes, ARROW_MAGIC)) return 'arrow';
  if (startsWith(bytes, [0xff, 0xff, 0xff, 0xff]) && bytes.length >= 8) return 'arrow';
  return undefined;
}
