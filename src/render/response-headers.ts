import type { SiteSettings } from '../model.ts';
import { isFeedArchivePath } from '../site/paths.ts';

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

/**
 * How long caches may keep a feed archive document (RFC 5005 §4: archives are stable, so they can be
 * cached far longer than the subscription document). A day: an edit to an archived article still
 * reaches every cache within one.
 */
export const ARCHIVE_MAX_AGE_SECONDS = 24 * 60 * 60;

/**
 * Cache-Control of a response: short for what readers poll, so readers such as Miniflux poll again
 * within minutes; long for feed archives; `no-cache` for error pages.
 */
export function cacheControl(
  settings: Pick<SiteSettings, 'cacheMaxAgeSeconds'>,
  of: { status?: number; path?: string; archive?: boolean } = {},
): string {
  if (of.status !== undefined && of.status !== 200) return 'no-cache';
  if (of.archive || (of.path !== undefined && isFeedArchivePath(of.path)))
    return `public, max-age=${ARCHIVE_MAX_AGE_SECONDS}`;
  return `public, max-age=${settings.cacheMaxAgeSeconds}`;
}
