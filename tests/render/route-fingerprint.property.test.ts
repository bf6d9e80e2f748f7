// A route's fingerprint stands for its inputs in an export's manifest: two different inputs must
// never share one, or a build keeps a file whose bytes should have changed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PublishedArticle } from '../../src/model.ts';
import { routeFingerprint } from '../../src/render/route.ts';

// Few letters, among them the characters a written-out key could confuse with its own separators.
const text = fc.string({
  unit: fc.constantFrom('a', 'b', '1', ':', '"', ',', '[', ']', ' ', '\0'),
  maxLength: 6,
});
const person = fc.record({ slug: text, name: text, email: fc.option(text, { nil: undefined }) });
const fields = fc.record({
  slug: text,
  url: text,
  path: text,
  id: text,
  title: text,
  authors: fc.array(person, { maxLength: 2 }),
  tags: fc.array(fc.record({ slug: text, name: text }), { maxLength: 2 }),
  date: fc.integer({ min: 0, max: 3 }),
  updated: fc.integer({ min: 0, max: 3 }),
  contentKey: text,
  image: fc.option(fc.record({ url: text, alt: text }), { nil: undefined }),
});
type Fields = typeof fields extends fc.Arbitrary<infer T> ? T : never;

function article(f: Fields): PublishedArticle {
  return {
    file: 'a.md',
    slug: f.slug,
    id: f.id,
    title: f.title,
    date: new Date(f.date),
    updated: new Date(f.updated),
    authors: f.authors.map((p) => ({ ...p, email: p.email })),
    tags: f.tags,
    summary: '',
    contentHtml: '',
    draft: false,
    contentKey: f.contentKey,
    path: f.path,
    url: f.url,
    ...(f.image ? { featuredImage: { url: f.image.url, type: 'image/png', alt: f.image.alt } } : {}),
  } as PublishedArticle;
}

/** The fields a key covers, written out unambiguously (JSON), to compare two articles by. */
function shown(f: Fields): string {
  return JSON.stringify({ ...f, authors: f.authors.map((p) => [p.slug, p.name, p.email ?? '']) });
}

describe('route fingerprints', () => {
  it('differ whenever an article on the route differs, and agree when it does not', () => {
    fc.assert(
      fc.property(fields, fields, (a, b) => {
        const inputs = (f: Fields) => ({ key: 'page 1', articles: [article(f)] });
        const same = routeFingerprint(inputs(a), 's') === routeFingerprint(inputs(b), 's');
        expect(same).toBe(shown(a) === shown(b));
      }),
      { numRuns: 5000 },
    );
  });

  it('differ when text moves from one field into the next', () => {
    // The collisions a written-out key risks: the same characters, split differently between fields.
    const names = ['slug', 'url', 'path', 'id', 'title'] as const;
    const withPeople = fields.filter((f) => f.authors.length > 0 && f.tags.length > 0);
    fc.assert(
      fc.property(withPeople, fc.nat(7), fc.nat(6), (a, at, take) => {
        const texts = [
          ...names.map((name) => a[name]),
          a.authors[0]?.slug ?? '',
          a.authors[0]?.name ?? '',
          a.tags[0]?.slug ?? '',
        ];
        const from = texts[at] as string;
        const moved = from.slice(from.length - Math.min(take, from.length));
        fc.pre(moved.length > 0);
        texts[at] = from.slice(0, from.length - moved.length);
        texts[at + 1] = moved + (texts[at + 1] as string);
        const b: Fields = {
          ...a,
          ...Object.fromEntries(names.map((name, i) => [name, texts[i]])),
          authors: [
            {
              ...(a.authors[0] as Fields['authors'][number]),
              slug: texts[5] as string,
              name: texts[6] as string,
            },
            ...a.authors.slice(1),
          ],
          tags: [{ ...(a.tags[0] as Fields['tags'][number]), slug: texts[7] as string }, ...a.tags.slice(1)],
        };
        const fingerprint = (f: Fields) => routeFingerprint({ key: 'k', articles: [article(f)] }, 's');
        expect(fingerprint(b)).not.toBe(fingerprint(a));
      }),
      { numRuns: 2000 },
    );
  });
});
