// One page of one scope's feed, independent of format, and the URLs that page links to.
import type { PublishedArticle, Scope, SiteSettings } from '../../model.ts';
import {
  absoluteUrl,
  FEED_FORMATS,
  type FeedFormat,
  feedPath,
  pageCount,
  STYLESHEET_PATH,
  scopeFeedTitle,
} from '../../site/paths.ts';

/**
 * Last-Modified and `updated` of a feed with no articles. Any fixed instant will do: it must not come
 * from the clock, or two renders of the same site would differ.
 */
export const EMPTY_FEED_UPDATED = new Date(0);

export interface FeedPage {
  settings: SiteSettings;
  scope: Scope;
  /** 1-based; page 1 holds the newest articles and is the subscription URL. */
  number: number;
  count: number;
  /** Newest first. */
  articles: readonly PublishedArticle[];
  /** The newest `updated` of the page's articles: the feed's `updated` and the page's Last-Modified. */
  updated: Date;
}

/** Splits a scope (already newest first) into pages of `settings.itemsPerFeed` articles; always at least one. */
export function paginateScope(settings: SiteSettings, scope: Scope): FeedPage[] {
  const perPage = settings.itemsPerFeed;
  const count = pageCount(scope.articles.length, perPage);
  return Array.from({ length: count }, (_, i) => {
    const articles = scope.articles.slice(i * perPage, (i + 1) * perPage);
    return { settings, scope, number: i + 1, count, articles, updated: newestUpdate(articles) };
  });
}

export function newestUpdate(articles: readonly PublishedArticle[]): Date {
  // A scope is sorted by `date`, and an old article may have been updated recently: look at them all.
  const newest = articles.reduce((max, a) => Math.max(max, a.updated.getTime()), Number.NEGATIVE_INFINITY);
  return Number.isFinite(newest) ? new Date(newest) : EMPTY_FEED_UPDATED;
}

/** Absolute URL of page `number` of this page's scope, in `format`. */
export function feedPageUrl(page: FeedPage, format: FeedFormat, number = page.number): string {
  return absoluteUrl(page.settings, feedPath(page.scope.basePath, format, number));
}

/** RFC 5005 §3 paging links, plus `self`. `previous` and `next` are absent on the first and last page. */
export interface PagingLinks {
  self: string;
  first: string;
  last: string;
  previous?: string;
  next?: string;
}

export function pagingLinks(page: FeedPage, format: FeedFormat): PagingLinks {
  return {
    self: feedPageUrl(page, format),
    first: feedPageUrl(page, format, 1),
    last: feedPageUrl(page, format, page.count),
    previous: page.number > 1 ? feedPageUrl(page, format, page.number - 1) : undefined,
    next: page.number < page.count ? feedPageUrl(page, format, page.number + 1) : undefined,
  };
}

/**
 * The WebSub hub a subscription document advertises (WebSub §4: a `hub` link next to `self`). Only
 * page 1 is a topic: older pages are never pushed. Only an external hub is named: nothing answers at
 * the own hub's address (`/websub`) yet, and a reader told to subscribe there would wait in vain.
 */
export function hubUrl(page: FeedPage): string | undefined {
  const { hub } = page.settings;
  return page.number === 1 && hub.mode === 'external' ? hub.url : undefined;
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
