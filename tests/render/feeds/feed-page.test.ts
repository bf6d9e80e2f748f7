import { describe, expect, it } from 'vitest';
import {
  EMPTY_FEED_UPDATED,
  imageUrl,
  paginateScope,
  pagingLinks,
  stylesheetHref,
} from '../../../src/render/feeds/feed-page.ts';
import { makeArticle, makeArticles, makeSettings, makeSite } from '../../helpers/site-fixture.ts';

describe('paginateScope', () => {
  describe('when a scope has 55 articles and feeds hold 20', () => {
    const site = makeSite(makeArticles(55));
    const pages = paginateScope(site.settings, site.site);

    it('makes three pages of 20, 20 and 15, newest first, each article once', () => {
      expect(pages.map((p) => p.articles.length)).toEqual([20, 20, 15]);
      expect(pages.flatMap((p) => p.articles)).toEqual(site.site.articles);
      expect(pages.map((p) => [p.number, p.count])).toEqual([
        [1, 3],
        [2, 3],
        [3, 3],
      ]);
    });

    it.each([
      [1, { self: '/feed.xml', first: '/feed.xml', last: '/feed/page/3.xml', next: '/feed/page/2.xml' }],
      [
        2,
        {
          self: '/feed/page/2.xml',
          first: '/feed.xml',
          last: '/feed/page/3.xml',
          previous: '/feed.xml',
          next: '/feed/page/3.xml',
        },
      ],
      [
        3,
        {
          self: '/feed/page/3.xml',
          first: '/feed.xml',
          last: '/feed/page/3.xml',
          previous: '/feed/page/2.xml',
        },
      ],
    ])('links page %i to its neighbours (RFC 5005 §3)', (number, expected) => {
      const page = pages[number - 1];
      if (!page) throw new Error(`no page ${number}`);
      const absolute = Object.fromEntries(
        Object.entries(expected).map(([rel, path]) => [rel, `https://news.example.org${path}`]),
      );
      const links = Object.fromEntries(Object.entries(pagingLinks(page, 'rss')).filter(([, v]) => v));
      expect(links).toEqual(absolute);
    });
  });

  describe('when a scope has no articles', () => {
    it('still makes one empty page, dated by a fixed instant rather than the clock', () => {
      const site = makeSite([]);
      const pages = paginateScope(site.settings, site.site);
      expect(pages).toHaveLength(1);
      expect(pages[0]?.articles).toEqual([]);
      expect(pages[0]?.updated).toEqual(EMPTY_FEED_UPDATED);
      expect(pagingLinks(pages[0] as (typeof pages)[0], 'atom')).toEqual({
        self: 'https://news.example.org/atom.xml',
        first: 'https://news.example.org/atom.xml',
        last: 'https://news.example.org/atom.xml',
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
