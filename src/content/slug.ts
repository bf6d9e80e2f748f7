import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { memo } from '../memory.ts';

// The slug library and its transliteration tables are loaded on the first name that needs them
// (synchronously, through require, as slugs are made synchronously): transliterate builds its
// patterns for every locale when loaded, 0.12–0.14 s of CPU that every start spent, although names
// of ASCII characters, which most sites' tags, authors and file names are, never need them.
let library:
  | {
      slugify: typeof import('@sindresorhus/slugify').default;
      transliterate: typeof import('@sindresorhus/transliterate').default;
    }
  | undefined;
const loadLibrary = () => {
  if (!library) {
    const require = createRequire(import.meta.url);
    library = {
      slugify: (require('@sindresorhus/slugify') as typeof import('@sindresorhus/slugify')).default,
      transliterate: (require('@sindresorhus/transliterate') as typeof import('@sindresorhus/transliterate'))
        .default,
    };
  }
  return library;
};

/**
 * URL-safe slug of a display name: lower case, ASCII letters, digits and hyphens.
 * "Xiaomi 12 Ultra" → "xiaomi-12-ultra", "Café Crème" → "cafe-creme", "Привет" → "privet".
 * Letters with no Latin transliteration (Chinese, Japanese, Korean, Thai, Hebrew, …) cannot be
 * spelt that way, so two different names must not be allowed to share a slug by losing them:
 * a name of such letters only becomes the hex of its UTF-8 bytes (`x-e4b8ad…`), and when that is cut,
 * or when Latin words stand next to such letters, a short hash of the whole name is appended.
 */
export function slugify(name: string): string {
  let slug = known.get(name);
  if (slug === undefined) {
    slug = slugifyOnce(name);
    known.set(name, slug);
  }
  return slug;
}

// Tag and author names repeat across thousands of articles; transliteration is the slow part of a slug.
const known = memo<string, string>('slugs', 'the slug of each tag, author and title', 10_000);
/** Hex characters of a name's bytes kept in a slug (20 bytes: six or seven CJK characters). */
const HEX_CHARACTERS = 40;

/** What the slug rules leave as it is: lower-case ASCII words joined by single hyphens. */
const ALREADY_A_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function slugifyOnce(name: string): string {
  // Most file names are slugs already: reading 40,000 new files spent a second transliterating them.
  if (ALREADY_A_SLUG.test(name)) return name;
  const slug = ASCII.test(name) ? asciiSlug(name) : loadLibrary().slugify(name, { decamelize: false });
  if (slug !== '') return hasUntransliterable(name) ? `${slug}-${shortHash(name)}` : slug;
  const hex = Buffer.from(name.trim().toLowerCase(), 'utf8').toString('hex');
  if (hex === '') return 'untitled';
  if (hex.length <= HEX_CHARACTERS) return `x-${hex}`;
  return `x-${hex.slice(0, HEX_CHARACTERS)}-${shortHash(name)}`;
}

const ASCII = /^\p{ASCII}*$/u;

/**
 * What the slug library makes of a name of ASCII characters (as it is called above), without loading
 * it: its transliteration turns `&` into " and " and removes `^` and `` ` `` (Unicode counts them as
 * diacritics) and changes nothing else in ASCII; then lower case, a word-final `'s` or `'t` joined to
 * its word, every run of other characters one hyphen, none at the ends. A property test compares the
 * two on random ASCII names.
 */
export function asciiSlug(name: string): string {
  return name
    .replaceAll('&', ' and ')
    .replace(/[\^`]/g, '')
    .toLowerCase()
    .replace(/([a-z\d])'([ts])(?![a-z\d])/g, '$1$2')
    .replace(/[^a-z\d]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Whether the name has letters or digits that transliteration leaves outside ASCII. */
function hasUntransliterable(name: string): boolean {
  if (ASCII.test(name)) return false;
  return /[^\p{ASCII}]/u.test(
    loadLibrary()
      .transliterate(name)
      .replace(/[^\p{L}\p{N}]/gu, ''),
  );
}

/**
 * 10 hex characters (40 bits) of the name as the slug rules read it (case, spacing and punctuation
 * do not count), so spellings that are one tag stay one tag.
 */
function shortHash(name: string): string {
  const normalized = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
  return createHash('sha256').update(normalized).digest('hex').slice(0, 10);
}
