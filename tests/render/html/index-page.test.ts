import { describe, expect, it } from 'vitest';
import { htmlRoutes } from '../../../src/render/html/html-routes.ts';
import { makeArticle, makeArticles, makeSite } from '../../helpers/site-fixture.ts';
import {
  alternates,
  attr,
  byTag,
  canonical,
  descendants,
  first,
  listedTitles,
  renderPage,
  textOf,
  withClass,
} from './page-dom.ts';

const titlesFrom = (newest: number, oldest: number) =>
  Array.from({ length: newest - oldest + 1 }, (_, i) => `Post number ${newest - i}`);

function paginationLinks(page: ReturnType<typeof renderPage>) {
  const nav = byTag(page, 'nav').find((n) => attr(n, 'aria-label') === 'Pages');
  if (!nav) return undefined;
  return Object.fromEntries(descendants(nav, 'a').map((a) => [attr(a, 'rel'), attr(a, 'href')]));
}

describe('home page', () => {
  describe('when the site has 65 articles and 20 per page', () => {
    const site = makeSite(makeArticles(65));

    it('has the home page and two archive pages counted from the oldest, and no third', () => {
      const paths = htmlRoutes(site).map(([path]) => path);
      expect(paths).toEqual(expect.arrayContaining(['/', '/page/1/', '/page/2/']));
      expect(paths).not.toContain('/page/3/');
    });

    it.each([
      ['/', titlesFrom(65, 41)],
      ['/page/2/', titlesFrom(40, 21)],
      ['/page/1/', titlesFrom(20, 1)],
    ])('lists on %s the right articles, newest first', (path, titles) => {
      expect(listedTitles(renderPage(site, path))).toEqual(titles);
    });

    it.each([
      ['/', { next: 'https://news.example.org/page/2/' }],
      ['/page/2/', { prev: 'https://news.example.org/', next: 'https://news.example.org/page/1/' }],
      ['/page/1/', { prev: 'https://news.example.org/page/2/' }],
    ])('links %s to its newer and older pages', (path, links) => {
      expect(paginationLinks(renderPage(site, path))).toEqual(links);
    });

    it('gives each page its own canonical URL and says which archive page it is, without a total', () => {
      const page = renderPage(site, '/page/2/');
      expect(canonical(page)).toBe('https://news.example.org/page/2/');
      expect(textOf(first(byTag(page, 'title')))).toBe('Herald Test Site — archive page 2');
      expect(canonical(renderPage(site, '/'))).toBe('https://news.example.org/');
    });

    it('is last modified when the newest article it shows was updated', () => {
      expect(renderPage(site, '/').rendered.lastModified).toEqual(new Date(Date.UTC(2022, 2, 6, 9, 30)));
      expect(renderPage(site, '/page/1/').rendered.lastModified).toEqual(
        new Date(Date.UTC(2022, 0, 20, 9, 30)),
      );
    });
  });

  describe('when the site fits on one page', () => {
    const site = makeSite(makeArticles(3));

    it('shows the site title and description', () => {
      const page = renderPage(site, '/');
      expect(byTag(page, 'h1').map(textOf)).toEqual(['Herald Test Site']);
      expect(textOf(first(withClass(page, 'lead')))).toBe('Articles for testing Herald');
      expect(textOf(first(byTag(page, 'title')))).toBe('Herald Test Site');
    });

    it('has no pagination', () => {
      expect(paginationLinks(renderPage(site, '/'))).toBeUndefined();
    });

    it('advertises the three site feeds for autodiscovery', () => {
      expect(alternates(renderPage(site, '/'))).toEqual([
        {
          type: 'application/rss+xml',
          title: 'Herald Test Site (RSS)',
          href: 'https://news.example.org/feed.xml',
        },
        {
          type: 'application/atom+xml',
          title: 'Herald Test Site (Atom)',
          href: 'https://news.example.org/atom.xml',
        },
        {
          type: 'application/feed+json',
          title: 'Herald Test Site (JSON Feed)',
          href: 'https://news.example.org/feed.json',
        },
      ]);
    });

    it('has a Subscribe section with each feed URL written out and what it is for', () => {
      const section = first(
        byTag(renderPage(site, '/'), 'section').filter((s) => attr(s, 'id') === 'subscribe'),
      );
      const links = descendants(section, 'a');
      expect(links.map((a) => [attr(a, 'href'), textOf(a)])).toEqual([
        ['https://news.example.org/feed.xml', 'https://news.example.org/feed.xml'],
        ['https://news.example.org/atom.xml', 'https://news.example.org/atom.xml'],
        ['https://news.example.org/feed.json', 'https://news.example.org/feed.json'],
        ['https://news.example.org/feeds/', 'Every feed of this site'],
        ['https://news.example.org/feeds.opml', 'one OPML file'],
      ]);
      expect(descendants(section, 'dt').map(textOf)).toEqual(['RSS 2.0', 'Atom 1.0', 'JSON Feed 1.1']);
      for (const dd of descendants(section, 'dd')) {
        const purpose = descendants(dd, 'span').map(textOf)[0] ?? '';
        expect(purpose.length).toBeGreaterThan(20);
      }
    });
  });

  describe('each listed article', () => {
    const site = makeSite([
      makeArticle({
        slug: 'leica',
        title: 'The Leica lens',
        date: new Date(Date.UTC(2022, 4, 22, 23, 30)),
        summary: 'A phone camera, reviewed.',
        authorNames: ['Ada Lovelace', 'Alan Turing'],
        tagNames: ['Xiaomi 12 Ultra', 'Cameras'],
      }),
    ]);
    const item = first(withClass(renderPage(site, '/'), 'list'));

    it('links its title to the article page', () => {
      const link = first(descendants(first(descendants(item, 'h2')), 'a'));
      expect([textOf(link), attr(link, 'href')]).toEqual([
        'The Leica lens',
        'https://news.example.org/articles/leica/',
      ]);
    });

    it('shows its date as <time> with an RFC 3339 value', () => {
      const time = first(descendants(item, 'time'));
      expect([attr(time, 'datetime'), textOf(time)]).toEqual(['2022-05-22T23:30:00Z', '22 May 2022']);
    });

    it('links its authors and tags to their pages', () => {
      const links = descendants(item, 'a').map((a) => [textOf(a), attr(a, 'href')]);
      expect(links).toEqual(
        expect.arrayContaining([
          ['Ada Lovelace', 'https://news.example.org/authors/ada-lovelace/'],
          ['Alan Turing', 'https://news.example.org/authors/alan-turing/'],
          ['Xiaomi 12 Ultra', 'https://news.example.org/tags/xiaomi-12-ultra/'],
          ['Cameras', 'https://news.example.org/tags/cameras/'],
        ]),
      );
      expect(textOf(first(withClass(renderPage(site, '/'), 'meta')))).toBe(
        '22 May 2022 by Ada Lovelace and Alan Turing',
      );
    });

    it('shows its summary', () => {
      expect(descendants(item, 'p').map(textOf)).toContain('A phone camera, reviewed.');
    });
  });

  describe('when the site time zone is ahead of UTC', () => {
    it('shows dates as they fall in that zone', () => {
      const site = makeSite([makeArticle({ date: new Date(Date.UTC(2022, 4, 22, 23, 30)) })], {
        timeZone: 'Europe/Berlin',
      });
      const time = first(byTag(renderPage(site, '/'), 'time'));
      expect([attr(time, 'datetime'), textOf(time)]).toEqual(['2022-05-23T01:30:00+02:00', '23 May 2022']);
    });
  });

  describe('when the site lives under a sub-path', () => {
    it('makes every link absolute under that path', () => {
      const site = makeSite(makeArticles(45), { siteUrl: 'https://example.com/blog/' });
      const page = renderPage(site, '/page/1/');
      const hrefs = page.elements.map((e) => attr(e, 'href')).filter((h) => h !== undefined);
      expect(hrefs.length).toBeGreaterThan(10);
      for (const href of hrefs) expect(href).toMatch(/^https:\/\/example\.com\/blog\//);
      expect(canonical(page)).toBe('https://example.com/blog/page/1/');
    });
  });

  describe('when there are no articles', () => {
    const site = makeSite([]);

    it('still has a home page, saying so', () => {
      const page = renderPage(site, '/');
      expect(page.source).toContain('No articles yet.');
      expect(htmlRoutes(site).map(([path]) => path)).not.toContain('/page/2/');
    });

    it('has a fixed Last-Modified, not the time of rendering', () => {
      expect(renderPage(site, '/').rendered.lastModified).toEqual(new Date(0));
    });
  });

  describe('size', () => {
    it('stays under 30 KB for 20 articles with long titles, summaries and several tags', () => {
      const articles = makeArticles(20).map((a, i) =>
        makeArticle({
          ...a,
          title: `A rather long article title, number ${i + 1}, about cameras, lenses & light`,
          summary: 'A summary of the kind writers actually write, a couple of sentences long. '.repeat(4),
          authorNames: ['Ada Lovelace', 'Alan Turing'],
          tagNames: ['Photography', 'Xiaomi 12 Ultra', 'Leica', 'Reviews'],
        }),
      );
      const { rendered } = renderPage(makeSite(articles), '/');
      expect(Buffer.byteLength(rendered.body)).toBeLessThan(30 * 1024);
    });
  });
});
