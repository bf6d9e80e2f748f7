/** Result of a step that either gives a value or names the field and the problem. */
export type Checked<T> = { ok: true; value: T } | { ok: false; field?: string; message: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Decodes an article file's bytes as strict UTF-8 (invalid sequences are an error, never silently
 * replaced), drops a leading byte-order mark and turns CRLF and lone CR line endings into LF.
 */
export function decodeArticleText(bytes: Uint8Array): Checked<string> {
  let text: string;
  try {
    // The decoder drops a leading BOM itself (ignoreBOM: false).
    text = strictUtf8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    return { ok: false, message: `is not valid UTF-8 (first bad byte at offset ${offset}); save the file as UTF-8` };
  }
  return { ok: true, value: text.replace(/\r\n?/g, '\n') };
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  // Binary search for the shortest prefix that fails to decode.
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid + 1), { stream: true });
      low = mid + 1;
    } catch {
      high = mid;
    }
  }
  return low;
}
