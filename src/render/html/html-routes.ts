import { attached } from '../../memory.ts';
import type { Scope, Site } from '../../model.ts';
import { splitArchives } from '../../site/archives.ts';
import { AUTHORS_INDEX_PATH, listingPath, NOT_FOUND_PATH, TAGS_INDEX_PATH } from '../../site/paths.ts';
import { type Route, routesOnce } from '../route.ts';
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
    ...site.site.articles.map(
      (article): Route => [
        article.path,
        () => renderArticlePage(settings, article, siteFeeds),
        { key: 'article', articles: [article], view: 'page' },
      ],
    ),
    ...site.tags.flatMap((scope) => scopeRoutes(site, scope)),
    ...site.authors.flatMap((scope) => scopeRoutes(site, scope)),
    [
      TAGS_INDEX_PATH,
      () => renderScopeDirectoryPage(settings, TAGS_INDEX_PATH, 'Tags', site.tags),
      directoryInputs(site.tags),
    ],
    [
      AUTHORS_INDEX_PATH,
      () => renderScopeDirectoryPage(settings, AUTHORS_INDEX_PATH, 'Authors', site.authors),
      directoryInputs(site.authors),
    ],
    [NOT_FOUND_PATH, () => renderNotFoundPage(settings), { key: 'not found', articles: [] }],
  ];
}

const listed = attached<Scope, { settings: Site['settings']; routes: Route[] }>(
  'listing routes',
  "each scope's listing pages with their inputs (no rendered bytes)",
);

/** Every listing page of one scope: `/`, `/page/1/` (the oldest), …, `/tags/x/`, `/tags/x/page/1/`, … */
export function scopeRoutes(site: Site, scope: Scope): Route[] {
  return routesOnce(listed, scope, site.settings, () => listScopeRoutes(site, scope));
}

function listScopeRoutes(site: Site, scope: Scope): Route[] {
  const { current, archives } = splitArchives(scope.articles, site.settings.itemsPerPage);
  // The scope page shows the newest articles, the number of archive pages (its "Older" link) and, for
  // a tag or an author, the article count; archive page n its run and whether it is the newest.
  const count = scope.kind === 'site' ? '' : ` ${scope.articles.length}`;
  return [
    [
      listingPath(scope.basePath),
      () => renderScopePage(site.settings, scope),
      {
        key: `listing ${scope.kind} ${scope.slug} current ${archives.length}${count} ${scope.name}`,
        articles: current,
        view: 'listing',
      },
    ],
    ...archives.map((run): Route => {
      const page = run.number;
      const newest = page === archives.length ? 'newest' : 'next';
      return [
        listingPath(scope.basePath, page),
        () => renderScopePage(site.settings, scope, page),
        {
          key: `listing ${scope.kind} ${scope.slug} archive ${page} ${newest} ${scope.name}`,
          articles: [...run.items].reverse(),
          view: 'listing',
        },
      ];
    }),
  ];
}

/** A directory page shows each scope's name and article count, computed only when compared. */
function directoryInputs(scopes: readonly Scope[]) {
  return {
    get key() {
      return `directory\n${scopes.map((s) => `${s.slug}\t${s.name}\t${s.articles.length}`).join('\n')}`;
    },
    articles: [],
  };
}
