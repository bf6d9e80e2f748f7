// Old addresses of moved articles (front matter `aliases`) and where they now live.
import { attached } from '../memory.ts';
import type { Site } from '../model.ts';
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
    for (let i = articles.length - 1; i >= 0; i--) {
      const article = articles[i];
      if (!article?.aliases) continue;
      for (const from of article.aliases) {
        if (from !== article.path && !byPath.has(from))
          byPath.set(from, { from, to: absoluteUrl(site.settings, article.path) });
      }
    }
    redirects = [...byPath.values()];
    cache.set(site, redirects);
  }
  return redirects;
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
