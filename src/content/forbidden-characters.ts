// The one place that removes characters no output may carry, as an article is read: C0 controls other
// than tab, LF and CR; lone surrogates; U+FFFE and U+FFFF. XML 1.0 forbids them even as character
// references (§2.2 `Char`), HTML calls them parse errors, and a JSON string would carry them on to
// readers. Removed here, the HTML pages, the JSON Feed and the XML feeds are free of them by
// construction (render/feeds/xml-text.ts keeps its own guard as a second line).

/**
 * Everything but the characters allowed. With the `u` flag a lone surrogate is a code point of its own
 * and falls outside every allowed range, while a well-formed pair (an emoji) is one code point
 * ≥ U+10000 and is kept.
 */
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ANY_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export function removeForbiddenCharacters(text: string): string {
  // Nearly every article is clean: one test instead of building a new string.
  return ANY_FORBIDDEN.test(text) ? text.replace(FORBIDDEN, '') : text;
}

/** The same for every string (and every key) in parsed front matter, at any depth. */
export function removeForbiddenCharactersDeep(value: unknown): unknown {
  if (typeof value === 'string') return removeForbiddenCharacters(value);
  if (Array.isArray(value)) return value.map(removeForbiddenCharactersDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        removeForbiddenCharacters(key),
        removeForbiddenCharactersDeep(item),
      ]),
    );
  }
  return value;
}
