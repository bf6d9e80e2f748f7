import type { PublishedArticle, Scope, SiteSettings } from '../../model.ts';
import { splitArchives } from '../../site/archives.ts';
import { absoluteUrl, FEEDS_PAGE_PATH, listingPath, OPML_PATH, scopeFeedTitle } from '../../site/paths.ts';
import type { Rendered } from '../representation.ts';
import { renderArticleList } from './article-list.ts';
import { scopeFeeds } from './feed-links.ts';
import { html } from './html.ts';
import { newestUpdate } from './last-modified.ts';
import { renderLayout } from './layout.ts';
import { renderPagination } from './pagination.ts';
import { renderedHtml } from './rendered-html.ts';
import { renderSubscribe } from './subscribe.ts';

/**
 * A scope's listing: the scope page (the home page for the site scope, or a tag's or an author's
 * page) with the newest articles, or archive page `page` (1 = the oldest) with a fixed run of older
 * ones, so that a new article rewrites the scope page and at most its newest archive page. Each
 * advertises the scope's own feeds.
 */
export function renderScopePage(settings: SiteSettings, scope: Scope, page?: number): Rendered {
  const { current, archives } = splitArchives(scope.articles, settings.itemsPerPage);
  if (page === undefined) return renderListing(settings, scope, undefined, current, archives.length);
  const archive = archives[page - 1];
  if (!archive) throw new Error(`${scope.basePath} has no archive page ${page}`);
  return renderListing(settings, scope, page, [...archive.items].reverse(), archives.length);
}

/**
 * A scope's listing page `page` (undefined: the scope page) of a scope that has `archives` archive
 * pages, showing `shown` (newest first). An archive page is rendered from the scope's name and place
 * alone (a kept route holds no more); the scope page also says how many articles the scope has.
 */
export function renderListing(
  settings: SiteSettings,
  scope: Scope,
  page: number | undefined,
  shown: readonly PublishedArticle[],
  archives: number,
): Rendered {
  const feeds = scopeFeeds(settings, scope);
  const heading = scopeHeading(scope);
  // The count would change an archive page with every new article: only the scope page says it.
  const lead =
    page !== undefined
      ? 'Older articles, newest first.'
      : scope.kind === 'site'
        ? settings.description
        : countArticles(scope.articles.length);
  const pageSuffix = page !== undefined ? ` — archive page ${page}` : '';
  const title = scope.kind === 'site' ? settings.title : `${heading} — ${settings.title}`;

  const body = renderLayout(settings, {
    title: `${title}${pageSuffix}`,
    description: scope.kind === 'site' ? settings.description : scopeFeedTitle(settings, scope),
    path: listingPath(scope.basePath, page),
    feeds,
    openGraph: { type: 'website', title: `${heading}${pageSuffix}` },
    main: html`<h1>${heading}</h1>
<p class="lead">${lead}</p>
${renderArticleList(settings, shown)}
${renderPagination(settings, scope.basePath, page, archives)}
${renderSubscribe(feeds, 'Subscribe', {
  page: absoluteUrl(settings, FEEDS_PAGE_PATH),
  opml: absoluteUrl(settings, OPML_PATH),
})}`,
  });
  return renderedHtml(body, newestUpdate(shown));
}

export function scopeHeading(scope: Scope): string {
  if (scope.kind === 'tag') return `Articles tagged “${scope.name}”`;
  if (scope.kind === 'author') return `Articles by ${scope.name}`;
  return scope.name;
}

export function countArticles(count: number): string {
  return count === 1 ? '1 article' : `${count} articles`;
}
