/**
 * Text from files (CSV headers and cells, bundle labels) made safe for a terminal: control characters — ESC and
 * with it every escape sequence, the other C0 and C1 controls, DEL — and the bidirectional overrides are written
 * as visible escapes (`\x1b`, `\u202e`), so a file cannot move the cursor, retitle the window or hide text.
 * Line breaks and tabs stay unless `oneLine` is set (for the one-line error messages).
 */
export function printable(text: string, options: { oneLine?: boolean } = {}): string {
  const keep = options.oneLine ? '' : '\n\t';
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (keep.includes(c)) return c;
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
