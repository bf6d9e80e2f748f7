// What a person sees who opens a feed's address in a browser: what a feed is, the address to copy
// into a reader, and the latest items. Current Chromium shows RSS and Atom as plain text and runs no
// XSLT or CSS on them, whatever the document asks, so the server answers a browser's navigation to
// the feed with this page instead (see http/send-representation.ts); other clients get the feed.
import { attached } from '../../memory.ts';
import type { Scope, Site, SiteSettings } from '../../model.ts';
import {
  absoluteUrl,
  FEED_FORMATS,
  FEEDS_PAGE_PATH,
  type FeedFormat,
  feedPath,
  feedPreviewPath,
  OPML_PATH,
  scopeFeedTitle,
} from '../../site/paths.ts';
import { feedArticlesOf } from '../../site/scopes.ts';
import type { Rendered } from '../representation.ts';
import { type Route, routesOnce } from '../route.ts';
import { renderArticleList } from './article-list.ts';
import { scopeFeeds } from './feed-links.ts';
import { html } from './html.ts';
import { newestUpdate } from './last-modified.ts';
import { renderLayout } from './layout.ts';
import { renderedHtml } from './rendered-html.ts';

/** How many of the newest articles a preview lists: enough to recognise the feed. */
const PREVIEW_ITEMS = 10;

const listed = attached<Scope, { settings: SiteSettings; routes: Route[] }>(
  'feed preview routes',
  "each scope's feed preview pages (what a browser opening a feed is shown) with their inputs",
);

/** The preview of each subscription feed (every format) of every scope, a list per scope. */
export function feedPreviewRouteLists(site: Site): Route[][] {
  return [site.site, ...site.tags, ...site.authors].map((scope) => scopeFeedPreviewRoutes(site, scope));
}

export function scopeFeedPreviewRoutes(site: Site, scope: Scope): Route[] {
  return routesOnce(listed, scope, site.settings, () =>
    FEED_FORMATS.map((format): Route => {
      const shown = feedArticlesOf(scope).slice(0, PREVIEW_ITEMS);
      return [
        feedPreviewPath(feedPath(scope.basePath, format)),
        () => renderFeedPreviewPage(site.settings, scope, format),
        {
          key: `feed preview ${format} ${scope.kind} ${scope.slug} ${scope.name}`,
          articles: shown,
          view: 'listing',
        },
      ];
    }),
  );
}

export function renderFeedPreviewPage(settings: SiteSettings, scope: Scope, format: FeedFormat): Rendered {
  const feeds = scopeFeeds(settings, scope);
  const feed = feeds.find((f) => f.format === format) ?? (feeds[0] as (typeof feeds)[number]);
  const others = feeds.filter((f) => f !== feed);
  const shown = feedArticlesOf(scope).slice(0, PREVIEW_ITEMS);
  const title = scopeFeedTitle(settings, scope);
  const body = renderLayout(settings, {
    title: `${title} (${feed.label} feed)`,
    description: `The ${feed.label} feed of ${title}`,
    // The page a search engine should show instead: the scope's own page.
    path: scope.basePath,
    feeds,
    noindex: true,
    main: html`<h1>${title}</h1>
<section class="feed-preview" aria-labelledby="feed-heading">
<h2 id="feed-heading">This is a feed</h2>
<p>This address is a web feed (${feed.label}). Copy it into a feed reader, and new articles reach you there as they are published:</p>
<p><code class="feed-url" id="feed-address">${feed.url}</code></p>
<p class="purpose">${feed.purpose} The same articles in ${others.map((other, i) => html`${i > 0 && ' or '}<a href="${other.url}" type="${other.mediaType}">${other.label}</a>`)}; <a href="${absoluteUrl(settings, FEEDS_PAGE_PATH)}">every feed of this site</a>, also as <a href="${absoluteUrl(settings, OPML_PATH)}" type="text/x-opml">OPML</a>.</p>
</section>
<h2>Latest articles</h2>
${renderArticleList(settings, shown)}
<p><a href="${absoluteUrl(settings, scope.basePath)}">All articles on ${scope.kind === 'site' ? settings.title : title}</a></p>`,
  });
  return renderedHtml(body, newestUpdate(shown));
}
