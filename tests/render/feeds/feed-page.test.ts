import { describe, expect, it } from 'vitest';
import {
  archiveLinks,
  EMPTY_FEED_UPDATED,
  imageUrl,
  paginateScope,
  stylesheetHref,
} from '../../../src/render/feeds/feed-page.ts';
import { makeArticle, makeArticles, makeSettings, makeSite } from '../../helpers/site-fixture.ts';

describe('paginateScope', () => {
  describe('when a scope has 65 articles and feeds hold 20', () => {
    const site = makeSite(makeArticles(65));
    const pages = paginateScope(site.settings, site.site);

    it('makes a subscription document of the newest 25 and two archives of 20 counted from the oldest', () => {
      expect(pages.map((p) => p.articles.length)).toEqual([25, 20, 20]);
      expect(pages.map((p) => p.archive)).toEqual([undefined, 1, 2]);
      expect(pages[1]?.articles).toEqual(site.site.articles.slice(45));
      expect(pages[2]?.articles).toEqual(site.site.articles.slice(25, 45));
      expect(pages[0]?.articles).toEqual(site.site.articles.slice(0, 25));
    });

    it.each([
      [0, { self: '/feed.xml', current: '/feed.xml', prevArchive: '/archive/2/feed.xml' }],
      [1, { self: '/archive/1/feed.xml', current: '/feed.xml', nextArchive: '/archive/2/feed.xml' }],
      [
        2,
        {
          self: '/archive/2/feed.xml',
          current: '/feed.xml',
          prevArchive: '/archive/1/feed.xml',
        },
      ],
    ])('links document %i to its neighbours (RFC 5005 §4)', (index, expected) => {
      const page = pages[index];
      if (!page) throw new Error(`no document ${index}`);
      const absolute = Object.fromEntries(
        Object.entries(expected).map(([rel, path]) => [rel, `https://news.example.org${path}`]),
      );
      const links = Object.fromEntries(Object.entries(archiveLinks(page, 'rss')).filter(([, v]) => v));
      expect(links).toEqual(absolute);
    });
  });

  describe.each([
    [19, [19]],
    [39, [39]],
    [40, [20, 20]],
    [59, [39, 20]],
    [60, [20, 20, 20]],
  ])('when a scope has %i articles and feeds hold 20', (count, sizes) => {
    it(`splits them ${sizes.join(' + ')}: never fewer than 20 in the subscription document`, () => {
      const site = makeSite(makeArticles(count));
      expect(paginateScope(site.settings, site.site).map((p) => p.articles.length)).toEqual(sizes);
    });
  });

  describe('when a scope has no articles', () => {
    it('still makes one empty document, dated by a fixed instant rather than the clock', () => {
      const site = makeSite([]);
      const pages = paginateScope(site.settings, site.site);
      expect(pages).toHaveLength(1);
      expect(pages[0]?.articles).toEqual([]);
      expect(pages[0]?.updated).toEqual(EMPTY_FEED_UPDATED);
      expect(archiveLinks(pages[0] as (typeof pages)[0], 'atom')).toEqual({
        self: 'https://news.example.org/atom.xml',
        current: 'https://news.example.org/atom.xml',
      });
    });
  });

  describe('when an older article was updated after newer ones', () => {
    it("dates the page by that article's update", () => {
      const site = makeSite([
        makeArticle({ date: new Date('2022-05-01T00:00:00Z') }),
        makeArticle({ date: new Date('2022-01-01T00:00:00Z'), updated: new Date('2022-09-09T09:09:09Z') }),
      ]);
      expect(paginateScope(site.settings, site.site)[0]?.updated).toEqual(new Date('2022-09-09T09:09:09Z'));
    });
  });
});

describe('stylesheetHref', () => {
  it.each([
    ['https://news.example.org/', '/feed.xsl'],
    ['https://example.com/blog/', '/blog/feed.xsl'],
    ['https://example.com/a/b/', '/a/b/feed.xsl'],
  ])('for a site at %s is %s', (siteUrl, href) => {
    expect(stylesheetHref(makeSettings({ siteUrl }))).toBe(href);
  });
});

describe('imageUrl', () => {
  const settings = makeSettings({ siteUrl: 'https://example.com/blog/' });
  it.each([
    ['/icon.png', 'https://example.com/blog/icon.png'],
    ['images/icon.png', 'https://example.com/blog/images/icon.png'],
    ['https://cdn.example.net/logo.svg', 'https://cdn.example.net/logo.svg'],
    [undefined, undefined],
    ['', undefined],
  ])('resolves %s to %s', (image, url) => {
    expect(imageUrl(settings, image)).toBe(url);
  });
});
