import slugifyLib from '@sindresorhus/slugify';

/**
 * URL-safe slug of a display name: lower case, ASCII letters, digits and hyphens.
 * "Xiaomi 12 Ultra" → "xiaomi-12-ultra", "Café Crème" → "cafe-creme".
 * Names with no Latin transliteration (e.g. only CJK) fall back to percent-free hex so the
 * slug is still URL-safe and stable.
 */
export function slugify(name: string): string {
  let slug = known.get(name);
  if (slug === undefined) {
    slug = slugifyOnce(name);
    if (known.size >= MAX_KNOWN) known.clear();
    known.set(name, slug);
  }
  return slug;
}

// Tag and author names repeat across thousands of articles; transliteration is the slow part of a slug.
const known = new Map<string, string>();
const MAX_KNOWN = 10_000;

function slugifyOnce(name: string): string {
  const slug = slugifyLib(name, { decamelize: false });
  if (slug !== '') return slug;
  const hex = Buffer.from(name.trim().toLowerCase(), 'utf8').toString('hex').slice(0, 40);
  return hex === '' ? 'untitled' : `x-${hex}`;
}
