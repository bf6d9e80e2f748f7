import { attached } from '../../memory.ts';
import type { PublishedArticle, Scope, Site, SiteSettings } from '../../model.ts';
import { archiveCount, currentItems } from '../../site/archives.ts';
import { AUTHORS_INDEX_PATH, listingPath, NOT_FOUND_PATH, TAGS_INDEX_PATH } from '../../site/paths.ts';
import { siteScope } from '../../site/scopes.ts';
import { archiveRoutes, sameRun, scopeHead } from '../archive-routes.ts';
import { type Route, routesOnce } from '../route.ts';
import { renderArticlePage } from './article-page.ts';
import { scopeFeeds } from './feed-links.ts';
import { renderNotFoundPage } from './not-found-page.ts';
import { renderScopeDirectoryPage } from './scope-directory-page.ts';
import { renderListing, renderScopePage } from './scope-page.ts';

/**
 * Every HTML page, in lists (see `RouteLists` in route.ts): the site's listing pages, the article
 * pages, each tag's and each author's listing pages, then the directories and the 404 page.
 */
export function htmlRouteLists(site: Site): Route[][] {
  const { settings } = site;
  return [
    scopeRoutes(site, site.site),
    ...articlePageLists(settings, site.site.articles),
    ...site.tags.map((scope) => scopeRoutes(site, scope)),
    ...site.authors.map((scope) => scopeRoutes(site, scope)),
    [
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
    ],
  ];
}

export function htmlRoutes(site: Site): Route[] {
  return htmlRouteLists(site).flat();
}

const articleRoutes = attached<PublishedArticle, { settings: SiteSettings; route: Route }>(
  'article routes',
  "each article page's route, so an unchanged article is the same route in the next site",
);

/** An article's page, the same route object for as long as the article (and the settings) are. */
function articleRoute(settings: SiteSettings, article: PublishedArticle): Route {
  const known = articleRoutes.get(article);
  if (known?.settings === settings) return known.route;
  const route: Route = [
    article.path,
    // The page links to the site's feeds, which depend only on the settings.
    () => renderArticlePage(settings, article, scopeFeeds(settings, siteScope(settings.title, []))),
    { key: 'article', articles: [article], view: 'page' },
  ];
  articleRoutes.set(article, { settings, route });
  return route;
}

const runs = attached<
  PublishedArticle,
  { settings: SiteSettings; articles: PublishedArticle[]; routes: Route[] }
>(
  'article page runs',
  'the article pages in runs of consecutive articles, keyed by the first, so unchanged runs are the same lists',
);

/**
 * The article pages in runs of consecutive articles, each run the same list object from site to
 * site while its articles are the same objects, so the change set skips unchanged runs whole (one
 * list of 10,000 pages would be compared page by page on every edit). A run ends after an article
 * whose path hashes to a multiple of RUN_SPACING, so where runs end depends on the articles alone:
 * an article added or removed changes its own run, never the others'.
 */
function articlePageLists(settings: SiteSettings, articles: readonly PublishedArticle[]): Route[][] {
  const lists: Route[][] = [];
  let i = 0;
  while (i < articles.length) {
    const first = articles[i] as PublishedArticle;
    const known = runs.get(first);
    if (known?.settings === settings && sameRun(known.articles, articles, i)) {
      lists.push(known.routes);
      i += known.articles.length;
      continue;
    }
    const run: PublishedArticle[] = [];
    do run.push(articles[i] as PublishedArticle);
    while (!endsRun(articles[i++] as PublishedArticle) && i < articles.length);
    const routes = run.map((article) => articleRoute(settings, article));
    runs.set(first, { settings, articles: run, routes });
    lists.push(routes);
  }
  return lists;
}

/** Articles per run, on average. */
const RUN_SPACING = 32;

/** FNV-1a of the article's path: a cheap, stable choice of where runs end. */
function endsRun(article: PublishedArticle): boolean {
  let hash = 0x811c9dc5;
  for (let k = 0; k < article.path.length; k++) {
    hash ^= article.path.charCodeAt(k);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % RUN_SPACING === 0;
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
  const size = site.settings.itemsPerPage;
  const archives = archiveCount(scope.articles.length, size);
  const current = currentItems(scope.articles, size);
  const head = scopeHead(scope);
  // The scope page shows the newest articles, the number of archive pages (its "Older" link) and, for
  // a tag or an author, the article count; archive page n its run and whether it is the newest.
  const count = scope.kind === 'site' ? '' : ` ${scope.articles.length}`;
  return [
    [
      listingPath(scope.basePath),
      () => renderScopePage(site.settings, scope),
      {
        key: `listing ${scope.kind} ${scope.slug} current ${archives}${count} ${scope.name}`,
        articles: current,
        view: 'listing',
      },
    ],
    ...archiveRoutes(
      site.settings,
      scope.articles,
      site.settings.itemsPerPage,
      `listing ${scope.kind} ${scope.slug}`,
      (page, total) =>
        `listing ${scope.kind} ${scope.slug} archive ${page} ${page === total ? 'newest' : 'next'} ${scope.name}`,
      (page, articles, total, key) => [
        [
          listingPath(scope.basePath, page),
          () => renderListing(site.settings, head, page, articles, total),
          { key, articles, view: 'listing' },
        ],
      ],
    ),
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
