// The only module that knows the shape of Herald's URLs.
import type { Scope, SiteSettings } from '../model.ts';

export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

const FEED_FILE: Record<FeedFormat, string> = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' };

export const STYLESHEET_PATH = '/feed.xsl';
export const NOT_FOUND_PATH = '/404.html';
export const TAGS_INDEX_PATH = '/tags/';
export const AUTHORS_INDEX_PATH = '/authors/';

export function articlePath(slug: string): string {
  return `/articles/${slug}/`;
}

export function tagPath(slug: string): string {
  return `/tags/${slug}/`;
}

export function authorPath(slug: string): string {
  return `/authors/${slug}/`;
}

/**
 * Path of one page of a scope's feed. Page 1 is the subscription URL (`/feed.xml`);
 * older pages (RFC 5005 §3 paged feeds) live at `/feed/page/2.xml`, `/atom/page/2.xml`, `/feed/page/2.json`.
 */
export function feedPath(basePath: string, format: FeedFormat, page = 1): string {
  const file = FEED_FILE[format];
  if (page <= 1) return `${basePath}${file}`;
  const dot = file.lastIndexOf('.');
  return `${basePath}${file.slice(0, dot)}/page/${page}${file.slice(dot)}`;
}

/** Path of one page of a scope's HTML listing: `/`, `/page/2/`, `/tags/x/page/2/`. */
export function listingPath(basePath: string, page = 1): string {
  return page <= 1 ? basePath : `${basePath}page/${page}/`;
}

/** Number of pages needed for `count` items, at least one (an empty feed still exists). */
export function pageCount(count: number, perPage: number): number {
  return Math.max(1, Math.ceil(count / perPage));
}

/** Absolute URL of a site path, under the configured site URL (never the request's Host). */
export function absoluteUrl(settings: Pick<SiteSettings, 'siteUrl'>, path: string): string {
  // Herald's own paths (slugs are lower-case ASCII, digits and hyphens) resolve by concatenation;
  // `new URL` for each of 10,000 articles on every rebuild is measurable.
  if (PLAIN_PATH.test(path)) {
    const base = normalizedBase(settings.siteUrl);
    if (base !== undefined) return `${base}${path.slice(1)}`;
  }
  return new URL(path.replace(/^\//, ''), settings.siteUrl).href;
}

/** A rooted path with no dot segments, query, fragment or characters a URL parser would change. */
const PLAIN_PATH = /^\/(?:[a-z0-9_-][a-z0-9._-]*\/?)*$/;

const bases = new Map<string, string | undefined>();

/** The site URL as the URL parser writes it, when it ends with `/` and has no query or fragment. */
function normalizedBase(siteUrl: string): string | undefined {
  if (!bases.has(siteUrl)) {
    let base: string | undefined;
    try {
      const url = new URL(siteUrl);
      base = url.search === '' && url.hash === '' && url.href.endsWith('/') ? url.href : undefined;
    } catch {
      base = undefined;
    }
    bases.set(siteUrl, base);
  }
  return bases.get(siteUrl);
}

export function scopeFeedTitle(settings: SiteSettings, scope: Scope): string {
  if (scope.kind === 'tag') return `${settings.title}: articles tagged “${scope.name}”`;
  if (scope.kind === 'author') return `${settings.title}: articles by ${scope.name}`;
  return settings.title;
}
