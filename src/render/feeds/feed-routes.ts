// Every feed page of every scope, in RSS 2.0, Atom 1.0 and JSON Feed 1.1, and the XSL stylesheet.
//
// RSS and Atom are rendered by the `feed` package (6.0.0): feed-input.ts adapts a page of the site model
// into feed's options and items, and feed-output.ts corrects and completes feed's XML; its header lists
// each fault of feed 6 and where it is fixed. JSON Feed 1.1 is written directly (json-feed.ts): feed
// only writes JSON Feed 1.0.

import { attached } from '../../memory.ts';
import type { Scope, Site } from '../../model.ts';
import { FEED_FORMATS, type FeedFormat, STYLESHEET_PATH } from '../../site/paths.ts';
import { feedArticlesOf } from '../../site/scopes.ts';
import { archiveRoutes, scopeHead } from '../archive-routes.ts';
import type { Rendered } from '../representation.ts';
import { type ArticleView, type Route, routesOnce } from '../route.ts';
import { renderAtom } from './atom.ts';
import {
  EMPTY_FEED_UPDATED,
  type FeedPage,
  feedPagePath,
  feedPageUrl,
  hubUrl,
  newestUpdate,
  subscriptionPage,
} from './feed-page.ts';
import { renderJsonFeed } from './json-feed.ts';
import { FEED_MEDIA_TYPES, STYLESHEET_MEDIA_TYPE } from './media-types.ts';
import { renderRss } from './rss.ts';
import { FEED_STYLESHEET } from './stylesheet.ts';

const RENDERERS: Readonly<Record<FeedFormat, (page: FeedPage) => string | Buffer>> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

/** What each format writes of an article (see ArticleView). */
const ENTRY_VIEWS: Readonly<Record<FeedFormat, ArticleView>> = {
  rss: 'entry',
  atom: 'atom-entry',
  json: 'json-entry',
};

/** Every feed route, in lists (see `RouteLists` in route.ts): one per scope, then the stylesheet. */
export function feedRouteLists(site: Site): Route[][] {
  const scopes: Scope[] = [site.site, ...site.tags, ...site.authors];
  return [...scopes.map((scope) => scopeFeedRoutes(site, scope)), [stylesheetRoute()]];
}

export function feedRoutes(site: Site): Route[] {
  return feedRouteLists(site).flat();
}

const listed = attached<Scope, { settings: Site['settings']; routes: Route[] }>(
  'feed routes',
  "each scope's feed documents with their inputs (no rendered bytes)",
);

/** The subscription document and every archive of one scope's feeds, in every format. */
export function scopeFeedRoutes(site: Site, scope: Scope): Route[] {
  return routesOnce(listed, scope, site.settings, () => listFeedRoutes(site, scope));
}

function listFeedRoutes(site: Site, scope: Scope): Route[] {
  const { settings } = site;
  const formatRoutes = (page: FeedPage, key: string) =>
    FEED_FORMATS.map(
      (format): Route => [
        feedPagePath(page, format),
        () => renderFeedPage(page, format),
        { key: `feed ${format} ${key}`, articles: page.articles, view: ENTRY_VIEWS[format] },
      ],
    );
  // What a document's links depend on: the subscription document links to the newest archive; an
  // archive links to the next newer one unless it is the newest.
  const keyOf = (page: Pick<FeedPage, 'archive' | 'archives'>) =>
    `${scope.kind} ${scope.slug} ${feedDocumentKey(page)} ${scope.name}`;
  const current = subscriptionPage(settings, scope);
  const head = scopeHead(scope);
  return [
    ...formatRoutes(current, keyOf(current)),
    ...archiveRoutes(
      settings,
      feedArticlesOf(scope),
      settings.itemsPerFeed,
      `feed ${scope.kind} ${scope.slug}`,
      (archive, archives) => keyOf({ archive, archives }),
      (archive, articles, archives, key) =>
        formatRoutes(
          { settings, scope: head, archive, archives, articles, updated: newestUpdate(articles) },
          key,
        ),
    ),
  ];
}

function feedDocumentKey(page: Pick<FeedPage, 'archive' | 'archives'>): string {
  if (page.archive === undefined) return `current ${page.archives}`;
  return `archive ${page.archive} ${page.archive < page.archives ? 'next' : 'newest'}`;
}

export function stylesheetRoute(): Route {
  return [STYLESHEET_PATH, renderStylesheet, { key: 'stylesheet', articles: [] }];
}

export function renderFeedPage(page: FeedPage, format: FeedFormat): Rendered {
  const rendered: Rendered = {
    mediaType: FEED_MEDIA_TYPES[format],
    body: RENDERERS[format](page),
    lastModified: page.updated,
  };
  // WebSub §4: a subscription document names its hub and itself in Link headers too, so a subscriber
  // finds them without parsing the feed (and in JSON Feed readers that ignore "hubs").
  const hub = hubUrl(page);
  if (hub !== undefined) rendered.link = `<${hub}>; rel="hub", <${feedPageUrl(page, format)}>; rel="self"`;
  return rendered;
}

function renderStylesheet(): Rendered {
  // The stylesheet is part of Herald, not of the content: it changes only with a release.
  return { mediaType: STYLESHEET_MEDIA_TYPE, body: FEED_STYLESHEET, lastModified: EMPTY_FEED_UPDATED };
}
