import { describe, expect, it } from 'vitest';
import type { Article, Site } from '../../src/model.ts';
import { buildSite, replaceArticle } from '../../src/site/build-site.ts';
import { LATER_THAN_EVERYTHING, makeArticles, makeSettings } from '../helpers/site-fixture.ts';

/** What a reader of the site model sees: every list, in order, with the fields pages and feeds use. */
function visible(site: Site) {
  const show = (articles: Site['articles']) =>
    articles.map((a) => [a.slug, a.id, a.title, a.url, a.updated.toISOString(), a.contentHtml, a.summary]);
  return {
    articles: show(site.articles),
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
