// A URL of the rendered site: its path, how to render it, and what it is made of.
import { createHash, hash } from 'node:crypto';
import { attached } from '../memory.ts';
import type { Enclosure, Person, PublishedArticle, Scope, SiteSettings, Tag } from '../model.ts';
import { sameArticleMedia, sameEnclosures } from '../site/article-media.ts';
import { samePeople } from '../site/scopes.ts';
import type { Rendered } from './representation.ts';

/**
 * Which fields of an article a page shows. `entry`: everything an RSS item writes. `atom-entry` and
 * `json-entry`: the same, but an Atom entry writes the featured image as the first of its enclosure
 * links, without its alt text, and a JSON Feed item writes only the image's URL. `page`: what the article's own page writes: all but the id, the
 * attachments and the image's size and type. `listing`: what a listing page writes (title, link,
 * byline, summary, tags); not the content and not `updated`. A change to fields a page does not show
 * leaves it byte for byte the same, and out of the change set.
 */
export type ArticleView = 'entry' | 'atom-entry' | 'json-entry' | 'page' | 'listing';

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
  /**
   * What the route's Last-Modified depends on beyond its key and articles, when its bytes do not
   * show it. Not compared by `sameInputs` (a server keeps the representation it has); part of the
   * route's fingerprint, so an export keeps a file only with the Last-Modified a full build gives.
   */
  lastModifiedKey?: string;
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
    sameMediaShown(a, b, view) &&
    a.contentHtml === b.contentHtml
  );
}

function atomLinks(article: PublishedArticle): readonly Enclosure[] {
  const { featuredImage, enclosures = [] } = article;
  return featuredImage ? [featuredImage, ...enclosures] : enclosures;
}

/** Whether the featured image and attachments look the same where `view` shows them (see ArticleView). */
function sameMediaShown(a: PublishedArticle, b: PublishedArticle, view: ArticleView): boolean {
  const [x, y] = [a.featuredImage, b.featuredImage];
  switch (view) {
    case 'page':
      return x?.url === y?.url && x?.alt === y?.alt;
    case 'json-entry':
      return x?.url === y?.url && sameEnclosures(a.enclosures, b.enclosures);
    case 'atom-entry':
      // One list of enclosure links, the image first: an image that becomes an attachment is the same.
      return sameEnclosures(atomLinks(a), atomLinks(b));
    default:
      return sameArticleMedia(a, b);
  }
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

/**
 * A string that changes whenever a route's inputs do, under the same settings: what `sameInputs`
 * compares, written out, so it can be kept between runs (an export's or a bucket's manifest) and a
 * later run can tell that a route's bytes are unchanged without rendering it. An article's content
 * stands as its `contentKey` (a hash of the Markdown it is rendered from), so no body is rendered to
 * fingerprint a route. Undefined when an article has no content key: the route must be rendered.
 */
export function routeFingerprint(inputs: RouteInputs, settingsKey: string): string | undefined {
  const view = inputs.view ?? 'entry';
  // One string, hashed at once: ~20 article keys per feed page.
  let text = `${settingsKey}\0${inputs.key}\0${view}\0${inputs.lastModifiedKey ?? ''}`;
  for (const article of inputs.articles) {
    const key = articleKey(article);
    if (key === undefined) return undefined;
    text += `\0${key}`;
  }
  return hash('sha256', text, 'base64url').slice(0, 22);
}

/** The settings every route's bytes depend on, as one string. */
export function settingsKey(settings: SiteSettings): string {
  let key = settingsKeys.get(settings);
  if (key === undefined) {
    key = createHash('sha256').update(JSON.stringify(settings)).digest('base64url');
    settingsKeys.set(settings, key);
  }
  return key;
}

const settingsKeys = attached<SiteSettings, string>(
  'settings keys',
  'the hash of each settings object, for route fingerprints',
);

/** Per article, its key: an article is on ~20 routes (feed pages, listings, its page). */
const articleKeys = attached<PublishedArticle, string>(
  'article keys',
  "each published article's key in route fingerprints",
);

/**
 * Every field of an article any view shows, written out, the content as its content key. One key
 * for every view: a route that does not show a field that changed (a listing and `updated`) is then
 * rendered again and found unchanged, which costs a few pages per edit and saves hashing each
 * article three times on every build. A listing shows the summary, which may be derived from the
 * content: the content key covers both (a given summary is part of it).
 */
function articleKey(article: PublishedArticle): string | undefined {
  if (article.contentKey === undefined) return undefined;
  const known = articleKeys.get(article);
  if (known !== undefined) return known;
  // Each text a user writes (any character may occur in it) after its length, so no two articles
  // write the same key: half the time of JSON for the 10,000 articles an export's plan keys.
  let text = `${field(article.slug)}${field(article.url)}${field(article.path)}${field(article.id)}${field(article.title)}`;
  text += people(article.authors);
  text += people(article.tags);
  // Media files are rare, and their fields many: JSON, after a mark no length can start with.
  if (article.featuredImage || article.enclosures)
    text += `m${JSON.stringify([article.featuredImage ?? null, article.enclosures ?? null])}`;
  const key = hash(
    'sha256',
    `${text}${article.date.getTime()} ${article.updated.getTime()} ${article.contentKey}`,
    'base64url',
  ).slice(0, 22);
  articleKeys.set(article, key);
  return key;
}

function field(text: string): string {
  return `${text.length}:${text}`;
}

function people(list: readonly (Tag | Person)[]): string {
  let text = `${list.length}:`;
  for (const p of list) {
    const person = p as Partial<Person>;
    text += `${field(p.slug)}${field(p.name)}${field(person.email ?? '')}${field(person.url ?? '')}`;
  }
  return text;
}
