import slugifyLib from '@sindresorhus/slugify';

/**
 * URL-safe slug of a display name: lower case, ASCII letters, digits and hyphens.
 * "Xiaomi 12 Ultra" → "xiaomi-12-ultra", "Café Crème" → "cafe-creme".
 * Names with no Latin transliteration (e.g. only CJK) fall back to percent-free hex so the
 * slug is still URL-safe and stable.
 */
export function slugify(name: string): string {
  const slug = slugifyLib(name, { decamelize: false });
  if (slug !== '') return slug;
  const hex = Buffer.from(name.trim().toLowerCase(), 'utf8').toString('hex').slice(0, 40);
  return hex === '' ? 'untitled' : `x-${hex}`;
}
