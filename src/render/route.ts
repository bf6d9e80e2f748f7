// A URL of the rendered site: its path, how to render it, and what it is made of.
import type { PublishedArticle, Scope, SiteSettings } from '../model.ts';
import { sameArticleMedia } from '../site/article-media.ts';
import { samePeople } from '../site/scopes.ts';
import type { Rendered } from './representation.ts';

/**
 * Which fields of an article a page shows. `entry`: everything a feed entry writes. `page`: what the
 * article's own page writes, which is all of that but the id. `listing`: what a listing page writes
 * (title, link, byline, summary, tags); not the content and not `updated`. A change to fields a page
 * does not show leaves it byte for byte the same, and out of the change set.
 */
export type ArticleView = 'entry' | 'page' | 'listing';

/**
 * What a route's bytes are made of, besides the site settings: a text for everything that is not an
 * article (scope name, page number, page count, format…) and the articles it shows. Two routes with
 * equal inputs render the same bytes, so a new site keeps the old representation (bytes, ETag) and
 * the change set is computed without rendering; unequal inputs mean different bytes (proven on random
 * histories by tests/publish/change-set.property.test.ts).
 */
export interface RouteInputs {
  key: string;
  articles: readonly PublishedArticle[];
  view?: ArticleView;
}

/** A URL path, how to render its response (deferred until first asked for), and its inputs. */
export type Route = readonly [path: string, render: () => Rendered, inputs: RouteInputs];

/**
 * A site's routes in lists: a scope's feeds, a scope's listing pages, the article pages, the rest.
 * A list that is the same array object in two sites holds the same routes with the same inputs (the
 * lists of a scope are made once per scope object, and a patch keeps the scopes it did not touch),
 * so comparing two sites skips it whole; every other list is compared route by route. A path is in
 * one list only.
 */
export type RouteLists = readonly (readonly Route[])[];

export function sameInputs(a: RouteInputs, b: RouteInputs): boolean {
  if (a === b) return true;
  if (a.key !== b.key || a.view !== b.view || a.articles.length !== b.articles.length) return false;
  const view = a.view ?? 'entry';
  for (let i = 0; i < a.articles.length; i++) {
    if (!sameArticle(a.articles[i] as PublishedArticle, b.articles[i] as PublishedArticle, view))
      return false;
  }
  return true;
}

/**
 * Whether two versions of an article look the same on a page that shows `view` of it. An unchanged
 * article is the same object from build to build (site/build-site.ts keeps it), so the field by field
 * comparison, which may render the Markdown of both, runs only for articles that were read again.
 */
function sameArticle(a: PublishedArticle, b: PublishedArticle, view: ArticleView): boolean {
  if (a === b) return true;
  const same =
    a.slug === b.slug &&
    a.url === b.url &&
    a.title === b.title &&
    a.date.getTime() === b.date.getTime() &&
    samePeople(a.authors, b.authors) &&
    samePeople(a.tags, b.tags) &&
    a.summary === b.summary;
  if (!same || view === 'listing') return same;
  return (
    (view === 'page' || a.id === b.id) &&
    a.path === b.path &&
    a.updated.getTime() === b.updated.getTime() &&
    sameArticleMedia(a, b) &&
    a.contentHtml === b.contentHtml
  );
}

/**
 * The routes of one scope, listed once per scope object. A patched site keeps the scopes the change
 * did not touch (site/scopes.ts copies only those it changes), so listing the next site's routes and
 * comparing them with the previous site's reuses those routes, inputs included, instead of paging
 * every tag and author of a 10,000-article site again on each edit. Held weakly: dropped with the scope.
 */
export function routesOnce(
  cache: WeakMap<Scope, { settings: SiteSettings; routes: Route[] }>,
  scope: Scope,
  settings: SiteSettings,
  list: () => Route[],
): Route[] {
  const known = cache.get(scope);
  if (known?.settings === settings) return known.routes;
  const routes = list();
  cache.set(scope, { settings, routes });
  return routes;
}
