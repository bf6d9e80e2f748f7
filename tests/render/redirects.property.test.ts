// The old addresses of a site (front matter `aliases`), found by looking only at the articles that
// differ from the last site's, equal the ones found by reading every article, on random histories of
// edits: articles added, removed and replaced anywhere in the list, aliases shared by two articles,
// whole new lists, and sites that share every article.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { resolveSettings } from '../../src/config.ts';
import type { PublishedArticle, Site } from '../../src/model.ts';
import { type Redirect, siteRedirects } from '../../src/render/redirects.ts';
import { absoluteUrl } from '../../src/site/paths.ts';

const settings = resolveSettings([{ siteUrl: 'https://news.example.test/' }], process.cwd());
const OLD_PATHS = ['/old/a/', '/old/b/', '/2019/c.html', '/articles/taken/'];

let made = 0;
function article(aliases: readonly string[]): PublishedArticle {
  made += 1;
  // Only what siteRedirects reads; the rest of an article plays no part.
  return { path: `/articles/a-${made}/`, aliases } as unknown as PublishedArticle;
}

function siteOf(articles: readonly PublishedArticle[]): Site {
  return { settings, site: { articles } } as unknown as Site;
}

/** Every article read, oldest first: the older article keeps a shared old path. */
function everyAlias(articles: readonly PublishedArticle[]): Redirect[] {
  const byPath = new Map<string, Redirect>();
  for (const a of [...articles].reverse()) {
    for (const from of a.aliases ?? []) {
      if (from !== a.path && !byPath.has(from)) byPath.set(from, { from, to: absoluteUrl(settings, a.path) });
    }
  }
  return [...byPath.values()];
}

const aliases = fc.oneof(
  { weight: 3, arbitrary: fc.constant([] as string[]) },
  fc.subarray(OLD_PATHS, { minLength: 1 }),
);
type Step =
  | { kind: 'add'; at: number; aliases: string[] }
  | { kind: 'remove'; at: number }
  | { kind: 'replace'; at: number; aliases: string[] }
  | { kind: 'same' }
  | { kind: 'all'; lists: string[][] };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), aliases }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), aliases }),
  fc.constant({ kind: 'same' as const }),
  fc.record({ kind: fc.constant('all' as const), lists: fc.array(aliases, { maxLength: 12 }) }),
);

it('finds the same old addresses as reading every article, on random histories', () => {
  fc.assert(
    fc.property(fc.array(aliases, { maxLength: 12 }), fc.array(step, { maxLength: 15 }), (first, steps) => {
      let articles = first.map(article);
      expect(siteRedirects(siteOf(articles))).toEqual(everyAlias(articles));
      for (const s of steps) {
        const next = [...articles];
        const at = (n: number, extra = 0) => (next.length + extra === 0 ? 0 : n % (next.length + extra));
        if (s.kind === 'add') next.splice(at(s.at, 1), 0, article(s.aliases));
        else if (s.kind === 'remove' && next.length > 0) next.splice(at(s.at), 1);
        else if (s.kind === 'replace' && next.length > 0) next[at(s.at)] = article(s.aliases);
        else if (s.kind === 'all') next.splice(0, next.length, ...s.lists.map(article));
        articles = next;
        expect(siteRedirects(siteOf(articles))).toEqual(everyAlias(articles));
      }
    }),
    { numRuns: Number(process.env.HERALD_PROPERTY_RUNS ?? 200) },
  );
});
