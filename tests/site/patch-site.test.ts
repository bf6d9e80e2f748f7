import { describe, expect, it } from 'vitest';
import type { Article, PublishedArticle, Site } from '../../src/model.ts';
import { buildSite } from '../../src/site/build-site.ts';
import { insertArticle, removeArticle, replaceArticle } from '../../src/site/patch-site.ts';
import { LATER_THAN_EVERYTHING, makeArticle, makeArticles, makeSettings } from '../helpers/site-fixture.ts';

/** What a reader of the site model sees: every list, in order, with the fields pages and feeds use. */
function visible(site: Site) {
  const show = (articles: readonly PublishedArticle[]) =>
    articles.map((a) => [a.slug, a.id, a.title, a.url, a.updated.toISOString(), a.contentHtml, a.summary]);
  return {
    articles: show(site.site.articles),
    site: show(site.site.articles),
    tags: site.tags.map((s) => [s.slug, s.name, s.basePath, show(s.articles)]),
    authors: site.authors.map((s) => [s.slug, s.name, s.basePath, show(s.articles)]),
    problems: site.problems,
    nextDueAt: site.nextDueAt,
  };
}

describe('replaceArticle', () => {
  const settings = makeSettings();
  const articles = makeArticles(55);
  const site = buildSite(settings, articles, LATER_THAN_EVERYTHING);
  const target = articles[20] as Article;

  it('gives the same site as building it again when only the text changed', () => {
    const edited: Article = {
      ...target,
      title: 'A new title',
      contentHtml: '<p>New body.</p>',
      summary: 'New summary.',
      updated: new Date(target.date.getTime() + 86_400_000),
    };
    const patched = replaceArticle(site, target, edited);
    const rebuilt = buildSite(
      settings,
      articles.map((a) => (a === target ? edited : a)),
      LATER_THAN_EVERYTHING,
    );
    expect(patched).toBeDefined();
    expect(visible(patched as Site)).toEqual(visible(rebuilt));
    expect(visible(patched as Site)).not.toEqual(visible(site));
  });

  it.each<[string, Partial<Article>]>([
    ['the date', { date: new Date(Date.UTC(2021, 0, 1)) }],
    ['the slug', { slug: 'renamed' }],
    ['the id', { id: 'urn:x:other' }],
    ['the tags', { tags: [{ name: 'New', slug: 'new' }] }],
    ['the authors', { authors: [{ name: 'Someone Else', slug: 'someone-else' }] }],
    ['the draft state', { draft: true }],
  ])('declines when %s changed, so the site is built again', (_, change) => {
    expect(replaceArticle(site, target, { ...target, ...change })).toBeUndefined();
  });
});

describe('insertArticle and removeArticle', () => {
  const settings = makeSettings();
  const now = LATER_THAN_EVERYTHING;
  const base = makeArticles(30);
  const build = (articles: Article[]) => buildSite(settings, articles, now);

  it.each<[string, Partial<Article> & { tagNames?: string[]; authorNames?: string[] }]>([
    [
      'the newest article, with a new tag and a new author',
      { date: new Date(Date.UTC(2023, 0, 1)), tagNames: ['Brand New'], authorNames: ['New Person'] },
    ],
    [
      'an article in the middle, respelling a tag',
      { date: new Date(Date.UTC(2022, 0, 15, 12)), tagNames: ['even days'] },
    ],
    ['the oldest article, with no author', { date: new Date(Date.UTC(2020, 0, 1)), tagNames: ['All'] }],
    [
      'the newest article, respelling a tag it becomes the newest of',
      { date: new Date(Date.UTC(2024, 0, 1)), tagNames: ['ALL'] },
    ],
  ])('inserting %s gives the same site as building it again', (_, change) => {
    const added = makeArticle({ slug: 'added', id: 'urn:x:added', ...change });
    const inserted = insertArticle(build(base), added, now);
    expect(inserted).toBeDefined();
    expect(visible(inserted as Site)).toEqual(visible(build([...base, added])));
  });

  it.each([0, 7, 29])('removing article %i gives the same site as building it again', (index) => {
    const removed = base[index] as Article;
    const site = build(base);
    const after = removeArticle(site, removed);
    expect(after).toBeDefined();
    expect(visible(after as Site)).toEqual(visible(build(base.filter((a) => a !== removed))));
  });

  it('removes a scope its last article leaves, and renames one whose newest spelling goes', () => {
    const lonely = makeArticle({
      slug: 'lonely',
      date: new Date(Date.UTC(2025, 0, 1)),
      tagNames: ['Lonely', 'ALL'],
    });
    const site = build([...base, lonely]);
    expect(site.tags.find((t) => t.slug === 'all')?.name).toBe('ALL');
    const after = removeArticle(site, lonely) as Site;
    expect(after.tags.map((t) => t.slug)).not.toContain('lonely');
    expect(after.tags.find((t) => t.slug === 'all')?.name).toBe('All');
    expect(visible(after)).toEqual(visible(build(base)));
  });

  it.each<[string, Partial<Article>]>([
    ['a draft', { draft: true }],
    ['a scheduled article', { date: new Date(Date.UTC(2099, 0, 1)) }],
    ['an article reusing a slug', { slug: 'post-001' }],
    ['an article reusing an id', { id: (base[3] as Article).id }],
  ])('declines to insert %s, so the site is built again', (_, change) => {
    expect(
      insertArticle(build(base), makeArticle({ slug: 'added', id: 'urn:x:added', ...change }), now),
    ).toBeUndefined();
  });

  it('declines to remove an article that is not on the site', () => {
    expect(removeArticle(build(base), makeArticle({ slug: 'never-there' }))).toBeUndefined();
  });
});
