import { extendLazy } from '../content/lazy.ts';
import { slugify } from '../content/slug.ts';
import type { Article, Person, Problem, PublishedArticle, Scope, Site, SiteSettings, Tag } from '../model.ts';
import { absoluteUrl, articlePath, authorPath, tagPath } from './paths.ts';

/** Newest first; equal dates fall back to the slug so the order never depends on file-system order. */
export function compareNewestFirst(a: Article, b: Article): number {
  return b.date.getTime() - a.date.getTime() || a.slug.localeCompare(b.slug);
}

/**
 * Assembles the site as of `now`: drops drafts and scheduled articles, resolves duplicate slugs and
 * ids (the older article keeps them, the newer gets `-2`, `-3`… and a problem is reported), fills in
 * the site author, and groups articles into tag and author scopes. Pure: same input, same site.
 */
export function buildSite(settings: SiteSettings, articles: readonly Article[], now: Date): Site {
  const due = articles.filter((a) => !a.draft && a.date.getTime() <= now.getTime());
  const scheduled = articles.filter((a) => !a.draft && a.date.getTime() > now.getTime());
  const nextDueAt = scheduled.reduce<Date | undefined>(
    (next, a) => (next === undefined || a.date < next ? a.date : next),
    undefined,
  );

  const problems: Problem[] = [];
  const siteAuthor: Person = { ...settings.author, slug: slugify(settings.author.name) };
  const published = resolveDuplicates(due, problems).map(
    (a): PublishedArticle =>
      extendLazy(a, {
        authors: a.authors.length > 0 ? a.authors : [siteAuthor],
        path: articlePath(a.slug),
        url: absoluteUrl(settings, articlePath(a.slug)),
      }),
  );
  published.sort(compareNewestFirst);

  const site: Scope = { kind: 'site', slug: '', name: settings.title, basePath: '/', articles: published };
  return {
    settings,
    articles: published,
    site,
    tags: groupScopes(published, 'tag', (a) => a.tags, tagPath),
    authors: groupScopes(published, 'author', (a) => a.authors, authorPath),
    nextDueAt,
    problems,
  };
}

function resolveDuplicates(articles: readonly Article[], problems: Problem[]): Article[] {
  const oldestFirst = [...articles].sort((a, b) => -compareNewestFirst(a, b));
  const slugOwner = new Map<string, Article>();
  const idOwner = new Map<string, Article>();
  return oldestFirst.map((article) => {
    let { slug, id } = article;
    const slugTaken = slugOwner.get(slug);
    const idTaken = idOwner.get(id);
    if (slugTaken) {
      problems.push({
        file: article.file,
        field: 'slug',
        message: `"${slug}" is also the slug of ${slugTaken.file}; served as "${nextFree(slug, slugOwner)}" until renamed`,
      });
      slug = nextFree(slug, slugOwner);
    }
    if (idTaken) {
      problems.push({
        file: article.file,
        field: 'id',
        message: `"${id}" is also the id of ${idTaken.file}; served as "${nextFree(id, idOwner)}" until changed`,
      });
      id = nextFree(id, idOwner);
    }
    const placed = slug === article.slug && id === article.id ? article : extendLazy(article, { slug, id });
    slugOwner.set(slug, placed);
    idOwner.set(id, placed);
    return placed;
  });
}

function nextFree(value: string, taken: ReadonlyMap<string, unknown>): string {
  for (let n = 2; ; n++) {
    if (!taken.has(`${value}-${n}`)) return `${value}-${n}`;
  }
}

function groupScopes(
  articles: readonly PublishedArticle[],
  kind: 'tag' | 'author',
  keysOf: (a: PublishedArticle) => readonly (Tag | Person)[],
  pathOf: (slug: string) => string,
): Scope[] {
  const scopes = new Map<string, Scope>();
  for (const article of articles) {
    for (const { slug, name } of keysOf(article)) {
      let scope = scopes.get(slug);
      if (!scope) {
        scope = { kind, slug, name, basePath: pathOf(slug), articles: [] };
        scopes.set(slug, scope);
      }
      scope.articles.push(article);
    }
  }
  return [...scopes.values()].sort((a, b) => a.slug.localeCompare(b.slug));
}
