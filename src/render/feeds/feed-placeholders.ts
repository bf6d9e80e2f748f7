// Stand-ins for values the `feed` package (6.0.0) cannot write safely. feed serializes through xml-js,
// which escapes attribute values only for `"`, turns `&amp;` in text back into `&`, splits only the
// first `]]>` of a CDATA section, and lets tab, LF and CR be normalized away; feed itself runs ids and
// links through `new URL()`, which rewrites them, and drops elements whose value is empty. A value that could meet any of that goes into feed
// as an opaque token and is put back, by feed-output.ts, after feed's XML has been parsed — so it is
// escaped once, by xml-tree.ts, and reads back exactly.
import { removeIllegalXmlChars } from './xml-text.ts';

/**
 * A token is a valid absolute URI (feed calls `new URL()` on ids and links and must not throw) made of
 * characters no XML writer changes. No article text can be mistaken for one: text containing the
 * prefix is itself replaced by a token, so every token in feed's output is one of ours.
 */
const TOKEN_PREFIX = 'urn:x-herald-placeholder:';
const TOKEN = /urn:x-herald-placeholder:(\d+)/g;

/** Characters that xml-js or an XML parser would change, in text or in attributes. */
const UNSAFE_FOR_FEED = /[&<>"'\t\n\r]/;

export class FeedPlaceholders {
  readonly #values: string[] = [];
  readonly #tokens = new Map<string, string>();

  /**
   * Text for feed: XML-illegal characters removed (XML 1.0 §2.2), and replaced by a token unless feed
   * will write it unchanged. An empty value is a token too: feed leaves out an element whose value is
   * empty (`if (item.description)`), and every item must carry its summary and content.
   */
  text(value: string): string {
    const clean = removeIllegalXmlChars(value);
    const safe = clean !== '' && !UNSAFE_FOR_FEED.test(clean) && !clean.includes(TOKEN_PREFIX);
    return safe ? clean : this.opaque(clean);
  }

  /** Always a token: for values feed must not see at all, such as ids it would URL-normalize. */
  opaque(value: string): string {
    const clean = removeIllegalXmlChars(value);
    let token = this.#tokens.get(clean);
    if (token === undefined) {
      token = `${TOKEN_PREFIX}${this.#values.length}`;
      this.#values.push(clean);
      this.#tokens.set(clean, token);
    }
    return token;
  }

  /** `value` with every token replaced by the text it stands for. */
  restore(value: string): string {
    if (!value.includes(TOKEN_PREFIX)) return value;
    return value.replace(TOKEN, (token, index: string) => {
      const original = this.#values[Number(index)];
      if (original === undefined) throw new Error(`unknown feed placeholder ${token}`);
      return original;
    });
  }
}
