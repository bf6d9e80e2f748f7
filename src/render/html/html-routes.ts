import type { Scope, Site } from '../../model.ts';
import {
  AUTHORS_INDEX_PATH,
  listingPath,
  NOT_FOUND_PATH,
  pageCount,
  TAGS_INDEX_PATH,
} from '../../site/paths.ts';
import type { Route } from '../render-site.ts';
import { renderArticlePage } from './article-page.ts';
import { scopeFeeds } from './feed-links.ts';
import { renderNotFoundPage } from './not-found-page.ts';
import { renderScopeDirectoryPage } from './scope-directory-page.ts';
import { renderScopePage } from './scope-page.ts';

/** Every HTML page: index pages, article pages, tag and author pages, their directories, the 404 page. */
export function htmlRoutes(site: Site): Route[] {
  const { settings } = site;
  const siteFeeds = scopeFeeds(settings, site.site);
  return [
    ...scopeRoutes(site, site.site),
    ...site.articles.map(
      (article): Route => [article.path, () => renderArticlePage(settings, article, siteFeeds)],
    ),
    ...site.tags.flatMap((scope) => scopeRoutes(site, scope)),
    ...site.authors.flatMap((scope) => scopeRoutes(site, scope)),
    [TAGS_INDEX_PATH, () => renderScopeDirectoryPage(settings, TAGS_INDEX_PATH, 'Tags', site.tags)],
    [
      AUTHORS_INDEX_PATH,
      () => renderScopeDirectoryPage(settings, AUTHORS_INDEX_PATH, 'Authors', site.authors),
    ],
    [NOT_FOUND_PATH, () => renderNotFoundPage(settings)],
  ];
}

/** Every listing page of one scope: `/`, `/page/2/`, `/tags/x/`, … */
export function scopeRoutes(site: Site, scope: Scope): Route[] {
  const pages = pageCount(scope.articles.length, site.settings.itemsPerPage);
  return Array.from({ length: pages }, (_, i): Route => {
    const page = i + 1;
    return [listingPath(scope.basePath, page), () => renderScopePage(site.settings, scope, page)];
  });
}
