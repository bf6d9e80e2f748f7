import { attached } from '../../memory.ts';
import type { PublishedArticle, Scope, Site, SiteSettings } from '../../model.ts';
import { splitArchives } from '../../site/archives.ts';
import { AUTHORS_INDEX_PATH, listingPath, NOT_FOUND_PATH, TAGS_INDEX_PATH } from '../../site/paths.ts';
import { siteScope } from '../../site/scopes.ts';
import { type Route, routesOnce } from '../route.ts';
import { renderArticlePage } from './article-page.ts';
import { scopeFeeds } from './feed-links.ts';
import { renderNotFoundPage } from './not-found-page.ts';
import { renderScopeDirectoryPage } from './scope-directory-page.ts';
import { renderScopePage } from './scope-page.ts';

/**
 * Every HTML page, in lists (see `RouteLists` in route.ts): the site's listing pages, the article
 * pages, each tag's and each author's listing pages, then the directories and the 404 page.
 */
export function htmlRouteLists(site: Site): Route[][] {
  const { settings } = site;
  return [
    scopeRoutes(site, site.site),
    site.site.articles.map((article) => articleRoute(settings, article)),
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
