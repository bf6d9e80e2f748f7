import type { Representation, SiteSettings } from '../model.ts';

/**
 * Headers every response of a static content site carries, whoever serves it (Herald or the
 * exported nginx/_headers recipes): no scripts may run, no sniffing, a careful referrer policy.
 * Inline styles are allowed: the pages and the feed stylesheet carry one small inline stylesheet.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src * data:; media-src *; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  // Feeds and pages are public: let web-based feed readers fetch them from other origins.
  'Access-Control-Allow-Origin': '*',
};

/** Cache-Control for every representation: short, so readers such as Miniflux poll again within minutes. */
export function cacheControl(
  settings: Pick<SiteSettings, 'cacheMaxAgeSeconds'>,
  representation?: Pick<Representation, 'status'>,
): string {
  if (representation && representation.status !== 200) return 'no-cache';
  return `public, max-age=${settings.cacheMaxAgeSeconds}`;
}
