import { describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build-site.ts';
import { makeArticle, makeSettings } from '../helpers/site-fixture.ts';

const NOW = new Date('2022-06-01T00:00:00Z');

describe('buildSite', () => {
  it('publishes newest first, with URLs under the site URL', () => {
    const older = makeArticle({ slug: 'older', date: new Date('2022-05-01T00:00:00Z') });
    const newer = makeArticle({ slug: 'newer', date: new Date('2022-05-20T00:00:00Z') });
    const site = buildSite(makeSettings({ siteUrl: 'https://example.org/blog/' }), [older, newer], NOW);
    expect(site.site.articles.map((a) => [a.slug, a.path, a.url])).toEqual([
      ['newer', '/articles/newer/', 'https://example.org/blog/articles/newer/'],
      ['older', '/articles/older/', 'https://example.org/blog/articles/older/'],
    ]);
  });

  describe('with a feed delay of 30 minutes', () => {
    const settings = makeSettings({ feedDelayMinutes: 30 });
    const fresh = makeArticle({ slug: 'fresh', date: new Date('2022-05-31T23:50:00Z'), tagNames: ['News'] });
    const settled = makeArticle({
      slug: 'settled',
      date: new Date('2022-05-31T23:00:00Z'),
      tagNames: ['News'],
    });
    const alone = makeArticle({ slug: 'alone', date: new Date('2022-05-31T23:45:00Z'), tagNames: ['Solo'] });
    const scheduled = makeArticle({ slug: 'scheduled', date: new Date('2022-06-01T00:10:00Z') });
    const site = buildSite(settings, [fresh, settled, alone, scheduled], NOW);
    const feeds = (slug: string) =>
      [site.site, ...site.tags].find((s) => s.slug === slug)?.feedArticles?.map((a) => a.slug);

    it('shows every published article on the site at once', () => {
      expect(site.site.articles.map((a) => a.slug)).toEqual(['fresh', 'alone', 'settled']);
    });

    it('leaves the articles younger than the delay out of every feed, a tag of them only with an empty feed', () => {
      expect(feeds('')).toEqual(['settled']);
      expect(feeds('news')).toEqual(['settled']);
      expect(feeds('solo')).toEqual([]);
    });

    it('is due again when the first waiting article may enter the feeds, or a scheduled one appears', () => {
      // alone: 23:45 + 30 min = 00:15; scheduled appears at 00:10; fresh enters at 00:20.
      expect(site.nextDueAt?.toISOString()).toBe('2022-06-01T00:10:00.000Z');
      const later = buildSite(settings, [fresh, settled, alone, scheduled], new Date('2022-06-01T00:10:00Z'));
      expect(later.nextDueAt?.toISOString()).toBe('2022-06-01T00:15:00.000Z');
    });

    it('carries every article in the feeds once the delay is over for all', () => {
      const later = buildSite(settings, [fresh, settled, alone], new Date('2022-06-01T00:20:00Z'));
      expect(later.site.feedArticles).toBeUndefined();
      expect(later.nextDueAt).toBeUndefined();
    });
  });

  describe('when articles are drafts or scheduled', () => {
    const draft = makeArticle({
      slug: 'draft',
      draft: true,
      tagNames: ['Secret'],
      authorNames: ['Hidden Author'],
    });
    const scheduled = makeArticle({
      slug: 'later',
      date: new Date('2022-07-01T00:00:00Z'),
      tagNames: ['Soon'],
    });
    const sooner = makeArticle({ slug: 'sooner', date: new Date('2022-06-15T00:00:00Z') });
    const published = makeArticle({ slug: 'now', date: new Date('2022-05-01T00:00:00Z') });
    const site = buildSite(makeSettings(), [draft, scheduled, sooner, published], NOW);

    it('publishes neither, nor their tags or authors', () => {
      expect(site.site.articles.map((a) => a.slug)).toEqual(['now']);
      expect(site.tags.map((t) => t.slug)).toEqual([]);
      expect(site.authors.map((a) => a.slug)).toEqual(['site-author']);
    });

    it('knows when the next scheduled article is due', () => {
      expect(site.nextDueAt?.toISOString()).toBe('2022-06-15T00:00:00.000Z');
    });

    it('publishes a scheduled article once its time has come', () => {
      const later = buildSite(
        makeSettings(),
        [draft, scheduled, sooner, published],
        new Date('2022-06-15T00:00:00Z'),
      );
      expect(later.site.articles.map((a) => a.slug)).toEqual(['sooner', 'now']);
    });
  });

  it('credits the site author on articles that name none', () => {
    const site = buildSite(
      makeSettings(),
      [makeArticle({ slug: 'a' }), makeArticle({ authorNames: ['Ada'] })],
      NOW,
    );
    expect(site.site.articles.map((a) => a.authors.map((p) => p.name))).toEqual(
      expect.arrayContaining([['Site Author'], ['Ada']]),
    );
  });

  it('groups tags and authors into scopes, newest first inside each', () => {
    const a = makeArticle({ slug: 'a', date: new Date('2022-05-01Z'), tagNames: ['Leica', 'Xiaomi'] });
    const b = makeArticle({
      slug: 'b',
      date: new Date('2022-05-02Z'),
      tagNames: ['Leica'],
      authorNames: ['Ada'],
    });
    const site = buildSite(makeSettings(), [a, b], NOW);
    expect(site.tags.map((t) => [t.slug, t.basePath, t.articles.map((x) => x.slug)])).toEqual([
      ['leica', '/tags/leica/', ['b', 'a']],
      ['xiaomi', '/tags/xiaomi/', ['a']],
    ]);
    expect(site.authors.map((t) => [t.slug, t.articles.map((x) => x.slug)])).toEqual([
      ['ada', ['b']],
      ['site-author', ['a']],
    ]);
  });

  describe('when two articles share a slug or an id', () => {
    const older = makeArticle({
      file: 'articles/2022-05-01-same.md',
      slug: 'same',
      id: 'urn:x:1',
      date: new Date('2022-05-01Z'),
    });
    const newer = makeArticle({
      file: 'articles/same.md',
      slug: 'same',
      id: 'urn:x:1',
      date: new Date('2022-05-02Z'),
    });
    const site = buildSite(makeSettings(), [newer, older], NOW);

    it('keeps both reachable: the older keeps its slug and id, the newer gets -2', () => {
      expect(site.site.articles.map((a) => [a.file, a.slug, a.id])).toEqual([
        ['articles/same.md', 'same-2', 'urn:x:1-2'],
        ['articles/2022-05-01-same.md', 'same', 'urn:x:1'],
      ]);
    });

    it('reports the problem naming both files', () => {
      expect(site.problems).toEqual([
        {
          file: 'articles/same.md',
          severity: 'warning',
          field: 'slug',
          message: '"same" is also the slug of articles/2022-05-01-same.md; served as "same-2" until renamed',
        },
        {
          file: 'articles/same.md',
          severity: 'error',
          field: 'id',
          message:
            '"urn:x:1" is also the id of articles/2022-05-01-same.md; served as "urn:x:1-2" until changed',
        },
      ]);
    });
  });
});
