import { describe, expect, it } from 'vitest';
import { htmlRoutes } from '../../../src/render/html/html-routes.ts';
import { AUTHORS_INDEX_PATH, TAGS_INDEX_PATH } from '../../../src/site/paths.ts';
import { makeArticles, makeSite } from '../../helpers/site-fixture.ts';
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
} from './page-dom.ts';

// makeArticles(45): odd-numbered posts are tagged "Even Days" (index i even), Ada writes every third.
const site = makeSite(makeArticles(45));

describe('tag page', () => {
  // 85 articles: 43 tagged "Even Days", so one archive page of the oldest 20 and 23 on the tag page.
  const big = makeSite(makeArticles(85));

  it('lists only the tagged articles, newest first, the oldest in archive pages of 20', () => {
    expect(listedTitles(renderPage(big, '/tags/even-days/'))).toEqual(
      Array.from({ length: 23 }, (_, i) => `Post number ${85 - 2 * i}`),
    );
    expect(listedTitles(renderPage(big, '/tags/even-days/page/1/'))).toEqual(
      Array.from({ length: 20 }, (_, i) => `Post number ${39 - 2 * i}`),
    );
  });

  it('is paginated like the home page', () => {
    const paths = htmlRoutes(big).map(([path]) => path);
    expect(paths).toEqual(
      expect.arrayContaining(['/tags/all/', '/tags/all/page/1/', '/tags/all/page/2/', '/tags/all/page/3/']),
    );
    expect(paths).not.toContain('/tags/all/page/4/');
    expect(canonical(renderPage(big, '/tags/all/page/3/'))).toBe('https://news.example.org/tags/all/page/3/');
  });

  it('names the tag in its heading', () => {
    expect(byTag(renderPage(site, '/tags/even-days/'), 'h1').map(textOf)).toEqual([
      'Articles tagged “Even Days”',
    ]);
  });

  it('advertises the tag’s own feeds, not the site’s', () => {
    expect(alternates(renderPage(site, '/tags/even-days/'))).toEqual([
      {
        type: 'application/rss+xml',
        title: 'Herald Test Site: articles tagged “Even Days” (RSS)',
        href: 'https://news.example.org/tags/even-days/feed.xml',
      },
      {
        type: 'application/atom+xml',
        title: 'Herald Test Site: articles tagged “Even Days” (Atom)',
        href: 'https://news.example.org/tags/even-days/atom.xml',
      },
      {
        type: 'application/feed+json',
        title: 'Herald Test Site: articles tagged “Even Days” (JSON Feed)',
        href: 'https://news.example.org/tags/even-days/feed.json',
      },
    ]);
  });

  it('offers the tag’s feeds in its Subscribe section', () => {
    const section = first(byTag(renderPage(site, '/tags/even-days/'), 'section'));
    expect(descendants(section, 'a').map(textOf)).toEqual([
      'https://news.example.org/tags/even-days/feed.xml',
      'https://news.example.org/tags/even-days/atom.xml',
      'https://news.example.org/tags/even-days/feed.json',
      'Every feed of this site',
      'one OPML file',
    ]);
  });
});

describe('author page', () => {
  it('lists the author’s articles and advertises the author’s feeds', () => {
    const page = renderPage(site, '/authors/ada-lovelace/');
    expect(byTag(page, 'h1').map(textOf)).toEqual(['Articles by Ada Lovelace']);
    expect(listedTitles(page)).toEqual(Array.from({ length: 15 }, (_, i) => `Post number ${43 - 3 * i}`));
    expect(alternates(page).map((a) => a.href)).toEqual([
      'https://news.example.org/authors/ada-lovelace/feed.xml',
      'https://news.example.org/authors/ada-lovelace/atom.xml',
      'https://news.example.org/authors/ada-lovelace/feed.json',
    ]);
    expect(alternates(page)[0]?.title).toBe('Herald Test Site: articles by Ada Lovelace (RSS)');
  });

  it('exists for the site author, who stands in for articles naming none', () => {
    expect(listedTitles(renderPage(site, '/authors/site-author/'))[0]).toBe('Post number 45');
  });
});

describe('directory pages', () => {
  it.each([
    [
      TAGS_INDEX_PATH,
      [
        ['All (45 articles)', 'https://news.example.org/tags/all/'],
        ['Even Days (23 articles)', 'https://news.example.org/tags/even-days/'],
        ['Odd Days (22 articles)', 'https://news.example.org/tags/odd-days/'],
      ],
    ],
    [
      AUTHORS_INDEX_PATH,
      [
        ['Ada Lovelace (15 articles)', 'https://news.example.org/authors/ada-lovelace/'],
        ['Site Author (30 articles)', 'https://news.example.org/authors/site-author/'],
      ],
    ],
  ])('%s lists every scope with a link and a count', (path, expected) => {
    const page = renderPage(site, path);
    const items = byTag(page, 'main').flatMap((m) => descendants(m, 'li'));
    expect(items.map((li) => [textOf(li), attr(first(descendants(li, 'a')), 'href')])).toEqual(expected);
    expect(canonical(page)).toBe(`https://news.example.org${path}`);
  });

  it('says so when there are no tags yet', () => {
    const page = renderPage(makeSite([]), TAGS_INDEX_PATH);
    expect(page.source).toContain('None yet.');
    expect(page.rendered.lastModified).toEqual(new Date(0));
  });
});
