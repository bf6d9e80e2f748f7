// Patches for the site model when one article is added, edited or deleted: the common changes
// while writing, applied without sorting and grouping 10,000 articles again. Each returns
// undefined when the change could move other articles; the caller then runs `buildSite`. Each gives
// exactly the site `buildSite` would (tests/site/patch-site.test.ts).
import type { Article, Person, PublishedArticle, Scope, Site, Tag } from '../model.ts';
import { compareNewestFirst, compareText, placeOnSite, siteAuthorOf } from './build-site.ts';
import { authorPath, tagPath } from './paths.ts';

/**
 * The site after one article's text changed but not its place: same file, slug, id, dates' order,
 * draft state, tags and authors. Nothing moves, so the new article takes the old one's place in
 * every list, with no sorting or grouping: an edit of a 10,000-article site costs microseconds here
 * instead of the ~30 ms of `buildSite`. Returns undefined when the edit moves anything;
 * the caller then builds the site again. The result equals what `buildSite` would give.
 */
export function replaceArticle(site: Site, previous: Article, next: Article): Site | undefined {
  if (site.problems.length > 0 || !samePlace(previous, next)) return undefined;
  const index = site.articles.findIndex((a) => a.file === previous.file);
  const old = site.articles[index];
  if (old === undefined || old.slug !== previous.slug) return undefined;
  const placedNext = placeOnSite(next, site.settings, siteAuthorOf(site.settings));
  const swap = (articles: PublishedArticle[]) => articles.map((a) => (a === old ? placedNext : a));
  const scope = (s: Scope): Scope => (s.articles.includes(old) ? { ...s, articles: swap(s.articles) } : s);
  const articles = swap(site.articles);
  return {
    ...site,
    articles,
    site: { ...site.site, articles },
    tags: site.tags.map(scope),
    authors: site.authors.map(scope),
  };
}

/**
 * The site with one more published article, placed without rebuilding the rest. Returns
 * undefined when the article is not published now (draft, scheduled) or shares a slug or id, and
 * the caller builds the site again. The result equals what `buildSite` would give.
 */
export function insertArticle(site: Site, next: Article, now: Date): Site | undefined {
  if (site.problems.length > 0 || next.draft || next.date.getTime() > now.getTime()) return undefined;
  if (site.articles.some((a) => a.slug === next.slug || a.id === next.id)) return undefined;
  const placedNext = placeOnSite(next, site.settings, siteAuthorOf(site.settings));
  const articles = insertSorted(site.articles, placedNext);
  const withNext = (
    scopes: readonly Scope[],
    keys: readonly (Tag | Person)[],
    kind: 'tag' | 'author',
    pathOf: (slug: string) => string,
  ) => {
    const result = [...scopes];
    for (const { slug, name } of keys) {
      const at = result.findIndex((s) => s.slug === slug);
      const existing = result[at];
      if (existing) {
        const list = insertSorted(existing.articles, placedNext);
        result[at] = { ...existing, name: list[0] === placedNext ? name : existing.name, articles: list };
      } else {
        result.push({ kind, slug, name, basePath: pathOf(slug), articles: [placedNext] });
      }
    }
    return result.sort((a, b) => compareText(a.slug, b.slug));
  };
  return {
    ...site,
    articles,
    site: { ...site.site, articles },
    tags: withNext(site.tags, placedNext.tags, 'tag', tagPath),
    authors: withNext(site.authors, placedNext.authors, 'author', authorPath),
  };
}

/**
 * The site without one published article, without rebuilding the rest. Returns
 * undefined when the article was not on the site or the site has duplicates to resolve again.
 * The result equals what `buildSite` would give.
 */
export function removeArticle(site: Site, previous: Article): Site | undefined {
  if (site.problems.length > 0) return undefined;
  const old = site.articles.find((a) => a.file === previous.file);
  if (old === undefined) return undefined;
  const without = (articles: readonly PublishedArticle[]) => articles.filter((a) => a !== old);
  const scopesWithout = (
    scopes: readonly Scope[],
    keysOf: (a: PublishedArticle) => readonly (Tag | Person)[],
  ) =>
    scopes.flatMap((scope): Scope[] => {
      if (!scope.articles.includes(old)) return [scope];
      const articles = without(scope.articles);
      const newest = articles[0];
      if (!newest) return [];
      // A scope is named as its newest article spells the tag or author.
      const name = keysOf(newest).find((k) => k.slug === scope.slug)?.name ?? scope.name;
      return [{ ...scope, name, articles }];
    });
  const articles = without(site.articles);
  return {
    ...site,
    articles,
    site: { ...site.site, articles },
    tags: scopesWithout(site.tags, (a) => a.tags),
    authors: scopesWithout(site.authors, (a) => a.authors),
  };
}

function insertSorted(articles: readonly PublishedArticle[], article: PublishedArticle): PublishedArticle[] {
  let low = 0;
  let high = articles.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compareNewestFirst(articles[mid] as PublishedArticle, article) < 0) low = mid + 1;
    else high = mid;
  }
  return [...articles.slice(0, low), article, ...articles.slice(low)];
}

function samePlace(a: Article, b: Article): boolean {
  return (
    a.file === b.file &&
    a.slug === b.slug &&
    a.id === b.id &&
    a.date.getTime() === b.date.getTime() &&
    a.draft === b.draft &&
    samePeople(a.tags, b.tags) &&
    samePeople(a.authors, b.authors)
  );
}

function samePeople(a: readonly (Tag | Person)[], b: readonly (Tag | Person)[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i] as Tag | Person;
      return (
        x.slug === y.slug &&
        x.name === y.name &&
        (x as Person).email === (y as Person).email &&
        (x as Person).url === (y as Person).url
      );
    })
  );
}
