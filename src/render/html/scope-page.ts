import type { Scope, SiteSettings } from '../../model.ts';
import { listingPath, pageCount, scopeFeedTitle } from '../../site/paths.ts';
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
 * One page of a scope's listing: the home page for the site scope, or a tag's or an author's page.
 * Each advertises the scope's own feeds.
 */
export function renderScopePage(settings: SiteSettings, scope: Scope, page: number): Rendered {
  const perPage = settings.itemsPerPage;
  const pages = pageCount(scope.articles.length, perPage);
  const shown = scope.articles.slice((page - 1) * perPage, page * perPage);
  const feeds = scopeFeeds(settings, scope);
  const heading = scopeHeading(scope);
  const lead = scope.kind === 'site' ? settings.description : countArticles(scope.articles.length);
  const pageSuffix = page > 1 ? ` — page ${page} of ${pages}` : '';
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
${renderPagination(settings, scope.basePath, page, pages)}
${renderSubscribe(feeds)}`,
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
