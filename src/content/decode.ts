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
    return {
      ok: false,
      message: `is not valid UTF-8 (line ${firstInvalidLine(bytes)}); save the file as UTF-8`,
    };
  }
  return { ok: true, value: text.replace(/\r\n?/g, '\n') };
}

/** Line of the first byte sequence that is not UTF-8: where a lenient decoder had to substitute U+FFFD. */
function firstInvalidLine(bytes: Uint8Array): number {
  const lenient = new TextDecoder('utf-8').decode(bytes);
  const at = lenient.indexOf('\uFFFD');
  return lenient.slice(0, Math.max(at, 0)).split('\n').length;
}
