// The rules of scopes, in one place: which scopes an article belongs to, how a scope is created and
// named, where an article goes in it, when it disappears, and the order of scopes. The full build
// folds `add` over every article; the patches for one changed article use the same functions.
import type { Article, Person, PublishedArticle, Scope, ScopeKind, Tag } from '../model.ts';
import { authorPath, tagPath } from './paths.ts';

/**
 * Newest first; equal dates fall back to the slug so the order never depends on file-system order.
 * Slugs are ASCII, so code-unit order is enough (and far cheaper than `localeCompare` at 10k articles).
 */
export function compareNewestFirst(a: Article, b: Article): number {
  return b.date.getTime() - a.date.getTime() || compareText(a.slug, b.slug);
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type GroupKind = Exclude<ScopeKind, 'site'>;

const PATH_OF: Record<GroupKind, (slug: string) => string> = { tag: tagPath, author: authorPath };

/** The tags or the authors an article is filed under. */
export function keysOf(article: PublishedArticle, kind: GroupKind): readonly (Tag | Person)[] {
  return kind === 'tag' ? article.tags : article.authors;
}

/**
 * The tag or author scopes of a site, changed one article at a time. Scopes handed in are never
 * modified: a scope is copied the first time this set changes it, then changed in place, so a fold
 * over 10,000 articles appends without copying and a patch copies only the scopes it touches.
 */
export class ScopeSet {
  readonly #kind: GroupKind;
  readonly #scopes: Map<string, Scope>;
  /** Scopes created or copied by this set, which it may change in place. */
  readonly #owned = new Set<Scope>();

  constructor(kind: GroupKind, scopes: readonly Scope[] = []) {
    this.#kind = kind;
    this.#scopes = new Map(scopes.map((scope) => [scope.slug, scope]));
  }

  /** Files the article under each of its tags (or authors), creating the scopes it is the first of. */
  add(article: PublishedArticle): this {
    for (const key of keysOf(article, this.#kind)) {
      const scope = this.#scopes.get(key.slug);
      if (!scope) {
        const created: Scope = {
          kind: this.#kind,
          slug: key.slug,
          name: key.name,
          basePath: PATH_OF[this.#kind](key.slug),
          articles: [article],
        };
        this.#owned.add(created);
        this.#scopes.set(key.slug, created);
        continue;
      }
      const own = this.#own(scope);
      insertSorted(own.articles, article);
      // A scope is named as its newest article spells the tag or author.
      if (own.articles[0] === article) own.name = key.name;
    }
    return this;
  }

  /** Takes the article out of every scope it is in; a scope left empty disappears. */
  remove(article: PublishedArticle): this {
    for (const key of keysOf(article, this.#kind)) {
      const scope = this.#scopes.get(key.slug);
      const at = scope?.articles.indexOf(article) ?? -1;
      if (!scope || at === -1) continue;
      if (scope.articles.length === 1) {
        this.#scopes.delete(key.slug);
        continue;
      }
      const own = this.#own(scope);
      own.articles.splice(at, 1);
      const newest = own.articles[0] as PublishedArticle;
      if (at === 0) own.name = keysOf(newest, this.#kind).find((k) => k.slug === own.slug)?.name ?? own.name;
    }
    return this;
  }

  /** Puts `next` where `previous` was, in every scope: only for an article whose place is unchanged. */
  replace(previous: PublishedArticle, next: PublishedArticle): this {
    for (const key of keysOf(previous, this.#kind)) {
      const scope = this.#scopes.get(key.slug);
      const at = scope?.articles.indexOf(previous) ?? -1;
      if (scope && at !== -1) this.#own(scope).articles[at] = next;
    }
    return this;
  }

  /** The scopes, ordered by slug. */
  list(): Scope[] {
    return [...this.#scopes.values()].sort((a, b) => compareText(a.slug, b.slug));
  }

  #own(scope: Scope): Scope {
    if (this.#owned.has(scope)) return scope;
    const copy = { ...scope, articles: [...scope.articles] };
    this.#owned.add(copy);
    this.#scopes.set(scope.slug, copy);
    return copy;
  }
}

/** Inserts `article` in a newest-first list; appending (the common case of a full build) is O(1). */
export function insertSorted(articles: PublishedArticle[], article: PublishedArticle): void {
  const last = articles[articles.length - 1];
  if (last === undefined || compareNewestFirst(last, article) < 0) {
    articles.push(article);
    return;
  }
  let low = 0;
  let high = articles.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compareNewestFirst(articles[mid] as PublishedArticle, article) < 0) low = mid + 1;
    else high = mid;
  }
  articles.splice(low, 0, article);
}

/** The articles a scope's feeds carry, newest first: all but those waiting out the feed delay. */
export function feedArticlesOf(scope: Scope): readonly PublishedArticle[] {
  return scope.feedArticles ?? scope.articles;
}

/** The site scope: every published article, newest first. */
export function siteScope(title: string, articles: PublishedArticle[]): Scope {
  return { kind: 'site', slug: '', name: title, basePath: '/', articles };
}

/** Whether two tags or people are written the same way (slug, name, e-mail, URL). */
export function samePerson(a: Tag | Person, b: Tag | Person): boolean {
  const x = a as Partial<Person>;
  const y = b as Partial<Person>;
  return a.slug === b.slug && a.name === b.name && x.email === y.email && x.url === y.url;
}

/** Whether two lists of tags or people are the same, in the same order. */
export function samePeople(a: readonly (Tag | Person)[], b: readonly (Tag | Person)[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => samePerson(x, b[i] as Tag | Person)));
}
