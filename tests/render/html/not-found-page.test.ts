import { describe, expect, it } from 'vitest';
import { NOT_FOUND_PATH } from '../../../src/site/paths.ts';
import { makeArticles, makeSite } from '../../helpers/site-fixture.ts';
import { alternates, attr, byTag, canonical, descendants, metaName, renderPage, textOf } from './page-dom.ts';

describe('404 page', () => {
  const page = renderPage(
    makeSite(makeArticles(3), { siteUrl: 'https://example.com/blog/' }),
    NOT_FOUND_PATH,
  );

  it('is served with status 404 as HTML', () => {
    expect(page.rendered.status).toBe(404);
    expect(page.rendered.mediaType).toBe('text/html; charset=utf-8');
  });

  it('links home with an absolute URL, since it is served at any depth', () => {
    const links = byTag(page, 'main').flatMap((main) => descendants(main, 'a'));
    expect(links.map((a) => attr(a, 'href'))).toContain('https://example.com/blog/');
    expect(byTag(page, 'h1').map(textOf)).toEqual(['Page not found']);
  });

  it('has no canonical URL and asks not to be indexed', () => {
    expect(canonical(page)).toBeUndefined();
    expect(metaName(page, 'robots')).toBe('noindex');
    expect(alternates(page)).toEqual([]);
  });

  it('has a fixed Last-Modified', () => {
    expect(page.rendered.lastModified).toEqual(new Date(0));
  });
});
