import type { Representation, SiteSettings } from '../model.ts';
import {
  feedPreviewPath,
  hasFeedPreview,
  isFeedArchivePath,
  isFeedPreviewPath,
  isMediaPath,
} from '../site/paths.ts';

// For the export's host recipes, which answer a browser opening a feed as the server does.
export { isFeedPreviewPath } from '../site/paths.ts';

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
 * Media files may also run scripts when opened on their own (SVG): a sandboxed document gets a unique
 * origin and runs nothing, on top of the policy above that allows no scripts at all.
 */
export const MEDIA_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS,
  'Content-Security-Policy': `${SECURITY_HEADERS['Content-Security-Policy']}; sandbox`,
};

/**
 * How long caches may keep a feed archive document (RFC 5005 §4: archives are stable, so they can be
 * cached far longer than the subscription document). A day: an edit to an archived article still
 * reaches every cache within one.
 */
export const ARCHIVE_MAX_AGE_SECONDS = 24 * 60 * 60;

/**
 * Media files are kept a day by browsers and caches: they are large and rarely change, and replacing
 * one under the same name still reaches everyone within a day (a new name reaches them at once).
 */
export const MEDIA_MAX_AGE_SECONDS = 24 * 60 * 60;

/**
 * Cache-Control of a response: short for what readers poll, so readers such as Miniflux poll again
 * within minutes; long for feed archives and media files; `no-cache` for error pages and for a
 * feed's preview page.
 */
export function cacheControl(
  settings: Pick<SiteSettings, 'cacheMaxAgeSeconds'>,
  of: { status?: number; path?: string; archive?: boolean } = {},
): string {
  if (of.status !== undefined && of.status !== 200) return 'no-cache';
  if (of.archive || (of.path !== undefined && isFeedArchivePath(of.path)))
    return `public, max-age=${ARCHIVE_MAX_AGE_SECONDS}`;
  if (of.path !== undefined && isMediaPath(of.path)) return `public, max-age=${MEDIA_MAX_AGE_SECONDS}`;
  // Served at the feed's own URL too: a shared cache that ignores Vary must check back before reusing
  // it, and is then given the feed.
  if (of.path !== undefined && isFeedPreviewPath(of.path)) return 'no-cache';
  return `public, max-age=${settings.cacheMaxAgeSeconds}`;
}

/** The security headers of a representation. */
export function securityHeaders(
  representation: Pick<Representation, 'path'>,
): Readonly<Record<string, string>> {
  return isMediaPath(representation.path) ? MEDIA_SECURITY_HEADERS : SECURITY_HEADERS;
}

/**
 * The path whose representation answers a request: a browser opening a subscription feed
 * (`Sec-Fetch-Dest: document`, which only browsers send, for a page they navigate to) is answered
 * with the feed's preview page; feed readers, scripts and web readers' fetches get the feed.
 */
export function negotiatedPath(path: string, fetchDest: string | string[] | undefined): string {
  return fetchDest === 'document' && hasFeedPreview(path) ? feedPreviewPath(path) : path;
}

/** `Vary` of a representation: a subscription feed and its preview also vary by `Sec-Fetch-Dest`. */
export function vary(representation: Pick<Representation, 'path'>): string {
  const { path } = representation;
  return hasFeedPreview(path) || isFeedPreviewPath(path)
    ? 'Accept-Encoding, Sec-Fetch-Dest'
    : 'Accept-Encoding';
}
