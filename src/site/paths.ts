// The only module that knows the shape of Herald's URLs.

import { memo } from '../memory.ts';
import type { Scope, SiteSettings } from '../model.ts';

export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

const FEED_FILE: Record<FeedFormat, string> = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' };

export const STYLESHEET_PATH = '/feed.xsl';
export const NOT_FOUND_PATH = '/404.html';
export const TAGS_INDEX_PATH = '/tags/';
export const AUTHORS_INDEX_PATH = '/authors/';
/** Every feed of the site, as OPML for readers and as a page for people. */
export const OPML_PATH = '/feeds.opml';
export const FEEDS_PAGE_PATH = '/feeds/';
/** Where browsers and feed readers look for a site's icon without being told (Feedly, Inoreader). */
export const FAVICON_PATH = '/favicon.ico';
/** Where iOS looks for a home-screen icon without being told; a PNG. */
export const APPLE_TOUCH_ICON_PATH = '/apple-touch-icon.png';

/** Where media files are served: `/media/<path in the articles folder>`. */
export const MEDIA_PREFIX = '/media/';

export function mediaPath(name: string): string {
  return `${MEDIA_PREFIX}${name}`;
}

export function isMediaPath(path: string): boolean {
  return path.startsWith(MEDIA_PREFIX);
}

export function articlePath(slug: string): string {
  return `/articles/${slug}/`;
}

export function tagPath(slug: string): string {
  return `/tags/${slug}/`;
}

export function authorPath(slug: string): string {
  return `/authors/${slug}/`;
}

/** The subscription document of a scope's feed: `/feed.xml`, `/atom.xml`, `/feed.json`, `/tags/x/feed.xml`. */
export function feedPath(basePath: string, format: FeedFormat): string {
  return `${basePath}${FEED_FILE[format]}`;
}

/**
 * Every feed archive document (RFC 5005 §4) lives under this one folder, whatever its scope, so that
 * a single prefix rule of a static host (`/archive/*`) can give all of them a long Cache-Control.
 */
export const FEED_ARCHIVE_PREFIX = '/archive/';

/**
 * Archive `number` (1 = the oldest items) of a scope's feed: `/archive/3/feed.xml`,
 * `/archive/tags/x/3/atom.xml`. Numbers count from the oldest, so an archive keeps its URL and its
 * items when newer articles arrive; the file name is the subscription document's, so the same fixed
 * suffix rules give both their media type.
 */
export function feedArchivePath(basePath: string, format: FeedFormat, number: number): string {
  return `${FEED_ARCHIVE_PREFIX}${basePath.slice(1)}${number}/${FEED_FILE[format]}`;
}

export function isFeedArchivePath(path: string): boolean {
  return path.startsWith(FEED_ARCHIVE_PREFIX);
}

/**
 * A subscription feed's preview for people, an HTML page beside it (`/feed.xml` →
 * `/feed.xml.html`): a browser that opens the feed itself is answered with it, since current
 * Chromium shows RSS and Atom as plain text and applies no stylesheet to them.
 */
export function feedPreviewPath(feedPath: string): string {
  return `${feedPath}.html`;
}

/** Whether a path is that of a subscription feed (page 1), which has a preview. */
export function hasFeedPreview(path: string): boolean {
  return !isFeedArchivePath(path) && /(?:^|\/)(?:feed\.xml|atom\.xml|feed\.json)$/.test(path);
}

export function isFeedPreviewPath(path: string): boolean {
  return path.endsWith('.html') && hasFeedPreview(path.slice(0, -'.html'.length));
}

/**
 * A scope's HTML listing: the scope page itself (`/`, `/tags/x/`) when `page` is absent, else archive
 * page `page` counted from the oldest (`/page/1/` holds the oldest articles), which keeps its URL
 * and its articles when newer ones arrive.
 */
export function listingPath(basePath: string, page?: number): string {
  return page === undefined ? basePath : `${basePath}page/${page}/`;
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

const bases = memo<string, string | undefined>(
  'site URL bases',
  'the site URL as the URL parser writes it',
  16,
);

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
