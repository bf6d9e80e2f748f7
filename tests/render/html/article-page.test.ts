import { describe, expect, it } from 'vitest';
import { makeArticle, makeSite } from '../../helpers/site-fixture.ts';
import {
  alternates,
  attr,
  byTag,
  canonical,
  descendants,
  first,
  metaName,
  metaProperty,
  renderPage,
  textOf,
  withClass,
} from './page-dom.ts';

const published = new Date(Date.UTC(2022, 4, 23, 8, 0));

function leica(overrides: Parameters<typeof makeArticle>[0] = {}) {
  return makeArticle({
    slug: 'leica',
    title: 'The Leica lens',
    date: published,
    summary: 'A phone camera, reviewed.',
    contentHtml:
      '<p>First <em>paragraph</em>.</p><figure><img src="https://news.example.org/a.jpg" alt="A"></figure>',
    authorNames: ['Ada Lovelace'],
    tagNames: ['Cameras'],
    ...overrides,
  });
}

describe('article page', () => {
  describe('for an article never updated', () => {
    const page = renderPage(makeSite([leica()]), '/articles/leica/');

    it('shows the title as the only h1 and in <title>', () => {
      expect(byTag(page, 'h1').map(textOf)).toEqual(['The Leica lens']);
      expect(textOf(first(byTag(page, 'title')))).toBe('The Leica lens — Herald Test Site');
    });

    it('inserts the sanitized content as markup', () => {
      const content = first(withClass(page, 'content'));
      expect(descendants(content, 'em').map(textOf)).toEqual(['paragraph']);
      expect(descendants(content, 'img').map((img) => attr(img, 'src'))).toEqual([
        'https://news.example.org/a.jpg',
      ]);
    });

    it('shows the published date only', () => {
      expect(byTag(page, 'time').map((t) => attr(t, 'datetime'))).toEqual(['2022-05-23T08:00:00Z']);
      expect(textOf(first(withClass(page, 'meta')))).toBe('Published 23 May 2022 by Ada Lovelace');
    });

    it('links to its author, its tags and home', () => {
      const links = byTag(page, 'main')
        .flatMap((m) => descendants(m, 'a'))
        .map((a) => attr(a, 'href'));
      expect(links).toEqual([
        'https://news.example.org/authors/ada-lovelace/',
        'https://news.example.org/tags/cameras/',
        'https://news.example.org/',
      ]);
    });

    it('has a canonical link, a description and Open Graph properties', () => {
      expect(canonical(page)).toBe('https://news.example.org/articles/leica/');
      expect(metaName(page, 'description')).toBe('A phone camera, reviewed.');
      expect({
        title: metaProperty(page, 'og:title'),
        type: metaProperty(page, 'og:type'),
        url: metaProperty(page, 'og:url'),
        description: metaProperty(page, 'og:description'),
        siteName: metaProperty(page, 'og:site_name'),
        published: metaProperty(page, 'article:published_time'),
        modified: metaProperty(page, 'article:modified_time'),
        tags: metaProperty(page, 'article:tag'),
      }).toEqual({
        title: ['The Leica lens'],
        type: ['article'],
        url: ['https://news.example.org/articles/leica/'],
        description: ['A phone camera, reviewed.'],
        siteName: ['Herald Test Site'],
        published: ['2022-05-23T08:00:00Z'],
        modified: [],
        tags: ['Cameras'],
      });
    });

    it('advertises the site feeds', () => {
      expect(alternates(page).map((a) => a.href)).toEqual([
        'https://news.example.org/feed.xml',
        'https://news.example.org/atom.xml',
        'https://news.example.org/feed.json',
      ]);
    });

    it('is last modified when the article was', () => {
      expect(page.rendered.lastModified).toEqual(published);
    });
  });

  describe('for an updated article', () => {
    const updated = new Date(Date.UTC(2022, 5, 1, 22, 15));

    it('shows both dates in the site time zone', () => {
      const site = makeSite([leica({ updated })], { timeZone: 'Asia/Tokyo' });
      const page = renderPage(site, '/articles/leica/');
      expect(byTag(page, 'time').map((t) => [attr(t, 'datetime'), textOf(t)])).toEqual([
        ['2022-05-23T17:00:00+09:00', '23 May 2022'],
        ['2022-06-02T07:15:00+09:00', '2 June 2022'],
      ]);
      expect(textOf(first(withClass(page, 'meta')))).toBe(
        'Published 23 May 2022 · Updated 2 June 2022 by Ada Lovelace',
      );
      expect(metaProperty(page, 'article:modified_time')).toEqual(['2022-06-02T07:15:00+09:00']);
      expect(page.rendered.lastModified).toEqual(updated);
    });
  });

  describe('when the article names no author', () => {
    it('credits the site author', () => {
      const page = renderPage(makeSite([leica({ authorNames: [] })]), '/articles/leica/');
      expect(textOf(first(withClass(page, 'meta')))).toBe('Published 23 May 2022 by Site Author');
    });
  });
});
