import { describe, expect, it } from 'vitest';
import type { Site } from '../../../src/model.ts';
import { htmlRoutes } from '../../../src/render/html/html-routes.ts';
import { makeArticle, makeSite } from '../../helpers/site-fixture.ts';
import { byTag, first, type Page, parsePage, renderPage, textOf } from './page-dom.ts';

const HOSTILE = {
  title: '"><script>alert(1)</script>',
  tag: '<img src=x onerror=alert(1)>',
  author: '"><injected>Mallory</injected>',
  summary: '</p><script>alert(2)</script><p>',
  siteTitle: '<b>Site</b> & "Co"',
  description: '\'"><iframe src=x></iframe>',
};

function oneArticleSite(
  names: { title: string; tag: string; author: string; summary: string },
  settings = {},
) {
  return makeSite(
    [
      makeArticle({
        slug: 'only',
        title: names.title,
        summary: names.summary,
        tagNames: [names.tag],
        authorNames: [names.author],
        updated: new Date(Date.UTC(2023, 0, 1)),
      }),
    ],
    settings,
  );
}

const hostile = oneArticleSite(HOSTILE, { title: HOSTILE.siteTitle, description: HOSTILE.description });
const benign = oneArticleSite({ title: 'Title', tag: 'Tag', author: 'Author', summary: 'Summary' });

function pages(site: Site): Page[] {
  return htmlRoutes(site).map(([, render]) => parsePage(render()));
}

const tagCounts = (page: Page) => page.elements.map((e) => e.tagName).join(' ');

describe('escaping', () => {
  describe('when titles, tags, author names, summaries and site settings contain markup', () => {
    const hostilePages = pages(hostile);
    const benignPages = pages(benign);

    it('renders the same pages as for harmless names', () => {
      expect(hostilePages.length).toBe(benignPages.length);
    });

    it.each(htmlRoutes(hostile).map(([path], i) => [path, i] as const))(
      '%s has exactly the elements it has for harmless names',
      (_path, i) => {
        expect(tagCounts(first(hostilePages.slice(i)))).toBe(tagCounts(first(benignPages.slice(i))));
      },
    );

    it('never emits a script, img, iframe or injected element, nor an event-handler attribute', () => {
      for (const page of hostilePages) {
        expect(
          page.elements.filter((e) => ['script', 'img', 'iframe', 'injected'].includes(e.tagName)),
        ).toEqual([]);
        expect(page.elements.flatMap((e) => e.attrs.filter((a) => a.name.startsWith('on')))).toEqual([]);
      }
    });

    it('shows the hostile text as text', () => {
      const article = renderPage(hostile, '/articles/only/');
      expect(byTag(article, 'h1').map(textOf)).toEqual([HOSTILE.title]);
      expect(textOf(first(byTag(article, 'title')))).toBe(`${HOSTILE.title} — ${HOSTILE.siteTitle}`);
      const text = textOf(first(byTag(article, 'body')));
      expect(text).toContain(HOSTILE.tag);
      expect(text).toContain(HOSTILE.author);
    });
  });
});

describe('no client-side JavaScript', () => {
  it('no page has a script element or a javascript: URL', () => {
    for (const page of pages(hostile)) {
      expect(byTag(page, 'script')).toEqual([]);
      expect(page.source).not.toMatch(/javascript:/i);
    }
  });
});
