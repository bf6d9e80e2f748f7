// One document of one scope's feed, independent of format, and the URLs it links to.
import type { PublishedArticle, Scope, SiteSettings } from '../../model.ts';
import { archiveCount, currentItems, splitArchives } from '../../site/archives.ts';
import {
  absoluteUrl,
  FEED_FORMATS,
  type FeedFormat,
  feedArchivePath,
  feedPath,
  STYLESHEET_PATH,
  scopeFeedTitle,
} from '../../site/paths.ts';
import { feedArticlesOf } from '../../site/scopes.ts';

/**
 * Last-Modified and `updated` of a feed with no articles. Any fixed instant will do: it must not come
 * from the clock, or two renders of the same site would differ.
 */
export const EMPTY_FEED_UPDATED = new Date(0);

/**
 * One document of a scope's feed (RFC 5005 §4 archived feed): the subscription document, with the
 * newest articles, or one archive, with a fixed run of older ones.
 */
export interface FeedPage {
  settings: SiteSettings;
  scope: Scope;
  /** Archive number (1 = the oldest articles); undefined for the subscription document. */
  archive?: number;
  /** How many archives the scope's feed has. */
  archives: number;
  /** Newest first. */
  articles: readonly PublishedArticle[];
  /** The newest `updated` of the page's articles: the feed's `updated` and the page's Last-Modified. */
  updated: Date;
}

/**
 * Splits the articles a scope's feeds carry (newest first) into its subscription document (first) and its archives of
 * `settings.itemsPerFeed` articles counted from the oldest. There is always a subscription document.
 */
export function paginateScope(settings: SiteSettings, scope: Scope): FeedPage[] {
  const { current, archives } = splitArchives(feedArticlesOf(scope), settings.itemsPerFeed);
  const page = (articles: readonly PublishedArticle[], archive?: number): FeedPage => ({
    settings,
    scope,
    archive,
    archives: archives.length,
    articles,
    updated: newestUpdate(articles),
  });
  return [page(current), ...archives.map((run) => page([...run.items].reverse(), run.number))];
}

/** The subscription document of a scope: what `paginateScope` gives first, without cutting the archives. */
export function subscriptionPage(settings: SiteSettings, scope: Scope): FeedPage {
  const size = settings.itemsPerFeed;
  const all = feedArticlesOf(scope);
  const archives = archiveCount(all.length, size);
  const articles = currentItems(all, size);
  return { settings, scope, archive: undefined, archives, articles, updated: newestUpdate(articles) };
}

export function newestUpdate(articles: readonly PublishedArticle[]): Date {
  // A scope is sorted by `date`, and an old article may have been updated recently: look at them all.
  const newest = articles.reduce((max, a) => Math.max(max, a.updated.getTime()), Number.NEGATIVE_INFINITY);
  return Number.isFinite(newest) ? new Date(newest) : EMPTY_FEED_UPDATED;
}

/** Absolute URL of this document, or of archive `archive` of its scope (`'current'`: the subscription document). */
export function feedPageUrl(
  page: FeedPage,
  format: FeedFormat,
  archive: number | 'current' | undefined = page.archive,
): string {
  return absoluteUrl(page.settings, feedPagePath(page, format, archive));
}

/** Site path of this document, or of archive `archive` of its scope (`'current'`: the subscription document). */
export function feedPagePath(
  page: FeedPage,
  format: FeedFormat,
  archive: number | 'current' | undefined = page.archive,
): string {
  const { basePath } = page.scope;
  return archive === undefined || archive === 'current'
    ? feedPath(basePath, format)
    : feedArchivePath(basePath, format, archive);
}

/**
 * RFC 5005 §4 links, plus `self`. `current` is the subscription document; `prevArchive` the next
 * older archive (from the subscription document: the newest archive); `nextArchive` the next newer
 * archive. Each is absent where there is none.
 */
export interface ArchiveLinks {
  self: string;
  current: string;
  prevArchive?: string;
  nextArchive?: string;
}

export function archiveLinks(page: FeedPage, format: FeedFormat): ArchiveLinks {
  const { archive, archives } = page;
  const older = archive === undefined ? archives : archive - 1;
  const newer = archive !== undefined && archive < archives ? archive + 1 : undefined;
  return {
    self: feedPageUrl(page, format),
    current: feedPageUrl(page, format, 'current'),
    prevArchive: older >= 1 ? feedPageUrl(page, format, older) : undefined,
    nextArchive: newer === undefined ? undefined : feedPageUrl(page, format, newer),
  };
}

/**
 * The WebSub hub a subscription document advertises (WebSub §4: a `hub` link next to `self`). Only
 * the subscription document is a topic: archives are never pushed. The own hub is named by
 * `herald serve`, which answers at `/websub`; the export and deploy turn it off first, since a static
 * host has no hub.
 */
export function hubUrl(page: FeedPage): string | undefined {
  const { hub } = page.settings;
  return page.archive === undefined && hub.mode !== 'off' ? hub.url : undefined;
}

/** The same page in the other two formats. */
export function otherFormats(page: FeedPage, format: FeedFormat): { format: FeedFormat; url: string }[] {
  return FEED_FORMATS.filter((f) => f !== format).map((f) => ({ format: f, url: feedPageUrl(page, f) }));
}

export function feedTitle(page: FeedPage): string {
  return scopeFeedTitle(page.settings, page.scope);
}

/** Absolute URL of the scope's HTML page: the feed's `alternate` / home page. */
export function scopeHomeUrl(page: FeedPage): string {
  return absoluteUrl(page.settings, page.scope.basePath);
}

/** `href` of the `xml-stylesheet` instruction. */
export function stylesheetHref(settings: SiteSettings): string {
  // A path, not a full URL: browsers apply XSLT only from the document's own origin, and the site may be
  // previewed on another host. The path keeps the site URL's prefix (`/blog/feed.xsl`).
  return new URL(absoluteUrl(settings, STYLESHEET_PATH)).pathname;
}

/** Absolute URL of an icon or logo setting: a site path, a relative path or a full URL. */
export function imageUrl(settings: SiteSettings, image: string | undefined): string | undefined {
  return image === undefined || image === '' ? undefined : absoluteUrl(settings, image);
}
