// Old addresses of moved articles (front matter `aliases`) and where they now live.
import { attached } from '../memory.ts';
import type { PublishedArticle, Site } from '../model.ts';
import { commonEnds } from '../site/common-ends.ts';
import { absoluteUrl } from '../site/paths.ts';
import { renderRedirectPage } from './html/redirect-page.ts';
import { HTML_MEDIA_TYPE } from './html/rendered-html.ts';
import type { Route, RouteLists } from './route.ts';

export interface Redirect {
  /** The old path, as written in `aliases` (a folder path or an `.html` page). */
  from: string;
  /** The article's current absolute URL. */
  to: string;
}

const cache = attached<Site, Redirect[]>(
  'redirects',
  'the old addresses (front matter `aliases`) of a site model and where they lead',
);

/**
 * Every alias of every published article, computed once per site. When two articles claim the same
 * old path, the older one keeps it (as with slugs). A path the site itself serves is never redirected:
 * its own route wins (see `redirectRoutes`).
 */
export function siteRedirects(site: Site): readonly Redirect[] {
  let redirects = cache.get(site);
  if (!redirects) {
    const byPath = new Map<string, Redirect>();
    const { articles } = site.site;
    const aliased = aliasedIndexes(articles);
    // Oldest first (articles are newest first), so the older article keeps a shared old path.
    for (let k = aliased.length - 1; k >= 0; k--) {
      const article = articles[aliased[k] as number] as PublishedArticle;
      for (const from of article.aliases ?? []) {
        if (from !== article.path && !byPath.has(from))
          byPath.set(from, { from, to: absoluteUrl(site.settings, article.path) });
      }
    }
    redirects = [...byPath.values()];
    cache.set(site, redirects);
  }
  return redirects;
}

/** The articles of the last site looked at, and the indexes of those with aliases, ascending. */
let lastScan: { articles: readonly PublishedArticle[]; aliased: number[] } | undefined;

/**
 * The indexes of the articles that have aliases, ascending. Reading `aliases` from each of 10,000
 * articles scattered over the heap took about 3 ms of every edit; an edit's site keeps almost every
 * article object where it was, so only the part between what the last site's list and this one
 * share at both ends is read (an article object never changes its aliases).
 */
function aliasedIndexes(articles: readonly PublishedArticle[]): number[] {
  const last = lastScan;
  const aliased: number[] = [];
  const [start, end] = last ? commonEnds(last.articles, articles, (a, b) => a === b) : [0, 0];
  const before = last?.articles.length ?? 0;
  for (const i of last?.aliased ?? []) if (i < start) aliased.push(i);
  for (let i = start; i < articles.length - end; i++) {
    if ((articles[i]?.aliases?.length ?? 0) > 0) aliased.push(i);
  }
  for (const i of last?.aliased ?? []) if (i >= before - end) aliased.push(i - before + articles.length);
  lastScan = { articles, aliased };
  return aliased;
}

/**
 * The site's route lists with one more: a route per old address that no page of the site uses (a
 * path is in one list only), each a 301 to the current URL whose body is a page that also
 * redirects, so the export serves it on any static host.
 */
export function withRedirects(site: Site, lists: RouteLists): RouteLists {
  const routes = redirectRoutes(site);
  if (routes.length === 0) return lists;
  // Looked up in the (few) old addresses rather than collecting the site's 19,000 paths per edit.
  const wanted = new Set(routes.map((route) => route[0]));
  const taken = new Set<string>();
  for (const list of lists) for (const route of list) if (wanted.has(route[0])) taken.add(route[0]);
  const free = routes.filter((route) => !taken.has(route[0]));
  return free.length === 0 ? lists : [...lists, free];
}

function redirectRoutes(site: Site): Route[] {
  const redirects = siteRedirects(site);
  if (redirects.length === 0) return [];
  const { settings } = site;
  // Made when a redirect is first rendered, not on every edit.
  let updated: Map<string, Date> | undefined;
  const updatedOf = (to: string) => {
    updated ??= new Map(site.site.articles.map((a) => [absoluteUrl(settings, a.path), a.updated]));
    return updated.get(to);
  };
  return redirects.map(
    ({ from, to }): Route => [
      from,
      () => ({
        status: 301,
        mediaType: HTML_MEDIA_TYPE,
        body: renderRedirectPage(settings, to),
        lastModified: updatedOf(to) ?? new Date(0),
        location: to,
      }),
      { key: `redirect ${to}`, articles: [] },
    ],
  );
}
