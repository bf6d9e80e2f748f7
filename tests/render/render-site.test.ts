// The rendered site keeps what readers poll and as many other pages as its byte budget allows.
import { describe, expect, it } from 'vitest';
import { renderSite } from '../../src/render/render-site.ts';
import { buildSite } from '../../src/site/build-site.ts';
import { LATER_THAN_EVERYTHING, makeArticles, makeSite } from '../helpers/site-fixture.ts';

describe('renderSite', () => {
  describe('when its pages do not fit in the byte budget', () => {
    it('drops the least recently used and renders them again to the same bytes and ETag', () => {
      const site = makeSite(makeArticles(30));
      const rendered = renderSite(site, { cacheBytes: 20_000 });
      const paths = rendered.paths();
      const first = new Map(paths.map((path) => [path, rendered.get(path)]));
      let rerendered = 0;
      for (const path of paths) {
        const again = rendered.get(path);
        if (again !== first.get(path)) rerendered += 1;
        expect(again?.etag, path).toBe(first.get(path)?.etag);
        expect(again?.body.equals(first.get(path)?.body as Buffer), path).toBe(true);
      }
      expect(rerendered).toBeGreaterThan(0);
      // The subscription URLs and the home page are never dropped.
      for (const path of ['/', '/feed.xml', '/atom.xml', '/feed.json', '/feed.xsl']) {
        expect(rendered.get(path), path).toBe(first.get(path));
      }
    });
  });

  describe('when it replaces a site whose pages did not change', () => {
    it('keeps their representations (same bytes, ETag and Last-Modified) without rendering them', () => {
      const articles = makeArticles(65);
      const before = renderSite(makeSite(articles));
      const feed = before.get('/feed.xml');
      const page = before.get('/page/2/');
      expect(page).toBeDefined();
      const next = buildSite(before.site.settings, articles, LATER_THAN_EVERYTHING);
      const after = renderSite(next, { previous: before });
      expect(after.get('/feed.xml')).toBe(feed);
      expect(after.get('/page/2/')).toBe(page);
    });
  });
});
