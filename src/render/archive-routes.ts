// The routes of a scope's archives (feed archive documents, listing archive pages), kept from site
// to site while an archive holds the same articles.
import { attached } from '../memory.ts';
import type { PublishedArticle, Scope, SiteSettings } from '../model.ts';
import { archiveBounds, archiveCount } from '../site/archives.ts';
import type { Route } from './route.ts';

interface Kept {
  settings: SiteSettings;
  key: string;
  /** Newest first, as the archive shows them. */
  articles: readonly PublishedArticle[];
  routes: Route[];
}

const kept = attached<PublishedArticle, Map<string, Kept>>(
  'archive routes',
  "each scope archive's routes (no rendered bytes), keyed by the archive's oldest article and the scope",
);

/**
 * Routes for archives 1 … N of a scope's articles `all` (newest first: what its listing or its
 * feeds show), cut as `splitArchives` cuts them: fixed runs of `size` counted from the oldest. An archive whose articles are the same objects, under the same key,
 * keeps the very route objects it had, so an edit re-lists only the archives it touched: the
 * site scope of a 10,000-article site has 500 feed archives in three formats and 500 listing
 * pages, which were all made again, and compared route by route, on every edit.
 *
 * `place` names the scope and the kind of route (one article is the oldest of an archive in
 * several scopes); `keyOf` gives what else an archive's bytes depend on (see `RouteInputs.key`);
 * `make` the routes of one archive, from the articles (newest first) and that key.
 */
export function archiveRoutes(
  settings: SiteSettings,
  all: readonly PublishedArticle[],
  size: number,
  place: string,
  keyOf: (archive: number, archives: number) => string,
  make: (archive: number, articles: readonly PublishedArticle[], archives: number, key: string) => Route[],
): Route[] {
  const archives = archiveCount(all.length, size);
  const routes: Route[] = [];
  for (let archive = 1; archive <= archives; archive++) {
    const [start, end] = archiveBounds(all.length, size, archive);
    const oldest = all[end - 1] as PublishedArticle;
    const key = keyOf(archive, archives);
    let byPlace = kept.get(oldest);
    const known = byPlace?.get(place);
    if (known?.settings === settings && known.key === key && sameRun(known.articles, all, start)) {
      routes.push(...known.routes);
      continue;
    }
    const articles = all.slice(start, end);
    const made = make(archive, articles, archives, key);
    if (!byPlace) {
      byPlace = new Map();
      kept.set(oldest, byPlace);
    }
    byPlace.set(place, { settings, key, articles, routes: made });
    routes.push(...made);
  }
  return routes;
}

/** Whether `all` holds the very objects of `run` from `from` on. */
export function sameRun(
  run: readonly PublishedArticle[],
  all: readonly PublishedArticle[],
  from: number,
): boolean {
  if (from + run.length > all.length) return false;
  for (let i = 0; i < run.length; i++) if (run[i] !== all[from + i]) return false;
  return true;
}

/**
 * The parts of a scope an archive's page shows (its name and place), without its articles: a kept
 * route holds this, not the whole scope of the site it was made for.
 */
export function scopeHead(scope: Scope): Scope {
  return { kind: scope.kind, slug: scope.slug, name: scope.name, basePath: scope.basePath, articles: [] };
}
